"""sleep: pause with asyncio.sleep, never time.sleep, which would freeze
the event loop. First an async generator pauses a second before each of
its 5 values; then a ticker ticks twice, a second apart, while a napper
naps 3 s: in asyncio.sleep the ticker ticks on time, in time.sleep, which
holds the event loop, only once the nap is over.

This project's Python counterpart of sleep.go, function for function.
"""

import asyncio
import time


async def my_generator():
    for i in range(5):
        await asyncio.sleep(1)
        yield i


async def my_consumer():
    async for item in my_generator():
        print(f"generator ex1: {item}")


async def tick_while_napping(nap):
    """Run the ticker and a napper that naps with nap. Each line starts
    with the whole seconds since they started, on the loop's clock."""
    loop = asyncio.get_running_loop()
    start = loop.time()

    def since():
        return f"{int(loop.time() - start)}s"

    async def ticker():
        for n in range(1, 3):
            await asyncio.sleep(1)
            print(f"{since()} tick {n}")

    async def napper():
        print(f"{since()} napper: asleep")
        await nap()
        print(f"{since()} napper: awake")

    await asyncio.gather(
        asyncio.create_task(ticker(), name="ticker"),
        asyncio.create_task(napper(), name="napper"),
    )


async def nap_awaiting():
    """Give the loop up: the ticker runs meanwhile."""
    await asyncio.sleep(3)


async def nap_blocking():
    """Hold the event loop: no other task runs until it returns."""
    time.sleep(3)


async def main():
    await my_consumer()

    print()
    print("A ticker ticks while a napper naps 3s in asyncio.sleep:")
    await tick_while_napping(nap_awaiting)

    print()
    print("Now the napper naps 3s in time.sleep:")
    await tick_while_napping(nap_blocking)


if __name__ == "__main__":
    asyncio.run(main())
