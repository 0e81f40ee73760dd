"""generator: an async generator (10 values, one a second) and a plain one.

`async for` needs an async iterable: over a plain generator it raises
TypeError. The second consumer therefore uses a plain `for`, which is
allowed inside a coroutine; Go's for-range serves both cases.
"""

import asyncio


async def ticks(count: int):
    """Yield 0..count-1, pausing a second before each value."""
    for value in range(count):
        await asyncio.sleep(1)
        yield value


def one_to_five():
    """A plain generator: nothing to await, so it yields at once."""
    yield from (1, 2, 3, 4, 5)


async def main() -> None:
    async for value in ticks(10):
        print(f"generator ex1: {value}")
    for value in one_to_five():
        print(f"generator ex2: {value}")


if __name__ == "__main__":
    asyncio.run(main())
