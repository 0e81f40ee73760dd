//go:build race

package asyncio_test

// raceEnabled says whether the race detector is on: it makes every frame
// bigger, so tests of stack sizes skip under it.
const raceEnabled = true
