"""sleep: pause with `await asyncio.sleep`, never time.sleep.

time.sleep stops the whole event loop, and every other task with it;
asyncio.sleep suspends only the coroutine that calls it. After the post's
generator, a ticker shows it: it ticks on time while another task naps in
asyncio.sleep, and only once the nap is over while it naps in time.sleep.
"""

import asyncio
import time


async def ticks(count: int):
    for value in range(count):
        await asyncio.sleep(1)
        yield value


async def tick_while_napping(nap) -> None:
    """A ticker ticks twice, a second apart, while a napper naps."""
    start = time.monotonic()

    def since() -> str:
        return f"{int(time.monotonic() - start)}s"

    async def ticker() -> None:
        for n in (1, 2):
            await asyncio.sleep(1)
            print(f"{since()} tick {n}")

    async def napper() -> None:
        print(f"{since()} napper: asleep")
        await nap()
        print(f"{since()} napper: awake")

    await asyncio.gather(ticker(), napper())


async def nap_awaiting() -> None:
    await asyncio.sleep(3)  # suspends only this coroutine


async def nap_blocking() -> None:
    time.sleep(3)  # holds the event loop: nothing else runs


async def main() -> None:
    async for value in ticks(5):
        print(f"generator ex1: {value}")

    print()
    print("A ticker ticks while a napper naps 3s in asyncio.sleep:")
    await tick_while_napping(nap_awaiting)

    print()
    print("Now the napper naps 3s in time.sleep:")
    await tick_while_napping(nap_blocking)


if __name__ == "__main__":
    asyncio.run(main())
