"""queue: one producer, one consumer, an asyncio.Queue between them."""

import asyncio

STOP = None  # the end-of-jobs marker


async def produce(jobs: asyncio.Queue) -> None:
    for n in range(10):
        await jobs.put(n)
        await asyncio.sleep(1)
    await jobs.put(STOP)


async def consume(jobs: asyncio.Queue) -> None:
    while True:
        job = await jobs.get()
        jobs.task_done()
        if job is STOP:
            return
        print(job)


async def main() -> None:
    jobs: asyncio.Queue = asyncio.Queue()
    producer = asyncio.create_task(produce(jobs))
    consumer = asyncio.create_task(consume(jobs))
    await producer
    await jobs.join()  # every job taken and marked done
    consumer.cancel()  # already finished at the marker: a no-op


if __name__ == "__main__":
    asyncio.run(main())
