// Command rexasyncio runs the examples of a blog post about Python's asyncio,
// ported to Go on package asyncio: each prints its output as it happens, then
// the Go source that produced it. Run it with --help for the flags.
package main

import (
	"os"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

func main() {
	// The process examples re-execute this program as their child
	// processes: in one of those, this serves calls and never returns.
	process.ServeIfChild()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
