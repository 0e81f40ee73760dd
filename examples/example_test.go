package examples_test

import (
	"context"
	"fmt"
	"os"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
)

// Run an example as rexasyncio does. tothread takes no time at all; the
// others take up to 10 s of real time.
func ExampleLookup() {
	ex, ok := examples.Lookup("tothread")
	if !ok {
		return
	}
	err := asyncio.Run(context.Background(), func(ctx context.Context) error {
		return ex.Run(ctx, os.Stdout)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// Main function starting...
	// Async function starting...
	// Async function finished with result 499999500000.
	// Main function finished.
}

func ExampleAll() {
	for _, ex := range examples.All()[:3] {
		fmt.Printf("--%-10s %v\n", ex.Name, ex.Duration)
	}
	// Output:
	// --helloio    2s
	// --gather     1s
	// --generator  10s
}
