package examples

// RaceEnabled reports whether the race detector is built in, in which case
// ThreadLock skips its unlocked counter.
const RaceEnabled = raceEnabled
