"""Shared by the workload scripts: runs one workload and reports it as JSON.

Usage: python3 <workload>.py N K

The workload coroutine runs inside asyncio.run and only it is timed, as the Go
worker times only the workload. Before it starts, the process's peak RSS so far
is reported as the baseline, so that the parent can compute memory per task
from the final peak RSS it reads with getrusage.

The workload gets a Census as its third argument; the gather-and-sleep
workloads (b, f) use it to report how long creating their tasks took and how
many were alive at once, as the Go contenders do (bench/census.go).
"""

import asyncio
import json
import resource
import sys
import time

CENSUS_EVERY = 1024


class Census:
    """Counts the tasks alive at once: created() after each task is created,
    all_created(n) after the last, ended() as each task returns."""

    def __init__(self):
        self.start = time.perf_counter_ns()
        self.spawn_ns = 0
        self.gone = 0
        self.peak = 0

    def created(self, i):
        if i % CENSUS_EVERY == 0:
            self.peak = max(self.peak, i + 1 - self.gone)

    def all_created(self, n):
        self.spawn_ns = time.perf_counter_ns() - self.start
        self.peak = max(self.peak, n - self.gone)

    def ended(self):
        self.gone += 1


def main(workload):
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} N K")
    n, k = int(sys.argv[1]), int(sys.argv[2])
    out = {"base_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}

    async def timed():
        start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
        census = Census()
        out["check"] = await workload(n, k, census)
        out["wall_ns"] = time.perf_counter_ns() - start
        out["cpu_ns"] = time.process_time_ns() - start_cpu
        if census.spawn_ns:
            out["spawn_ns"], out["peak_live"] = census.spawn_ns, census.peak

    asyncio.run(timed())
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
