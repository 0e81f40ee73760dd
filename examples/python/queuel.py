"""queuel: 3 producers, 3 polling consumers, a queue guarded by a lock.

Each producer puts 0..9, one a second, then None. Each consumer checks the
queue every 0.1 s while holding the lock, and stops at its None.
"""

import asyncio

POLL = 0.1


async def produce(jobs: asyncio.Queue, lock: asyncio.Lock) -> None:
    for n in range(10):
        async with lock:
            await jobs.put(n)
        await asyncio.sleep(1)
    await jobs.put(None)


async def consume(jobs: asyncio.Queue, lock: asyncio.Lock) -> None:
    while True:
        async with lock:
            if not jobs.empty():
                job = await jobs.get()  # cannot block: not empty
                jobs.task_done()
                if job is None:
                    return
                print(job)
        await asyncio.sleep(POLL)


async def main() -> None:
    jobs: asyncio.Queue = asyncio.Queue()
    lock = asyncio.Lock()
    producers = [asyncio.create_task(produce(jobs, lock)) for _ in range(3)]
    consumers = [asyncio.create_task(consume(jobs, lock)) for _ in range(3)]
    await asyncio.gather(*producers, *consumers)
    await jobs.join()
    for task in consumers:
        task.cancel()  # all have returned already: a no-op


if __name__ == "__main__":
    asyncio.run(main())
