"""generator: an async generator (10 values, a second apart), then a
plain one (1 to 5 at once).

This project's Python counterpart of generator.go, function for function.
"""

import asyncio


async def my_generator():
    """The async generator: its state (i) lives on between yields."""
    for i in range(10):
        await asyncio.sleep(1)
        yield i


async def my_consumer():
    async for item in my_generator():
        print(f"generator ex1: {item}")


def my_generator2():
    """The plain generator: it never awaits."""
    for i in range(1, 6):
        yield i


def my_consumer2():
    # async for needs an async iterable: over a plain generator it raises
    # TypeError. A plain for serves, even inside a coroutine.
    for item in my_generator2():
        print(f"generator ex2: {item}")


async def main():
    await my_consumer()
    my_consumer2()


if __name__ == "__main__":
    asyncio.run(main())
