//go:build !unix

package main

import (
	"os"
	"time"
)

// maxRSSKB is unknown on this system: the report shows no memory.
func maxRSSKB(*os.ProcessState) int64 { return 0 }

// selfMaxRSSKB is unknown on this system.
func selfMaxRSSKB() int64 { return 0 }

// selfCPUTime is unknown on this system.
func selfCPUTime() time.Duration { return 0 }
