"""TestPython's harness: run a Python counterpart and stamp its lines.

    python3 -c "$(cat pyharness.py)" MODE NAME < program.py

runs the program read from stdin as __main__ (NAME is its file name, for
tracebacks) and prints "L <seconds> <line>" for each line it prints, the
seconds since it started, then "E <seconds>" when it ends.

MODE "virtual" runs asyncio on a virtual clock, as Go's testing/synctest
and asyncio.WithVirtualTime do: every event loop the program makes reads
one clock that stands still while the loop has work and, when it has none,
jumps to the next timer. Sleeps take no real time, and every run is the
same. The clock counts whole nanoseconds, as Go's time.Duration does, so
ten 0.1 s sleeps end at exactly 1 s, and timers due at the same instant
fire in the order they were set, as on Go's asyncio.RunLoop (heapq alone
would break such ties in no useful order). time.monotonic reads the clock
too, and time.sleep moves it on, holding up whatever thread called it:
the event loop, if it is the loop's. Work in other threads (to_thread)
takes no virtual time.

MODE "real" stamps lines with real time: for the threads examples, whose
threads block in time.sleep, which no event loop sees.
"""

import asyncio
import heapq
import itertools
import sys
import time


class VirtualClock:
    """The one clock every loop reads, in whole nanoseconds."""

    def __init__(self):
        self.now_ns = 0

    def seconds(self):
        return self.now_ns / 1e9

    def advance_to(self, when):
        self.now_ns = max(self.now_ns, round(when * 1e9))

    def sleep(self, seconds):
        self.now_ns += max(round(seconds * 1e9), 0)


CLOCK = VirtualClock()


class _Timer(asyncio.TimerHandle):
    """A timer that sorts after those set before it for the same instant."""

    __slots__ = ("_seq",)

    def __lt__(self, other):
        return (self._when, self._seq) < (other._when, other._seq)


class _IdleSelector:
    """A loop's selector that, where the loop would wait for a timer, polls
    for I/O (a thread's result) and, if there is none, moves the clock to
    the timer instead of sleeping."""

    def __init__(self, inner, loop):
        self._inner, self._loop = inner, loop

    def select(self, timeout=None):
        if timeout is None or timeout <= 0:
            return self._inner.select(timeout)
        events = self._inner.select(0)
        if not events:
            CLOCK.advance_to(self._loop._scheduled[0]._when)
        return events

    def __getattr__(self, name):
        return getattr(self._inner, name)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self._selector = _IdleSelector(self._selector, self)
        self._clock_resolution = 1e-10  # below the clock's nanosecond
        self._timer_seq = itertools.count()

    def time(self):
        return CLOCK.seconds()

    def call_at(self, when, callback, *args, context=None):
        self._check_closed()
        timer = _Timer(round(when * 1e9) / 1e9, callback, args, self,
                       context)
        timer._seq = next(self._timer_seq)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer


class Stamped:
    """stdout, each line stamped with clock()."""

    def __init__(self, out, clock):
        self.out, self.clock, self.pending = out, clock, ""

    def write(self, text):
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            self.out.write(f"L {self.clock():.6f} {line}\n")
            self.out.flush()
        return len(text)

    def flush(self):
        pass


def main():
    mode, name = sys.argv[1], sys.argv[2]
    if mode == "virtual":
        # asyncio.run makes its loop with events.new_event_loop.
        asyncio.events.new_event_loop = VirtualTimeLoop
        asyncio.new_event_loop = VirtualTimeLoop
        time.sleep, time.monotonic = CLOCK.sleep, CLOCK.seconds
        clock = CLOCK.seconds
    else:
        start = time.monotonic()

        def clock():
            return time.monotonic() - start
    code = compile(sys.stdin.read(), name, "exec")
    sys.stdout = Stamped(sys.__stdout__, clock)
    exec(code, {"__name__": "__main__", "__file__": name})
    sys.__stdout__.write(f"E {clock():.6f}\n")


main()
