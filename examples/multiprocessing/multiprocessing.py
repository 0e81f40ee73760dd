"""multiprocessing: children send greetings, one crashes, a pipe talks."""

import os
import sys

# Run as a script, this file's folder heads the import path, and this
# file, named multiprocessing.py, would hide the standard module of that
# name: take the folder off.
if os.path.realpath(sys.path[0] or ".") == os.path.dirname(
        os.path.realpath(__file__)):
    del sys.path[0]

import multiprocessing as mp  # noqa: E402

NAMES = ["ada", "grace", "ken"]


def greet(name: str, queue) -> None:
    queue.put(f"child {os.getpid()} says hello to {name}")


def crash() -> None:
    # An uncaught exception would end this child's process only too; an
    # exit without clean-up is closer to a crash.
    os._exit(2)


def shout(conn) -> None:
    """Send each message back upper case, until None."""
    while (message := conn.recv()) is not None:
        conn.send(message.upper())


def main() -> None:
    print(f"parent: process {os.getpid()}, with {len(NAMES)} child processes")

    queue = mp.Queue()
    children = [mp.Process(target=greet, args=(n, queue)) for n in NAMES]
    for child in children:
        child.start()
    for _ in children:
        print(queue.get())  # in the order they arrive
    for child in children:
        child.join()

    crasher = mp.Process(target=crash)
    crasher.start()
    crasher.join()
    print(f"child {crasher.pid} died (exit code {crasher.exitcode})")
    print("parent: still here")

    mine, theirs = mp.Pipe()
    shouter = mp.Process(target=shout, args=(theirs,))
    shouter.start()
    print(f"pipe: to process {shouter.pid}")
    for message in ["hello", "from", "python"]:
        mine.send(message)
        print(f"pipe: sent {message!r}, got {mine.recv()!r}")
    mine.send(None)
    shouter.join()
    print(f"pipe: child ended: exit code {shouter.exitcode}")


if __name__ == "__main__":  # children may import this file: no rerun
    main()
