"""thread: three threads sleep at the same time; join waits for all: 3 s."""

import threading
import time

# print writes the text, then the newline: two threads printing at once can
# interleave them. Holding a lock across the whole print keeps lines whole.
print_lock = threading.Lock()


def say(*args) -> None:
    with print_lock:
        print(*args)


def worker(n: int, results: list[int]) -> None:
    say(f"worker {n}: sleeping {n}s")
    time.sleep(n)  # blocks this thread only
    say(f"worker {n}: done")
    results[n - 1] = n * n  # a thread returns nothing: leave it here


def main() -> None:
    results = [0, 0, 0]
    threads = [
        threading.Thread(target=worker, args=(n, results)) for n in (1, 2, 3)
    ]
    say(f"main: starting {len(threads)} workers")
    for thread in threads:
        thread.start()
    say("main: waiting for them (join)")
    for thread in threads:
        thread.join()
    say("main: all done, results", results)


if __name__ == "__main__":
    main()
