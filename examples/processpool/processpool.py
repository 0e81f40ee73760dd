"""processpool: count primes sequentially, on threads, on processes."""

import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

BELOW, CHUNKS = 2_000_000, 20


def count_primes(bounds: tuple[int, int]) -> int:
    """Count the primes in [lo, hi) by trial division: CPU work only."""
    lo, hi = bounds
    return sum(1 for n in range(max(lo, 2), hi) if is_prime(n))


def is_prime(n: int) -> bool:
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def report(how: str, counts, took: float, base: float = 0) -> None:
    line = f"{how + ':':29} {sum(counts)} primes in {took:.3f}s"
    if base:
        line += f", {base / took:.1f}× as fast"
    print(line)


def main() -> None:
    ranges = [(i * BELOW // CHUNKS, (i + 1) * BELOW // CHUNKS)
              for i in range(CHUNKS)]
    cpus = os.cpu_count() or 1
    print(f"counting the primes below {BELOW} in {CHUNKS} chunks,"
          f" on {cpus} CPUs")

    start = time.perf_counter()
    counts = [count_primes(r) for r in ranges]
    sequential = time.perf_counter() - start
    report("sequential", counts, sequential)

    # Threads take turns holding the GIL: no faster than one.
    with ThreadPoolExecutor(max_workers=cpus) as pool:
        start = time.perf_counter()
        counts = list(pool.map(count_primes, ranges))
        report(f"ThreadPoolExecutor, {cpus} threads", counts,
               time.perf_counter() - start, sequential)

    # Each process has its own interpreter and GIL: every core works.
    with ProcessPoolExecutor(max_workers=cpus) as pool:
        start = time.perf_counter()
        counts = list(pool.map(count_primes, ranges))
        report(f"ProcessPoolExecutor, {cpus} processes", counts,
               time.perf_counter() - start, sequential)


if __name__ == "__main__":  # the children import this file: no rerun
    main()
