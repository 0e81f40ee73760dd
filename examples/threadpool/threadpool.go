// Package threadpool downloads five pages on a pool of three workers, as
// concurrent.futures.ThreadPoolExecutor does: first with Map, which returns
// the results in input order, then with Submit, taking each result as it
// arrives. A download only waits, as I/O does, so they overlap: 3 s each
// time, where one after another they take 7 s.
package threadpool

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Run plays the Python counterpart's main().
func Run(ctx context.Context, w io.Writer) error {
	delays := map[string]time.Duration{
		"/index": 1 * time.Second, "/blog": 2 * time.Second,
		"/about": 1 * time.Second, "/shop": 2 * time.Second,
		"/news": 1 * time.Second,
	}
	urls := []string{"/index", "/blog", "/about", "/shop", "/news"}

	// download stands in for an HTTP GET: it waits, using no CPU.
	download := func(ctx context.Context, url string) (string, error) {
		if err := asyncio.Sleep(ctx, delays[url]); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s %v", url, delays[url]), nil
	}

	pool := asyncio.NewExecutor(3)
	// Like leaving "with ThreadPoolExecutor() as pool": wait for the
	// workers to exit. Downloads fail only when ctx is cancelled, and then
	// the running ones return at once and the queued ones never start.
	defer pool.Shutdown(context.WithoutCancel(ctx))

	start := time.Now()
	pages, err := asyncio.Map(ctx, pool, urls, download)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "map:", strings.Join(pages, ", "))
	fmt.Fprintf(w, "map: %d downloads in %.1fs\n",
		len(pages), time.Since(start).Seconds())

	start = time.Now()
	tasks := make([]*asyncio.Task[string], len(urls))
	for i, url := range urls {
		get := func(ctx context.Context) (string, error) {
			return download(ctx, url)
		}
		if tasks[i], err = asyncio.Submit(ctx, pool, get); err != nil {
			return err
		}
	}
	for page, err := range asyncio.AsCompleted(ctx, tasks) {
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "submit: got", page)
	}
	fmt.Fprintf(w, "submit: %d downloads in %.1fs\n",
		len(tasks), time.Since(start).Seconds())
	return nil
}
