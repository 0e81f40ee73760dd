package process

import "syscall"

// dupTo makes newFD a copy of oldFD (some Linux ports lack dup2).
func dupTo(oldFD, newFD int) error { return syscall.Dup3(oldFD, newFD, 0) }
