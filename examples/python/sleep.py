"""sleep: pause with `await asyncio.sleep`, never time.sleep.

time.sleep would stop the whole event loop, and every other task with it;
asyncio.sleep suspends only the coroutine that calls it.
"""

import asyncio


async def ticks(count: int):
    for value in range(count):
        await asyncio.sleep(1)
        yield value


async def main() -> None:
    async for value in ticks(5):
        print(f"generator ex1: {value}")


if __name__ == "__main__":
    asyncio.run(main())
