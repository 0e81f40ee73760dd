"""tothread: run CPU-bound work in a worker thread and await its result."""

import asyncio
import sys

# This folder also holds queue.py, which would hide the standard library's
# queue module, needed by to_thread's thread pool: search this folder last.
sys.path.append(sys.path.pop(0))


def triangular(n: int) -> int:
    """Sum 0..n-1 the slow way: it holds the thread while it runs."""
    total = 0
    for k in range(n):
        total += k
    return total


async def worker() -> None:
    print("Async function starting...")
    # The event loop stays free while the thread computes.
    total = await asyncio.to_thread(triangular, 1_000_000)
    print(f"Async function finished with result {total}.")


async def main() -> None:
    print("Main function starting...")
    await worker()
    print("Main function finished.")


if __name__ == "__main__":
    asyncio.run(main())
