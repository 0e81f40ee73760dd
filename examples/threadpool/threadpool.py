"""threadpool: five downloads on a pool of three threads: 3 s, not 7 s."""

import time
from concurrent.futures import ThreadPoolExecutor, as_completed

DELAYS = {"/index": 1, "/blog": 2, "/about": 1, "/shop": 2, "/news": 1}


def download(url: str) -> str:
    """Stand in for an HTTP GET: wait, using no CPU."""
    time.sleep(DELAYS[url])
    return f"{url} {DELAYS[url]}s"


def main() -> None:
    urls = list(DELAYS)
    with ThreadPoolExecutor(max_workers=3) as pool:
        start = time.monotonic()
        # map yields the results in input order, each once it is ready.
        pages = list(pool.map(download, urls))
        print("map:", ", ".join(pages))
        print(f"map: {len(pages)} downloads in {time.monotonic() - start:.1f}s")

        start = time.monotonic()
        futures = [pool.submit(download, url) for url in urls]
        for future in as_completed(futures):
            print("submit: got", future.result())
        print(f"submit: {len(futures)} downloads in"
              f" {time.monotonic() - start:.1f}s")


if __name__ == "__main__":
    main()
