package asyncio_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

func TestMain(m *testing.M) {
	asyncio.ServeProcessWorker() // the ProcessExecutor tests re-execute this binary as their workers
	goleak.VerifyTestMain(m)
}
