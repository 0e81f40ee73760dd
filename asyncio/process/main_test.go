//go:build unix

package process_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

// modeEnv makes this test binary, started by a test, play a part instead of
// running the tests (see runMode).
const modeEnv = "PROCESSTEST_MODE"

func init() {
	// A child built with -race sleeps a second when it exits (GORACE's
	// atexit_sleep_ms), which would dominate these tests' run time.
	if g := os.Getenv("GORACE"); !strings.Contains(g, "atexit_sleep_ms") {
		os.Setenv("GORACE", strings.TrimSpace(g+" atexit_sleep_ms=0"))
	}
	holdStart()
}

func TestMain(m *testing.M) {
	if os.Getenv(modeEnv) == "unserved" {
		// A worker whose main forgot ServeIfChild.
		defer func() { fmt.Println("NewPool panicked:", recover()); os.Exit(0) }()
		process.NewPool(1)
		return
	}
	process.ServeIfChild() // the pools in these tests re-execute this binary as their workers
	if mode := os.Getenv(modeEnv); mode != "" {
		os.Exit(runMode(mode))
	}
	goleak.VerifyTestMain(m)
}

// runMode plays the part mode names, as a child of a test, and returns the
// exit status.
func runMode(mode string) int {
	switch mode {
	case "normal": // the program's ordinary main
		fmt.Println("ran normally")
		return 0
	case "silent": // a child that never says hello
		time.Sleep(time.Hour)
		return 0
	case "orphaning-parent": // a parent that dies with a worker and a grandchild
		ctx := context.Background()
		p := process.NewPool(1)
		grandchild, err := call(ctx, p, spawnDetached, struct{}{})
		if err != nil {
			fmt.Println(err)
			return 1
		}
		worker, err := call(ctx, p, pid, struct{}{})
		if err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Printf("worker %d grandchild %d\n", worker, grandchild)
		time.Sleep(time.Hour) // until the test kills this process
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown", modeEnv, mode)
	return 2
}

// holdStartEnv names a file: a child started with it waits, before it can
// become a worker, until the file exists.
const holdStartEnv = "PROCESSTEST_HOLD_START"

func holdStart() {
	path := os.Getenv(holdStartEnv)
	if path == "" {
		return
	}
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
