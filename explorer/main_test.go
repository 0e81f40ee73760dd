package explorer_test

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

// startRegexpClock starts the clock goroutine of regexp2 (chroma's regular
// expressions) outside any synctest bubble and keeps it running for longer
// than the tests, as cmd/rexasyncio's tests do: started by a highlight in a
// bubble, it would outlive the bubble.
func startRegexpClock() {
	re := regexp2.MustCompile("x", regexp2.None)
	re.MatchTimeout = 2 * time.Hour
	if _, err := re.MatchString("x"); err != nil {
		panic(err)
	}
}
