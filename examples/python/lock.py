"""lock: three workers fill one list, one at a time, 2 s each: 6 s."""

import asyncio


async def fill(lock: asyncio.Lock, shared: list[int]) -> None:
    # Holding the lock across the sleeps keeps each worker's 1, 2, 3
    # together: the others wait at `async with` until it is released.
    async with lock:
        for value in (1, 2, 3):
            if value > 1:
                await asyncio.sleep(1)
            shared.append(value)


async def main() -> None:
    lock = asyncio.Lock()
    shared: list[int] = []
    await asyncio.gather(*(fill(lock, shared) for _ in range(3)))
    print(shared)


if __name__ == "__main__":
    asyncio.run(main())
