"""Workload b: create N tasks that each sleep K milliseconds, then gather them."""

import asyncio

import harness


async def nap(i, seconds):
    await asyncio.sleep(seconds)
    return i


async def workload(n, ms, spawned):
    tasks = [asyncio.create_task(nap(i, ms / 1000)) for i in range(n)]
    spawned()
    return sum(await asyncio.gather(*tasks))


if __name__ == "__main__":
    harness.main(workload)
