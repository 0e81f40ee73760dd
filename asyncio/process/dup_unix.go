//go:build unix && !linux

package process

import "syscall"

// dupTo makes newFD a copy of oldFD.
func dupTo(oldFD, newFD int) error { return syscall.Dup2(oldFD, newFD) }
