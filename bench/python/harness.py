"""Shared by the workload scripts: runs one workload and reports it as JSON.

Usage: python3 <workload>.py N K

The workload coroutine runs inside asyncio.run and only it is timed, as the Go
worker times only the workload. It gets a third argument, spawned, to call once
it has created all its tasks (the sleeping workloads report when that was). Before it starts, the process's peak RSS so far
is reported as the baseline, so that the parent can compute memory per task
from the final peak RSS it reads with getrusage.
"""

import asyncio
import json
import resource
import sys
import time


def main(workload):
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} N K")
    n, k = int(sys.argv[1]), int(sys.argv[2])
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    out = {"base_rss_kb": base_kb}

    async def timed():
        start, start_cpu = time.perf_counter_ns(), time.process_time_ns()

        def spawned():
            out["spawn_ns"] = time.perf_counter_ns() - start

        out["check"] = await workload(n, k, spawned)
        out["wall_ns"] = time.perf_counter_ns() - start
        out["cpu_ns"] = time.process_time_ns() - start_cpu

    asyncio.run(timed())
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
