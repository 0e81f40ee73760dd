//go:build !unix

package process

import (
	"os"
	"os/exec"
)

// Where there are no process groups, only the worker itself is killed.

func newProcessGroup(*exec.Cmd) {}

func killProcessGroup(p *os.Process) { _ = p.Kill() }

func endProcessGroup() {}

func onParentDeath(func()) {}
