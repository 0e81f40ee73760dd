//go:build unix

package process

import (
	"os"
	"syscall"
)

// takeProtocolStdio moves the worker protocol off file descriptors 0 and 1,
// so that nothing the functions do with standard input and output can
// corrupt it: fd 0 becomes /dev/null and fd 1 a copy of stderr. The
// returned files are the protocol's, not inherited by the worker's own
// children.
func takeProtocolStdio() (in, out *os.File, err error) {
	inFD, err := syscall.Dup(0)
	if err != nil {
		return nil, nil, err
	}
	outFD, err := syscall.Dup(1)
	if err != nil {
		return nil, nil, err
	}
	syscall.CloseOnExec(inFD)
	syscall.CloseOnExec(outFD)
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return nil, nil, err
	}
	if err := dupTo(int(devNull.Fd()), 0); err != nil {
		return nil, nil, err
	}
	if err := dupTo(2, 1); err != nil {
		return nil, nil, err
	}
	devNull.Close()
	// os.Stdin and os.Stdout keep their descriptors, which now point to
	// /dev/null and stderr. (Replacing them would let the old *os.File be
	// finalized, closing fd 0 or 1.)
	return os.NewFile(uintptr(inFD), "worker-requests"), os.NewFile(uintptr(outFD), "worker-replies"), nil
}
