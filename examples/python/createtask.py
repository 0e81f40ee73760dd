"""createtask: three tasks run at once; awaiting them in turn takes 3 s."""

import asyncio


async def announce(delay: int, label: str) -> None:
    print(f"{label} started")
    await asyncio.sleep(delay)
    print(f"{label} finished")


async def main() -> None:
    # create_task schedules each coroutine; they start at the next await.
    tasks = [
        asyncio.create_task(announce(n, f"Task {n}"), name=f"Task {n}")
        for n in (1, 2, 3)
    ]
    for task in tasks:
        await task


if __name__ == "__main__":
    asyncio.run(main())
