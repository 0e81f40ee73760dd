//go:build !linux

package process

import (
	"os/exec"
	"sync/atomic"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// spawner starts a pool's workers. Only Linux has a parent-death signal, and
// the locked thread it needs (see spawn_linux.go); elsewhere a worker learns
// of its parent's death from its stdin closing.
type spawner struct{ stopped atomic.Bool }

func (s *spawner) start(cmd *exec.Cmd) error {
	if s.stopped.Load() {
		return asyncio.ErrExecutorShutdown
	}
	return cmd.Start()
}

func (s *spawner) stop() { s.stopped.Store(true) }
