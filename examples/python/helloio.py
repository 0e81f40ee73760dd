"""helloio: two coroutines awaited one after the other, 2 s in all."""

import asyncio


async def greet(number: int) -> None:
    print(f"Hello World {number}!")
    await asyncio.sleep(1)


async def main() -> None:
    # Each await finishes before the next line runs: sequential, not
    # concurrent, so the second greeting comes a second after the first.
    await greet(1)
    await greet(2)


if __name__ == "__main__":
    asyncio.run(main())
