//go:build !unix

package process

import "os"

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
