//go:build !unix

package asyncio

import (
	"os"
	"os/exec"
)

// newProcessGroup does nothing where process groups are not available: only
// the child itself is killed.
func newProcessGroup(*exec.Cmd) {}

func killProcessGroup(p *os.Process) { _ = p.Kill() }

// takeProtocolStdio keeps the protocol on the original stdin and stdout and
// points os.Stdin and os.Stdout elsewhere; writes to the underlying handles
// that bypass package os can still corrupt the protocol.
func takeProtocolStdio() (in, out *os.File, err error) {
	in, out = os.Stdin, os.Stdout
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, nil, err
	}
	os.Stdin, os.Stdout = devNull, os.Stderr
	return in, out, nil
}
