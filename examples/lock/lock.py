"""lock: three workers share a list, one at a time. Each holds the lock
for 2 s while it appends 1, 2 and 3: 6 s in all.

This project's Python counterpart of lock.go, function for function.
"""

import asyncio


async def worker(lock, data):
    # The lock keeps each worker's 1, 2, 3 together across its sleeps.
    # (On one thread, appending would be safe without it.)
    async with lock:
        # Access the shared resource.
        data.append(1)
        await asyncio.sleep(1)
        data.append(2)
        await asyncio.sleep(1)
        data.append(3)


async def main():
    lock = asyncio.Lock()
    data = []  # guarded by lock
    tasks = [
        asyncio.create_task(worker(lock, data), name=f"worker {i + 1}")
        for i in range(3)
    ]
    await asyncio.gather(*tasks)
    print(data)  # every worker is done: no lock needed


if __name__ == "__main__":
    asyncio.run(main())
