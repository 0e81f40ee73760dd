"""condition: the post's consumer stops after one item; a fixed one doesn't.

The post's consumer leaves its loop whenever it has emptied the list. The
producer adds one item a second, so the list is empty right after the first
item is taken, and the consumer is gone: items 2 to 5 are never consumed.
"""

import asyncio

ITEMS = 5


async def produce(cond: asyncio.Condition, box: list[int]) -> None:
    for item in range(1, ITEMS + 1):
        print(f"Producer put {item}")
        async with cond:
            box.append(item)
            cond.notify()
        await asyncio.sleep(1)


async def consume_like_the_post(cond: asyncio.Condition, box: list[int]):
    async with cond:
        while True:
            if not box:
                await cond.wait()
                continue
            print(f"Consumer got {box.pop(0)}")
            cond.notify()
            if not box:  # empty for now, not finished: the bug
                break


async def consume_all(cond: asyncio.Condition, box: list[int]) -> None:
    async with cond:
        for _ in range(ITEMS):
            # wait_for re-checks the predicate after every wake-up.
            await cond.wait_for(lambda: len(box) > 0)
            print(f"Consumer got {box.pop(0)}")


async def main() -> None:
    for consume in (consume_like_the_post, consume_all):
        if consume is consume_all:
            print()
            print("Again, with a corrected consumer that takes all five:")
        cond = asyncio.Condition()
        box: list[int] = []
        await asyncio.gather(consume(cond, box), produce(cond, box))


if __name__ == "__main__":
    asyncio.run(main())
