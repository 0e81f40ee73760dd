"""Workload b: create N tasks that each sleep K milliseconds, then gather them."""

import asyncio

import harness


async def nap(i, seconds, census):
    await asyncio.sleep(seconds)
    census.ended()
    return i


async def workload(n, ms, census):
    tasks = [asyncio.create_task(nap(i, ms / 1000, census)) for i in range(n)]
    # No task runs before this coroutine awaits, so census.created(i) would
    # always count every task as alive: all_created suffices.
    census.all_created(n)
    return sum(await asyncio.gather(*tasks))


if __name__ == "__main__":
    harness.main(workload)
