//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
	"time"
)

// rusageKiB converts ru_maxrss to KiB: Linux and the BSDs report KiB, macOS bytes.
func rusageKiB(maxrss int64) int64 {
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return maxrss / 1024
	}
	return maxrss
}

// maxRSSKB is the peak resident set size of a finished child, in KiB.
func maxRSSKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return rusageKiB(int64(ru.Maxrss))
	}
	return 0
}

// selfMaxRSSKB is this process's peak resident set size so far, in KiB.
func selfMaxRSSKB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return rusageKiB(int64(ru.Maxrss))
}

// selfCPUTime is the user+system CPU time this process has used so far.
func selfCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
