"""condition: the post's producer and consumer, then again with a
corrected consumer. The post's consumer stops after the first item: it
leaves as soon as the list is empty, and the list is empty after every
item. The corrected one takes all five. Each run takes 5 s.

This project's Python counterpart of condition.go, function for function.
"""

import asyncio


async def producer(condition, data):
    for i in range(5):
        # Produce some data.
        item = i + 1
        print(f"Producer put {item}")
        async with condition:
            # Add the data, and tell the consumer it is there.
            data.append(item)
            condition.notify()
        await asyncio.sleep(1)


async def consumer(condition, data):
    """The post's consumer, faithfully: it leaves when the list is empty,
    which it is as soon as it has taken item 1."""
    async with condition:
        while True:
            if len(data) == 0:
                # Wait for the producer to add data; wait releases the
                # lock while it waits and takes it again to return.
                await condition.wait()
                continue  # check again after being woken up
            # Access the shared data.
            item = data.pop(0)
            print(f"Consumer got {item}")
            # Notify the producer that the data has been consumed.
            condition.notify()
            # Exit the loop when there are no more items.
            if len(data) == 0:
                return


async def consume_all(condition, data):
    """The corrected consumer: an empty list only means "wait", and it
    stops after the 5 items the producer makes."""
    async with condition:
        for _ in range(5):
            # wait_for checks the predicate again after every wake-up.
            await condition.wait_for(lambda: len(data) > 0)
            item = data.pop(0)
            print(f"Consumer got {item}")


async def main_with(consume):
    """The post's main, with a choice of consumer."""
    condition = asyncio.Condition()
    data = []  # guarded by condition
    consumer_task = asyncio.create_task(
        consume(condition, data), name="consumer")
    producer_task = asyncio.create_task(
        producer(condition, data), name="producer")
    await asyncio.gather(consumer_task, producer_task)


async def main():
    await main_with(consumer)
    print()
    print("Again, with a corrected consumer that takes all five:")
    await main_with(consume_all)


if __name__ == "__main__":
    asyncio.run(main())
