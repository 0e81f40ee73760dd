"""queue: a producer hands jobs to a consumer through an asyncio.Queue,
one a second, then an end marker. The queue does its own locking.

This project's Python counterpart of queue.go, function for function.
"""

import asyncio

END_OF_JOBS = None  # the end marker: a value no real job can have


async def producer(queue):
    for i in range(10):
        await queue.put(i)
        await asyncio.sleep(1)
    await queue.put(END_OF_JOBS)


async def consumer(queue):
    while True:
        item = await queue.get()
        if item is END_OF_JOBS:
            queue.task_done()  # end of jobs
            return
        print(item)
        queue.task_done()


async def main():
    queue = asyncio.Queue()  # unbounded
    producer_task = asyncio.create_task(producer(queue), name="producer")
    consumer_task = asyncio.create_task(consumer(queue), name="consumer")
    await producer_task
    # join returns once every item put has been marked done.
    await queue.join()
    # The consumer has returned at the end marker (or is about to), so
    # this cancel changes nothing. Waiting for it makes sure no task
    # outlives main.
    consumer_task.cancel()
    await asyncio.wait([consumer_task])


if __name__ == "__main__":
    asyncio.run(main())
