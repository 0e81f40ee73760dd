"""ascomplete: take each result as soon as it is ready, fastest first:
task2 (1 s) before task1 (2 s), although task1 comes first.

This project's Python counterpart of ascomplete.go, function for function.
"""

import asyncio


async def task1():
    await asyncio.sleep(2)
    print("Task 1 is done")
    return True


async def task2():
    await asyncio.sleep(1)
    print("Task 2 is done")
    return True


async def do_all_the_tasks():
    task_list = [
        asyncio.create_task(task1(), name="task1"),
        asyncio.create_task(task2(), name="task2"),
    ]
    # as_completed yields awaitables in the order the tasks finish.
    for completed_task in asyncio.as_completed(task_list):
        results = await completed_task
        print(f"Task completed: {results}")


async def main():
    await do_all_the_tasks()


if __name__ == "__main__":
    asyncio.run(main())
