"""ascomplete: handle results as tasks finish, fastest first."""

import asyncio


async def report(number: int, seconds: float) -> bool:
    await asyncio.sleep(seconds)
    print(f"Task {number} is done")
    return True


async def main() -> None:
    pending = [
        asyncio.create_task(report(1, 2)),
        asyncio.create_task(report(2, 1)),
    ]
    # as_completed yields awaitables in the order the tasks finish.
    for next_done in asyncio.as_completed(pending):
        outcome = await next_done
        print(f"Task completed: {outcome}")


if __name__ == "__main__":
    asyncio.run(main())
