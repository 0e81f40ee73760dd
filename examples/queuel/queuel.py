"""queuel: three producers and three consumers share a queue and a lock.
Each producer puts 0 to 9, one a second; each consumer polls the queue
every 100 ms, under the lock, until it gets an end marker.

This project's Python counterpart of queuel.go, function for function.
"""

import asyncio

END_OF_JOBS = None  # the end marker: a value no real job can have


async def producer(queue, lock):
    for i in range(10):
        async with lock:
            await queue.put(i)
        await asyncio.sleep(1)
    await queue.put(END_OF_JOBS)


async def poll(queue, lock):
    """One turn of the consumer's loop: under the lock, take an item if
    there is one. Returns whether it took the end marker."""
    async with lock:
        if queue.empty():
            return False
        item = await queue.get()  # does not block: not empty
        if item is not END_OF_JOBS:
            print(item)
        queue.task_done()
        return item is END_OF_JOBS


async def consumer(queue, lock):
    while not await poll(queue, lock):
        await asyncio.sleep(0.1)


async def main():
    queue = asyncio.Queue()  # unbounded
    lock = asyncio.Lock()
    producers = [
        asyncio.create_task(producer(queue, lock), name=f"producer {i + 1}")
        for i in range(3)
    ]
    consumers = [
        asyncio.create_task(consumer(queue, lock), name=f"consumer {i + 1}")
        for i in range(3)
    ]
    await asyncio.gather(*producers, *consumers)
    await queue.join()
    # Every consumer has returned at its end marker: these cancels change
    # nothing, as in the post.
    for consumer_task in consumers:
        consumer_task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
