"""Workload a: create N tasks that return at once, then gather them."""

import asyncio

import harness


async def noop(i):
    return i


async def workload(n, _k, _census):
    tasks = [asyncio.create_task(noop(i)) for i in range(n)]
    return sum(await asyncio.gather(*tasks))


if __name__ == "__main__":
    harness.main(workload)
