"""Workload e: N tasks each take a Lock K times, yielding while holding it.

The yield (sleep(0)) lets every other task queue on the lock, so each release
hands it to the next waiter: N*K hand-offs in all.
"""

import asyncio

import harness


async def workload(ntasks, rounds, _census):
    lock = asyncio.Lock()
    count = 0

    async def worker():
        nonlocal count
        for _ in range(rounds):
            async with lock:
                await asyncio.sleep(0)
                count += 1

    await asyncio.gather(*[asyncio.create_task(worker()) for _ in range(ntasks)])
    return count


if __name__ == "__main__":
    harness.main(workload)
