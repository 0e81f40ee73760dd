"""taskgather: create the tasks first, then gather their results."""

import asyncio


async def job(number: int) -> str:
    print(f"Task {number} started")
    await asyncio.sleep(number)
    print(f"Task {number} finished")
    return f"Task {number} result"


async def main() -> None:
    jobs = [asyncio.create_task(job(n), name=f"task{n}") for n in (1, 2)]
    results = await asyncio.gather(*jobs)
    print("Results:")
    for text in results:
        print(text)


if __name__ == "__main__":
    asyncio.run(main())
