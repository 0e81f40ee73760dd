"""semaphore: at most 3 of 5 workers at a time: three work during the
first second, the other two during the next, 2 s in all.

This project's Python counterpart of semaphore.go, function for function.
"""

import asyncio


async def worker(semaphore):
    # The 4th and 5th workers wait here for a free permit.
    async with semaphore:
        # Do some work that requires access to the shared resource.
        print("Worker started")
        await asyncio.sleep(1)
        print("Worker finished")


async def main():
    # Create a semaphore with a limit of 3 concurrent tasks.
    semaphore = asyncio.Semaphore(3)
    # Create 5 tasks to access the shared resource.
    tasks = [
        asyncio.create_task(worker(semaphore), name=f"worker {i + 1}")
        for i in range(5)
    ]
    # Wait for all tasks to complete.
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    asyncio.run(main())
