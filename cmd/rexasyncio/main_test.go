package main

import (
	"testing"
	"time"

	"github.com/dlclark/regexp2/v2"
	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

func TestMain(m *testing.M) {
	// The process examples re-execute this test binary as their children.
	process.ServeIfChild()
	startRegexpClock()
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/dlclark/regexp2/v2.runClock"))
}

// startRegexpClock starts, outside any synctest bubble, the clock goroutine
// that regexp2 (chroma's regular expressions) uses for match timeouts, and
// keeps it running for longer than any test run.
//
// chroma gives every lexer rule a 250ms match timeout. regexp2 measures
// timeouts with a goroutine that it starts on the first timed match and stops
// about a second after the last. Started by a highlight inside a bubble, that
// goroutine would outlive the bubble (a synctest deadlock); started here, it
// is already running whenever a test highlights, and none is started again.
// It is the one goroutine goleak is told to ignore.
func startRegexpClock() {
	re := regexp2.MustCompile("x", regexp2.None)
	re.MatchTimeout = 2 * time.Hour
	if _, err := re.MatchString("x"); err != nil {
		panic(err)
	}
}
