"""event: three workers wait for an event set after 3 s; 5 s in all."""

import asyncio


async def fill(start: asyncio.Event, shared: list[int]) -> None:
    await start.wait()
    for value in (1, 2, 3):
        if value > 1:
            await asyncio.sleep(1)
        # No lock needed: only one coroutine runs at a time, and append
        # does not await.
        shared.append(value)


async def main() -> None:
    start = asyncio.Event()
    shared: list[int] = []
    workers = [asyncio.create_task(fill(start, shared)) for _ in range(3)]
    await asyncio.sleep(3)
    start.set()  # wakes all three at once
    await asyncio.gather(*workers)
    print(shared)


if __name__ == "__main__":
    asyncio.run(main())
