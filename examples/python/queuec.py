"""queuec: queuel with a Condition in place of the Lock.

The producers notify_all() after each put, but no consumer ever waits on
the condition: they poll every 0.1 s, holding its lock, as in queuel.
"""

import asyncio

POLL = 0.1


async def produce(jobs: asyncio.Queue, cond: asyncio.Condition) -> None:
    for n in range(10):
        async with cond:
            await jobs.put(n)
            cond.notify_all()  # nobody is waiting
        await asyncio.sleep(1)
    await jobs.put(None)


async def consume(jobs: asyncio.Queue, cond: asyncio.Condition) -> None:
    while True:
        async with cond:
            if not jobs.empty():
                job = await jobs.get()  # cannot block: not empty
                jobs.task_done()
                if job is None:
                    return
                print(job)
        await asyncio.sleep(POLL)


async def main() -> None:
    jobs: asyncio.Queue = asyncio.Queue()
    cond = asyncio.Condition()
    producers = [asyncio.create_task(produce(jobs, cond)) for _ in range(3)]
    consumers = [asyncio.create_task(consume(jobs, cond)) for _ in range(3)]
    await asyncio.gather(*producers, *consumers)
    await jobs.join()
    for task in consumers:
        task.cancel()  # all have returned already: a no-op


if __name__ == "__main__":
    asyncio.run(main())
