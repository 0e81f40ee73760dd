package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill the child if this process dies first,
// even by SIGKILL, so that no worker outlives an interrupted run.
func dieWithParent(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
