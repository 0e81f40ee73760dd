// Command rexasyncio runs the examples of a blog post about Python's asyncio,
// ported to Go on package asyncio: each prints its output as it happens, then
// the Go source that produced it. Run it with --help for the flags.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
