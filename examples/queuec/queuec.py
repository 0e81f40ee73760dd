"""queuec: queuel with a Condition in place of the Lock. The producers
also notify all waiters after each put, but the consumers never wait on
the condition, so they still poll every 100 ms.

This project's Python counterpart of queuec.go, function for function.
"""

import asyncio

END_OF_JOBS = None  # the end marker: a value no real job can have


async def producer(condition, queue):
    for i in range(10):
        async with condition:
            await queue.put(i)
            condition.notify_all()  # nobody is waiting
        await asyncio.sleep(1)
    await queue.put(END_OF_JOBS)


async def poll(condition, queue):
    """One turn of the consumer's loop: holding the condition's lock, take
    an item if there is one. Returns whether it took the end marker."""
    async with condition:
        if queue.empty():
            return False
        item = await queue.get()  # does not block: not empty
        if item is not END_OF_JOBS:
            print(item)
        queue.task_done()
        return item is END_OF_JOBS


async def consumer(condition, queue):
    while not await poll(condition, queue):
        await asyncio.sleep(0.1)


async def main():
    queue = asyncio.Queue()  # unbounded
    condition = asyncio.Condition()
    producers = [
        asyncio.create_task(
            producer(condition, queue), name=f"producer {i + 1}")
        for i in range(3)
    ]
    consumers = [
        asyncio.create_task(
            consumer(condition, queue), name=f"consumer {i + 1}")
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
