"""createtask: three tasks start at once, then main awaits each in turn:
3 s in all (the longest), not 1+2+3 s.

This project's Python counterpart of createtask.go, function for function.
"""

import asyncio


async def coroutine_func(delay, task_name):
    print(f"{task_name} started")
    await asyncio.sleep(delay)
    print(f"{task_name} finished")


async def main():
    # create_task schedules each coroutine; it starts at main's next await.
    task1 = asyncio.create_task(coroutine_func(1, "Task 1"), name="Task 1")
    task2 = asyncio.create_task(coroutine_func(2, "Task 2"), name="Task 2")
    task3 = asyncio.create_task(coroutine_func(3, "Task 3"), name="Task 3")

    for task in (task1, task2, task3):
        await task


if __name__ == "__main__":
    asyncio.run(main())
