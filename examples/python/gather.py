"""gather: two coroutines run concurrently, so the run takes 1 s, not 2."""

import asyncio


async def greet(number: int) -> bool:
    print(f"Hello World {number}!")
    await asyncio.sleep(1)
    return True


async def main() -> None:
    # gather wraps each coroutine in a task and returns their results in
    # argument order once all of them are done.
    for outcome in await asyncio.gather(greet(1), greet(2)):
        print(outcome)


if __name__ == "__main__":
    asyncio.run(main())
