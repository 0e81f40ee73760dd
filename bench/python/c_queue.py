"""Workload c: one producer puts N ints through a Queue(maxsize=K) to one consumer."""

import asyncio

import harness


async def workload(n, maxsize, _census):
    queue = asyncio.Queue(maxsize)

    async def produce():
        for i in range(n):
            await queue.put(i)
        return 0

    async def consume():
        total = 0
        for _ in range(n):
            total += await queue.get()
        return total

    tasks = [asyncio.create_task(produce()), asyncio.create_task(consume())]
    return sum(await asyncio.gather(*tasks))


if __name__ == "__main__":
    harness.main(workload)
