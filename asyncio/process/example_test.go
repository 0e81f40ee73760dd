//go:build unix

package process_test

import (
	"context"
	"fmt"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

// cube is registered at package initialisation, so that the workers, which
// are this program started again, have it too. The program's main (here,
// TestMain) calls process.ServeIfChild first.
var cube = process.Register("example.cube", func(_ context.Context, n int) (int, error) {
	return n * n * n, nil
})

func Example() {
	ctx := context.Background()
	pool := process.NewPool(2)
	defer pool.Shutdown(ctx)

	task, err := cube.Submit(ctx, pool, 3) // an *asyncio.Task[int]
	if err != nil {
		panic(err)
	}
	fmt.Println(task.Await(ctx))

	fmt.Println(cube.Map(ctx, pool, []int{1, 2, 3, 4}))
	// Output:
	// 27 <nil>
	// [1 8 27 64] <nil>
}
