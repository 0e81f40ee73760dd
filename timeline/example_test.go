package timeline_test

import (
	"fmt"
	"os"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// Package asyncio calls Record for you once the Recorder is installed with
// asyncio.WithRecorder; this example records by hand what a program that
// gathers two one-second sleeps would report, so that its times are exact.
func Example() {
	rec := timeline.NewRecorder()
	t0 := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	main := asyncio.TaskInfo{ID: 1, Name: "main"}
	record := func(at time.Duration, task asyncio.TaskInfo, kind asyncio.EventKind, block asyncio.BlockKind) {
		rec.Record(asyncio.TaskEvent{Time: t0.Add(at), Kind: kind, Task: task, Block: block})
	}
	record(0, main, asyncio.TaskCreated, asyncio.BlockNone)
	record(0, main, asyncio.TaskStarted, asyncio.BlockNone)
	for id, name := range map[uint64]string{2: "first", 3: "second"} {
		task := asyncio.TaskInfo{ID: id, Name: name, Parent: main.ID}
		record(0, task, asyncio.TaskCreated, asyncio.BlockNone)
		record(0, task, asyncio.TaskStarted, asyncio.BlockNone)
		record(0, task, asyncio.TaskBlocked, asyncio.BlockSleep)
		record(time.Second, task, asyncio.TaskResumed, asyncio.BlockSleep)
		record(time.Second, task, asyncio.TaskFinished, asyncio.BlockNone)
	}
	record(0, main, asyncio.TaskBlocked, asyncio.BlockTask)
	record(time.Second, main, asyncio.TaskResumed, asyncio.BlockTask)
	record(time.Second, main, asyncio.TaskFinished, asyncio.BlockNone)

	chart := rec.Chart()
	if err := chart.Render(os.Stdout, timeline.Options{Width: 40, ASCII: true}); err != nil {
		fmt.Println(err)
	}
	first, _ := chart.Row("first")
	second, _ := chart.Row("second")
	fmt.Println("overlap:", timeline.Overlap(first, second, timeline.State.Alive))
	// Output:
	// main   |-------------------------------|
	// first  |...............................|
	// second |...............................|
	//        +---------------+---------------+
	//        0s             0.5s            1s
	// took 1s  . sleeping  - awaiting tasks
	// overlap: 1s
}
