"""tothread: a blocking function runs in a worker thread, and the event
loop stays free while it does.

This project's Python counterpart of tothread.go, function for function.
"""

import asyncio


def blocking_function():
    """Heavy work that would block the event loop."""
    result = 0
    for i in range(1_000_000):
        result += i
    return result


async def async_function():
    print("Async function starting...")
    # Run blocking_function in another thread, and wait for its result.
    result = await asyncio.to_thread(blocking_function)
    print(f"Async function finished with result {result}.")


async def main():
    print("Main function starting...")
    await async_function()
    print("Main function finished.")


if __name__ == "__main__":
    asyncio.run(main())
