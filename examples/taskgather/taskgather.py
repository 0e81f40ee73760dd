"""taskgather: create two tasks, then gather their results, in the order
the tasks were passed.

This project's Python counterpart of taskgather.go, function for function.
"""

import asyncio


async def task1():
    print("Task 1 started")
    await asyncio.sleep(1)
    print("Task 1 finished")
    return "Task 1 result"


async def task2():
    print("Task 2 started")
    await asyncio.sleep(2)
    print("Task 2 finished")
    return "Task 2 result"


async def main():
    tasks = [
        asyncio.create_task(task1(), name="task1"),
        asyncio.create_task(task2(), name="task2"),
    ]
    results = await asyncio.gather(*tasks)
    print("Results:")
    for result in results:
        print(result)


if __name__ == "__main__":
    asyncio.run(main())
