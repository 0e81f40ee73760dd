package timeline

import "github.com/rexasyncio/rexasyncio/asyncio"

// State is what a task does during an Interval.
type State uint8

// The states of a task. The live states (Pending to Blocked) lie between a
// task's creation and its end; Done, Failed and Canceled follow its end to
// the end of the chart. Each has its own glyph, so charts read without colour.
const (
	NotCreated       State = iota // before the task was created; never in Row.Intervals
	Pending                       // created, not yet started: queued in an Executor
	Running                       // running (on goroutines, also ready to run)
	Ready                         // on an event loop: runnable, waiting for the loop (asyncio.TaskReady)
	Sleeping                      // asyncio.Sleep
	AwaitingTasks                 // Task.Await, Gather, Wait, AsCompleted, TaskGroup.Wait
	InThread                      // ToThread: waiting for work on another goroutine
	WaitingLock                   // Lock.Lock
	WaitingSemaphore              // Semaphore.Acquire
	WaitingEvent                  // Event.Wait
	WaitingCondition              // Condition.Wait
	WaitingBarrier                // Barrier.Wait
	WaitingQueue                  // Queue Put, Get and Join
	Blocked                       // blocked on something this package does not know
	Done                          // finished without error
	Failed                        // finished with an error other than cancellation
	Canceled                      // finished with an error matching context.Canceled
	numStates
)

// style is how a state is drawn: its legend label, its terminal glyphs, its
// ANSI SGR colour and its SVG fill.
type style struct {
	label          string
	unicode, ascii rune
	sgr            string
	fill           string
}

var styles = [numStates]style{
	NotCreated:       {"not created", ' ', ' ', "", "none"},
	Pending:          {"queued", '┄', ',', "2;36", "#cfd8dc"},
	Running:          {"running", '█', '#', "32", "#2e7d32"},
	Ready:            {"ready", '═', '=', "92", "#a5d6a7"},
	Sleeping:         {"sleeping", '░', '.', "34", "#64b5f6"},
	AwaitingTasks:    {"awaiting tasks", '╌', '-', "36", "#90a4ae"},
	InThread:         {"in a thread", '▓', 'T', "35", "#8e24aa"},
	WaitingLock:      {"lock", '▒', 'L', "33", "#f9a825"},
	WaitingSemaphore: {"semaphore", '▚', 'S', "93", "#ef6c00"},
	WaitingEvent:     {"event", '▄', 'E', "94", "#3949ab"},
	WaitingCondition: {"condition", '▀', 'C', "95", "#d81b60"},
	WaitingBarrier:   {"barrier", '▌', 'B', "91", "#6d4c41"},
	WaitingQueue:     {"queue", '▞', 'Q', "96", "#00acc1"},
	Blocked:          {"blocked", '?', '?', "37", "#616161"},
	Done:             {"done", ' ', ' ', "", "none"},
	Failed:           {"failed", '!', '!', "2;31", "#c62828"},
	Canceled:         {"canceled", '×', 'x', "2;37", "#9e9e9e"},
}

// String returns the state's name as the legend shows it, e.g. "running" or
// "lock" (waiting on a lock).
func (s State) String() string {
	if s < numStates {
		return styles[s].label
	}
	return "State(?)"
}

// Alive reports whether s is a state of a task between its creation and its
// end: Pending to Blocked.
func (s State) Alive() bool { return s >= Pending && s <= Blocked }

// Ended reports whether s is an outcome: Done, Failed or Canceled.
func (s State) Ended() bool { return s >= Done && s <= Canceled }

func (s State) glyph(ascii bool) rune {
	if ascii {
		return styles[s].ascii
	}
	return styles[s].unicode
}

// blockState is the state of a task blocked on k.
func blockState(k asyncio.BlockKind) State {
	switch k {
	case asyncio.BlockSleep:
		return Sleeping
	case asyncio.BlockTask:
		return AwaitingTasks
	case asyncio.BlockThread:
		return InThread
	case asyncio.BlockLock:
		return WaitingLock
	case asyncio.BlockSemaphore:
		return WaitingSemaphore
	case asyncio.BlockEvent:
		return WaitingEvent
	case asyncio.BlockCondition:
		return WaitingCondition
	case asyncio.BlockBarrier:
		return WaitingBarrier
	case asyncio.BlockQueue:
		return WaitingQueue
	}
	return Blocked
}
