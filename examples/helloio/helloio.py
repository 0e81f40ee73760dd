"""helloio: main awaits one coroutine, then the other: 2 s in all.

This project's Python counterpart of helloio.go, function for function.
"""

import asyncio


async def hello_world1():
    print("Hello World 1!")
    await asyncio.sleep(1)


async def hello_world2():
    print("Hello World 2!")
    await asyncio.sleep(1)


async def main():
    # await: the second coroutine starts only when the first is over.
    await hello_world1()
    # Do more stuff.
    await hello_world2()
    # Do even more stuff; return results, if any.


if __name__ == "__main__":
    asyncio.run(main())
