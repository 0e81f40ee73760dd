//go:build !race

package threadlock

// raceEnabled reports whether the race detector is built in (go build
// -race, go test -race). ThreadLock then skips its unlocked counter: that
// data race is exactly what the detector reports, failing the test run.
const raceEnabled = false
