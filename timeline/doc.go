// Package timeline draws charts of tasks over time from the lifecycle events
// that package asyncio reports to a Recorder: one row per task, each a bar of
// the task's states (queued, running, ready, sleeping, waiting on tasks, a
// thread, a lock, a semaphore, an event, a condition, a barrier or a queue,
// then done, failed or canceled) along a time axis. Render draws it in a terminal, SVG as a
// standalone image, and Rows, Overlap and MaxConcurrent let tests check what
// the chart shows.
//
// Install a Recorder with asyncio.WithRecorder before asyncio.Run, then chart
// what it saw:
//
//	rec := timeline.NewRecorder()
//	err := asyncio.Run(asyncio.WithRecorder(ctx, rec), main)
//	rec.Chart().Render(os.Stdout, timeline.Options{Width: 80})
//
// # Determinism
//
// A chart depends only on the events' timestamps and on the order of each
// task's own events, never on how the events of different tasks interleave.
// Under testing/synctest, where time is virtual, a program that always does
// the same things at the same instants therefore always draws the same chart,
// even though goroutines that wake at one instant run in no fixed order.
//
//   - A state that lasts no time (a task that blocks and resumes at one
//     instant, say) is dropped, so whether a call blocked for zero time or did
//     not block at all makes no difference.
//   - Rows are ordered by creation time, then by their parent's row (a task
//     created at the same instant as its parent comes after it), then by
//     name, numbers in names by value ("worker 2" before "worker 10"). Task
//     IDs are not used, because tasks created at one instant by different
//     goroutines get their IDs in a racy order; tasks that tie on all three
//     keys are ordered by what their rows show, so swapping them changes
//     nothing visible. Unnamed tasks are called "Task-<ID>" by package
//     asyncio, so give tasks names when charts must be reproducible.
//   - Identical workers that race for a lock, a permit or a queue item at one
//     instant win in no fixed order, so the chart shows the same bars with
//     their names shuffled. Chart.Canonical deals the names out in a fixed
//     way for golden tests.
//
// # The event loop
//
// On asyncio's event loop (asyncio.RunLoop) one task runs at a time: a task
// that its wait no longer holds back, but that waits for the loop to get
// to it, is ready (asyncio.TaskReady), drawn apart from running. So the
// chart of a loop shows at most one of its tasks running at any moment
// (an Executor's tasks run off the loop, on goroutines), and who waited
// while a task held the loop. On goroutines there is no such state: a
// task that can run is running.
//
// # Cells
//
// In the terminal each character cell covers an equal slice of the chart's
// time, so states shorter than a cell have to share it. The rule is:
//
//  1. If the task is alive for part of the cell, the cell shows the live
//     state that covers the most time in it; ties go to the state listed
//     later among the State constants (waits on primitives before threads,
//     tasks, sleeping and running). A task alive for only a sliver of a cell
//     still shows in it: before its creation and after its end count for
//     nothing.
//  2. A task whose whole life takes no time (created and finished at one
//     instant, or any task of a chart that lasts 0s) is drawn as one cell at
//     that instant: its outcome if it failed or was canceled, running
//     otherwise.
//  3. After its end a task shows its outcome: blank when done, a faint fill
//     when it failed or was canceled. A task that failed or was canceled in
//     the last cell shows its outcome in that cell.
//  4. Before its creation a task is blank.
//
// SVG has no cells: it draws every interval at its exact position.
//
// # Glyphs and colours
//
// Every state has a glyph of its own in both modes, so that charts read
// without colour (NO_COLOR, pipes, colour-blind readers); colour is a second
// cue, an ANSI SGR code per state.
//
//	state            Unicode  ASCII  colour (SGR)       SVG fill
//	running          █        #      green (32)         #2e7d32
//	ready            ═        =      bright green (92)  #a5d6a7
//	sleeping         ░        .      blue (34)          #64b5f6
//	awaiting tasks   ╌        -      cyan (36)          #90a4ae
//	in a thread      ▓        T      magenta (35)       #8e24aa
//	lock             ▒        L      yellow (33)        #f9a825
//	semaphore        ▚        S      bright yellow (93) #ef6c00
//	event            ▄        E      bright blue (94)   #3949ab
//	condition        ▀        C      bright magenta(95) #d81b60
//	barrier          ▌        B      bright red (91)    #6d4c41
//	queue            ▞        Q      bright cyan (96)   #00acc1
//	blocked (other)  ?        ?      white (37)         #616161
//	failed           !        !      dim red (2;31)     #c62828, faint
//	canceled         ×        x      dim (2;37)         #9e9e9e, faint
//	done             blank    blank
//	not created yet  blank    blank
package timeline
