//go:build unix

package process

import (
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// newProcessGroup makes the worker the leader of a new process group, so
// that killProcessGroup also reaches the processes it starts.
func newProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// killProcessGroup sends SIGKILL to p's process group, and to p itself in
// case it has left the group.
func killProcessGroup(p *os.Process) {
	_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	_ = p.Kill()
}

// endProcessGroup, in a worker, kills the worker's process group, the
// worker included, if the worker leads it (as the pool arranges): never a
// group it merely belongs to, such as its shell's.
func endProcessGroup() {
	if pid := os.Getpid(); syscall.Getpgrp() == pid {
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}
}

// onParentDeath, in a worker, calls end when the worker receives SIGTERM:
// the signal the kernel sends it on Linux when its parent dies (see
// spawner), and the usual request to stop.
func onParentDeath(end func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	go func() {
		<-c
		end()
		os.Exit(1)
	}()
}
