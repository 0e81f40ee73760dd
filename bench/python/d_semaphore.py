"""Workload d: N tasks each pass through a Semaphore(K), yielding once inside."""

import asyncio

import harness


async def workload(n, permits, _census):
    sem = asyncio.Semaphore(permits)

    async def job(i):
        async with sem:
            await asyncio.sleep(0)
        return i

    tasks = [asyncio.create_task(job(i)) for i in range(n)]
    return sum(await asyncio.gather(*tasks))


if __name__ == "__main__":
    harness.main(workload)
