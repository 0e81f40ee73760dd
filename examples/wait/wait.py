"""wait: wait_for gives a 2 s task 1 s and times out; then wait waits for
two tasks (1 s and 2 s): 3 s in all.

This project's Python counterpart of wait.go, function for function.
"""

import asyncio


async def task():
    await asyncio.sleep(2)
    return 1


async def task1():
    await asyncio.sleep(1)
    return 1


async def task2():
    await asyncio.sleep(2)
    return 2


async def main():
    # wait_for: the timeout cancels the task and raises TimeoutError
    # (asyncio.TimeoutError is the same class since Python 3.11).
    try:
        result = await asyncio.wait_for(task(), timeout=1)
    except TimeoutError:
        print("Timed out!")
    else:
        print(result)

    # wait: block until every task is done, then read their results.
    f1 = asyncio.create_task(task1(), name="task1")
    f2 = asyncio.create_task(task2(), name="task2")
    done, _pending = await asyncio.wait([f1, f2])
    # done is a set, in no order: print in argument order, as Go does.
    for f in (f1, f2):
        if f in done:
            print(f.result())


if __name__ == "__main__":
    asyncio.run(main())
