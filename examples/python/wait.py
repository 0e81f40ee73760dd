"""wait: wait_for times out after 1 s; then wait for two tasks (2 s)."""

import asyncio


async def value_after(seconds: float, value: int) -> int:
    await asyncio.sleep(seconds)
    return value


async def main() -> None:
    # wait_for cancels the coroutine when the timeout expires and raises
    # TimeoutError (asyncio.TimeoutError is the same class since 3.11).
    try:
        value = await asyncio.wait_for(value_after(2, 1), timeout=1)
    except TimeoutError:
        print("Timed out!")
    else:
        print(value)

    first = asyncio.create_task(value_after(1, 1))
    second = asyncio.create_task(value_after(2, 2))
    done, _pending = await asyncio.wait({first, second})
    # done is a set, whose order is not defined: take the tasks in the
    # order they were created, as Go's asyncio.Wait returns them.
    for finished in (first, second):
        if finished in done:
            print(finished.result())


if __name__ == "__main__":
    asyncio.run(main())
