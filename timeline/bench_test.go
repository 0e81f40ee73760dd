package timeline_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// BenchmarkSpawnAwait measures what recording costs a task: CreateTask then
// Await of a task that returns at once,
//
//   - plain: no recorder installed (what every program pays; the hook is one
//     context lookup per task and per blocking call);
//   - nop: asyncio.WithRecorder with a RecorderFunc that does nothing (the
//     hook's own cost: the task's observer and its five or so events);
//   - timeline: a timeline.Recorder installed (the hook plus storing events).
//
// The recorder is replaced every 4096 tasks in every variant, so that its
// memory stays bounded however long the benchmark runs.
//
//	go test -run '^$' -bench SpawnAwait -benchmem -count 6 ./timeline
func BenchmarkSpawnAwait(b *testing.B) {
	for _, v := range recorderVariants {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			ctx := v.ctx()
			n := 0
			for b.Loop() {
				if n++; n%4096 == 0 {
					ctx = v.ctx()
				}
				spawnAwait(b, ctx)
			}
		})
	}
}

var recorderVariants = []struct {
	name string
	ctx  func() context.Context
}{
	{"plain", context.Background},
	{"nop", func() context.Context {
		return asyncio.WithRecorder(context.Background(), asyncio.RecorderFunc(func(asyncio.TaskEvent) {}))
	}},
	{"timeline", func() context.Context {
		return asyncio.WithRecorder(context.Background(), timeline.NewRecorder())
	}},
}

func spawnAwait(b *testing.B, ctx context.Context) {
	task := asyncio.CreateTask(ctx, func(context.Context) (int, error) { return 1, nil })
	if _, err := task.Await(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRecorderOverhead runs the three variants of BenchmarkSpawnAwait
// in turns, 1024 tasks at a time, so that they share whatever load the
// machine has, and reports each one's time per task and the overhead of nop
// and timeline over plain in percent. Its ns/op is that of a round of three.
//
//	go test -run '^$' -bench RecorderOverhead -count 6 ./timeline
func BenchmarkRecorderOverhead(b *testing.B) {
	const batch = 1024
	var spent [3]time.Duration
	tasks := 0
	for b.Loop() {
		for i, v := range recorderVariants {
			ctx := v.ctx()
			start := time.Now()
			for range batch {
				spawnAwait(b, ctx)
			}
			spent[i] += time.Since(start)
		}
		tasks += batch
	}
	per := func(i int) float64 { return float64(spent[i].Nanoseconds()) / float64(tasks) }
	b.ReportMetric(per(0), "plain-ns/task")
	b.ReportMetric(per(1), "nop-ns/task")
	b.ReportMetric(per(2), "timeline-ns/task")
	b.ReportMetric(100*(per(1)/per(0)-1), "nop-%")
	b.ReportMetric(100*(per(2)/per(0)-1), "timeline-%")
}

// BenchmarkChart measures building and drawing the chart of a recording of
// 100 tasks with 5 events each.
func BenchmarkChart(b *testing.B) {
	var tasks []task
	tasks = append(tasks, task{"main", "", "created@0s started@0s blocked:task@0s resumed:task@10s finished@10s"})
	for i := range 100 {
		tasks = append(tasks, task{
			name: "worker-" + string(rune('a'+i%26)) + string(rune('a'+i/26)), parent: "main",
			events: "created@0s started@0s blocked:sleep@0s resumed:sleep@" + string(rune('1'+i%9)) + "s finished@9s",
		})
	}
	evs := events(b, tasks, nil)
	b.ReportAllocs()
	for b.Loop() {
		c := timeline.NewChart(evs)
		if err := c.Render(discard{}, timeline.Options{Width: 120, Color: true}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkRecord measures Recorder.Record alone, from one goroutine and from
// all of them at once (tasks on every core recording into one Recorder). The
// Recorder is replaced every 1<<16 events to bound its memory.
func BenchmarkRecord(b *testing.B) {
	e := asyncio.TaskEvent{Time: time.Now(), Kind: asyncio.TaskBlocked, Block: asyncio.BlockSleep,
		Task: asyncio.TaskInfo{ID: 7, Name: "worker 7", Parent: 1}}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		rec, n := timeline.NewRecorder(), 0
		for b.Loop() {
			if n++; n%(1<<16) == 0 {
				rec = timeline.NewRecorder()
			}
			rec.Record(e)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		var rec atomic.Pointer[timeline.Recorder]
		var n atomic.Int64
		rec.Store(timeline.NewRecorder())
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if n.Add(1)%(1<<16) == 0 {
					rec.Store(timeline.NewRecorder())
				}
				rec.Load().Record(e)
			}
		})
	})
}
