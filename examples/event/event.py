"""event: three workers wait until main sets an event after 3 s; then they
run together, appending 1, 2 and 3 a second apart: 5 s in all.

This project's Python counterpart of event.go, function for function.
"""

import asyncio


async def worker(event, data):
    # Wait for the event to be set.
    await event.wait()
    # Access the shared resource. One thread runs every task, so the list
    # needs no lock (the Go form's workers run in parallel: it needs one).
    data.append(1)
    await asyncio.sleep(1)
    data.append(2)
    await asyncio.sleep(1)
    data.append(3)


async def main():
    event = asyncio.Event()
    data = []
    tasks = [
        asyncio.create_task(worker(event, data), name=f"worker {i + 1}")
        for i in range(3)
    ]
    await asyncio.sleep(3)
    event.set()  # wake every waiting worker
    await asyncio.gather(*tasks)
    print(data)


if __name__ == "__main__":
    asyncio.run(main())
