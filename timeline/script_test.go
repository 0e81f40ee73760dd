package timeline_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// task is a synthetic task for table tests: its name, its parent's name ("" at
// the top) and its events, written as in asyncio's own tests:
// "created@0s started@0s blocked:sleep@0s resumed:sleep@1s finished@1s".
// "failed@2s" is a TaskFinished with an error; "ready@1s" a TaskReady, as an
// event loop reports a woken task that waits for its turn.
type task struct {
	name, parent string
	events       string
}

var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

var blockKinds = map[string]asyncio.BlockKind{
	"sleep": asyncio.BlockSleep, "task": asyncio.BlockTask, "thread": asyncio.BlockThread,
	"lock": asyncio.BlockLock, "semaphore": asyncio.BlockSemaphore, "event": asyncio.BlockEvent,
	"condition": asyncio.BlockCondition, "barrier": asyncio.BlockBarrier, "queue": asyncio.BlockQueue,
	"none": asyncio.BlockNone,
}

var errBoom = errors.New("boom")

// events turns tasks into the events a recorder would see, each task's in
// order, tasks interleaved as rng decides (nil: one task after the other);
// task IDs are assigned in a random order too, as racing creators would get.
func events(t testing.TB, tasks []task, rng *rand.Rand) []asyncio.TaskEvent {
	t.Helper()
	ids := make(map[string]uint64)
	perm := make([]int, len(tasks))
	for i := range perm {
		perm[i] = i
	}
	if rng != nil {
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	}
	for i, p := range perm {
		ids[tasks[p].name] = uint64(i + 1)
	}
	var queues [][]asyncio.TaskEvent
	for _, tk := range tasks {
		info := asyncio.TaskInfo{ID: ids[tk.name], Name: tk.name, Parent: ids[tk.parent]}
		var q []asyncio.TaskEvent
		for _, word := range strings.Fields(tk.events) {
			what, at, ok := strings.Cut(word, "@")
			d, err := time.ParseDuration(at)
			if !ok || err != nil {
				t.Fatalf("bad event %q", word)
			}
			e := asyncio.TaskEvent{Time: epoch.Add(d), Task: info}
			kind, block, _ := strings.Cut(what, ":")
			switch kind {
			case "created":
				e.Kind = asyncio.TaskCreated
			case "started":
				e.Kind = asyncio.TaskStarted
			case "blocked", "resumed":
				e.Kind = asyncio.TaskBlocked
				if kind == "resumed" {
					e.Kind = asyncio.TaskResumed
				}
				b, ok := blockKinds[block]
				if !ok {
					t.Fatalf("bad block kind in %q", word)
				}
				e.Block = b
			case "ready":
				e.Kind = asyncio.TaskReady
			case "finished":
				e.Kind = asyncio.TaskFinished
			case "failed":
				e.Kind, e.Err = asyncio.TaskFinished, errBoom
			case "canceled":
				e.Kind, e.Err = asyncio.TaskCanceled, fmt.Errorf("stopped: %w", context.Canceled)
			default:
				t.Fatalf("bad event %q", word)
			}
			q = append(q, e)
		}
		queues = append(queues, q)
	}
	var out []asyncio.TaskEvent
	for {
		var open []int
		for i, q := range queues {
			if len(q) > 0 {
				open = append(open, i)
			}
		}
		if len(open) == 0 {
			return out
		}
		i := open[0]
		if rng != nil {
			i = open[rng.IntN(len(open))]
		}
		out = append(out, queues[i][0])
		queues[i] = queues[i][1:]
	}
}
