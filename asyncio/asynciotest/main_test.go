package asynciotest_test

import (
	"os"
	"testing"

	"github.com/rexasyncio/rexasyncio/asyncio/asynciotest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// The package's own tests and its Example pin the seeds' base, so that
	// their output does not depend on the caller's environment; the tests
	// of SeedEnv set it themselves.
	os.Unsetenv(asynciotest.SeedEnv)
	goleak.VerifyTestMain(m)
}
