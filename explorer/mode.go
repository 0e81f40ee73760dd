package explorer

import (
	"context"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Mode is how an example's tasks are scheduled: the "mode" query parameter
// of the recording and live endpoints.
type Mode string

// The modes. Goroutines is the default.
const (
	// Goroutines runs every task on a goroutine of its own, in parallel, as
	// asyncio.Run does.
	Goroutines Mode = "goroutines"
	// Loop runs one task at a time, in CPython's first-in-first-out order,
	// on asyncio's event loop. It is not available until package asyncio
	// has the loop; asking for it until then is answered 501.
	Loop Mode = "loop"
)

// modeSpec is a mode the explorer knows, and how it runs an example's main.
type modeSpec struct {
	Mode  Mode   `json:"name"`
	Title string `json:"title"`
	// run runs main as the root task of a run in this mode, as asyncio.Run
	// does; nil until the mode exists in package asyncio.
	run       func(ctx context.Context, main func(context.Context) error) error
	Available bool `json:"available"`
}

// modes lists the modes in the order the page offers them, the default first.
// When the event loop lands, Loop's run is asyncio.RunLoop:
//
//	run: func(ctx context.Context, main func(context.Context) error) error {
//		return asyncio.RunLoop(ctx, main)
//	},
var modes = func() []modeSpec {
	ms := []modeSpec{
		{Mode: Goroutines, Title: "free goroutines", run: asyncio.Run},
		{Mode: Loop, Title: "event loop"},
	}
	for i := range ms {
		ms[i].Available = ms[i].run != nil
	}
	return ms
}()

// lookupMode returns the spec of the named mode, the default for "".
func lookupMode(name string) (modeSpec, bool) {
	if name == "" {
		return modes[0], true
	}
	for _, m := range modes {
		if string(m.Mode) == name {
			return m, true
		}
	}
	return modeSpec{}, false
}
