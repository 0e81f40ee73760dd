//go:build race

package examples_test

// raceEnabled reports whether the race detector is built in, in which case
// threadlock skips its unlocked counter.
const raceEnabled = true
