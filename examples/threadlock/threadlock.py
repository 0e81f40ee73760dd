"""threadlock: ten threads add 1 to a shared counter, 100 times each."""

import itertools
import threading
import time

WORKERS, TIMES = 10, 100
WANT = WORKERS * TIMES


def hammer(add) -> None:
    """Call add TIMES times on each of WORKERS threads; wait for them."""

    def work() -> None:
        for _ in range(TIMES):
            add()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    print(f"{WORKERS} workers each add 1 to a shared counter {TIMES} times:"
          f" {WANT} in all")

    # Without a lock. The GIL runs one thread at a time, but a thread can
    # lose it between the read and the write: sleep(0) makes sure it does.
    counter = 0

    def unlocked() -> None:
        nonlocal counter
        n = counter  # read
        time.sleep(0)  # others read the same n and write n + 1...
        counter = n + 1  # ...and this write overwrites theirs

    hammer(unlocked)
    if counter < WANT:
        print(f"without a lock: {counter}, short of {WANT}: updates were lost")
    else:
        print(f"without a lock: {counter}: none lost this time, by luck")

    # With a lock: one thread at a time inside "with lock".
    lock = threading.Lock()
    counter = 0

    def locked() -> None:
        nonlocal counter
        with lock:
            n = counter
            time.sleep(0)  # others may run, but not in here
            counter = n + 1

    hammer(locked)
    print(f"with a lock:    {counter}")

    # Python has no atomic integers. next() on an itertools.count is one
    # call into C, which the GIL never splits: atomic in CPython, in fact.
    ticks = itertools.count(1)
    hammer(lambda: next(ticks))
    print(f"atomically:     {next(ticks) - 1}")


if __name__ == "__main__":
    main()
