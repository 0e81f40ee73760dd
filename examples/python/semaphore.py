"""semaphore: at most 3 of 5 workers at a time, so 2 s in all."""

import asyncio


async def work(gate: asyncio.Semaphore) -> None:
    async with gate:  # the 4th and 5th wait here for a free permit
        print("Worker started")
        await asyncio.sleep(1)
        print("Worker finished")


async def main() -> None:
    gate = asyncio.Semaphore(3)
    await asyncio.gather(*(work(gate) for _ in range(5)))


if __name__ == "__main__":
    asyncio.run(main())
