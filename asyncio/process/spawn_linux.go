package process

import (
	"os/exec"
	"runtime"
	"sync"
	"syscall"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// spawner starts a pool's workers with a parent-death signal (Pdeathsig):
// the kernel sends a worker SIGTERM when its parent dies, even by SIGKILL,
// and the worker then kills its process group (see onParentDeath). The
// kernel sends it when the thread that started the worker ends, not the
// process (go.dev/issue/27505), and the Go runtime ends a thread when a
// goroutine locked to it exits; so the workers are started from a goroutine
// of the pool's, locked to its thread until the pool has reaped them all.
type spawner struct {
	mu      sync.Mutex
	reqs    chan spawnRequest // nil until the first start
	stopped bool
	done    chan struct{} // closed when the goroutine has returned
}

type spawnRequest struct {
	cmd *exec.Cmd
	err chan<- error
}

// start starts cmd on the spawner's thread. It returns
// asyncio.ErrExecutorShutdown after stop.
func (s *spawner) start(cmd *exec.Cmd) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGTERM
	errc := make(chan error, 1)
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return asyncio.ErrExecutorShutdown
	}
	if s.reqs == nil {
		s.reqs, s.done = make(chan spawnRequest), make(chan struct{})
		go s.run(s.reqs, s.done)
	}
	s.reqs <- spawnRequest{cmd, errc} // run never takes s.mu
	s.mu.Unlock()
	return <-errc
}

func (s *spawner) run(reqs <-chan spawnRequest, done chan<- struct{}) {
	defer close(done)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for r := range reqs {
		r.err <- r.cmd.Start()
	}
}

// stop ends the spawner's goroutine, once no worker it started is alive.
func (s *spawner) stop() {
	s.mu.Lock()
	s.stopped = true
	reqs, done := s.reqs, s.done
	s.reqs = nil
	s.mu.Unlock()
	if reqs != nil {
		close(reqs)
		<-done
	}
}
