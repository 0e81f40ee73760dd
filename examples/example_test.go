package examples_test

import (
	"context"
	"fmt"
	"os"

	"github.com/rexasyncio/rexasyncio/examples"
)

// Run an example as rexasyncio does, in its default mode: the post's
// examples on the event loop. tothread takes no time at all; the others
// take up to 10 s of real time.
func ExampleLookup() {
	ex, ok := examples.Lookup("tothread")
	if !ok {
		return
	}
	if err := ex.RunMain(context.Background(), os.Stdout, ""); err != nil {
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

// On the event loop, the default for the post's examples, gather's two
// tasks first run when main blocks in Gather, one at a time, in the order
// they were created: every run prints "Hello World 1!" first, as CPython
// does. (With examples.Goroutines they run in parallel, in no fixed order.)
// It takes a second of real time.
func ExampleExample_RunMain() {
	ex, ok := examples.Lookup("gather")
	if !ok {
		return
	}
	if err := ex.RunMain(context.Background(), os.Stdout, examples.Loop); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Hello World 1!
	// Hello World 2!
	// true
	// true
}
