package explorer

import (
	"slices"

	"github.com/rexasyncio/rexasyncio/examples"
)

// Mode is how an example's tasks are scheduled: the "mode" query parameter
// of the recording and live endpoints. The modes are package examples'.
type Mode string

// The modes, in the order the page offers them.
const (
	// Loop runs one task at a time, in CPython's first-in-first-out order,
	// on asyncio's event loop (asyncio.RunLoop). The post's examples run
	// so by default.
	Loop Mode = Mode(examples.Loop)
	// Goroutines runs every task on a goroutine of its own, in parallel, as
	// asyncio.Run does. The threads and processes run so, and only so.
	Goroutines Mode = Mode(examples.Goroutines)
)

// modeSpec is a mode the explorer knows, as the list of examples shows it.
type modeSpec struct {
	Mode      Mode   `json:"name"`
	Title     string `json:"title"`
	Available bool   `json:"available"`
}

// modes lists the modes in the order the page offers them. Each example runs
// in some of them (its "modes" in the list), its default first.
var modes = []modeSpec{
	{Mode: Loop, Title: "event loop", Available: true},
	{Mode: Goroutines, Title: "free goroutines", Available: true},
}

// modesOf returns the modes ex runs in, its default first.
func modesOf(ex examples.Example) []Mode {
	var ms []Mode
	for _, m := range ex.Modes() {
		ms = append(ms, Mode(m))
	}
	return ms
}

// lookupMode returns the spec of the named mode for ex, its default for "",
// and whether ex runs in that mode.
func lookupMode(ex examples.Example, name string) (modeSpec, bool) {
	ms := modesOf(ex)
	if name == "" {
		name = string(ms[0])
	}
	i := slices.IndexFunc(modes, func(m modeSpec) bool { return string(m.Mode) == name })
	if i < 0 || !slices.Contains(ms, Mode(name)) {
		return modeSpec{}, false
	}
	return modes[i], true
}
