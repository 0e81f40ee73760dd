"""gather: two coroutines run concurrently, so the run takes 1 s, not 2 s.

This project's Python counterpart of gather.go, function for function.
"""

import asyncio


async def hello_world1():
    print("Hello World 1!")
    await asyncio.sleep(1)
    return True


async def hello_world2():
    print("Hello World 2!")
    await asyncio.sleep(1)
    return True


async def main():
    # gather would wrap bare coroutines in tasks; we create the tasks
    # ourselves, as the Go form must.
    results = await asyncio.gather(
        asyncio.create_task(hello_world1(), name="hello_world1"),
        asyncio.create_task(hello_world2(), name="hello_world2"),
    )
    # The results come in argument order, whichever task finished first.
    for result in results:
        print(result)


if __name__ == "__main__":
    asyncio.run(main())
