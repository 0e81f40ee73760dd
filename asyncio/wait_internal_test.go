package asyncio

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func watcherCount(c *taskCore) int {
	c.scope.mu.Lock()
	defer c.scope.mu.Unlock()
	n := 0
	if c.watcher0.n != nil {
		n++
	}
	if c.more != nil {
		n += len(*c.more)
	}
	return n
}

// recordingNotifier appends its name to a shared log when notified.
type recordingNotifier struct {
	name string
	log  *[]string
}

func (r *recordingNotifier) notify(idx int, err error) { *r.log = append(*r.log, r.name) }

// Watchers are notified in the order they came, whichever of them were
// withdrawn: the first is kept inline and the next in line moves up.
func TestUnwatchKeepsTheOrder(t *testing.T) {
	for _, tc := range []struct {
		withdraw []string
		want     string
	}{
		{nil, "abcd"},
		{[]string{"a"}, "bcd"},
		{[]string{"b"}, "acd"},
		{[]string{"a", "b"}, "cd"},
		{[]string{"d"}, "abc"},
		{[]string{"a", "b", "c", "d"}, ""},
	} {
		var log []string
		c := &taskCore{}
		ns := map[string]*recordingNotifier{}
		for _, name := range []string{"a", "b", "c", "d"} {
			ns[name] = &recordingNotifier{name, &log}
			c.watch(ns[name], 0)
		}
		for _, name := range tc.withdraw {
			if !c.unwatch(ns[name]) {
				t.Fatalf("unwatch(%s) withdrew nothing", name)
			}
			if c.unwatch(ns[name]) {
				t.Fatalf("a second unwatch(%s) withdrew something", name)
			}
		}
		if got, want := watcherCount(c), len(tc.want); got != want {
			t.Fatalf("withdrew %v: %d watchers, want %d", tc.withdraw, got, want)
		}
		c.watch(&recordingNotifier{"e", &log}, 0) // a newcomer goes last
		c.finish(nil)
		if got := strings.Join(log, ""); got != tc.want+"e" {
			t.Errorf("withdrew %v: notified %q, want %q", tc.withdraw, got, tc.want+"e")
		}
	}
}

// A loop of Wait(FirstCompleted) over a long task must not pile watchers on
// it: each Wait withdraws its own when it returns.
func TestWaitWithdrawsWatchersFromPendingTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		long := Go(ctx, func(ctx context.Context) error { return Sleep(ctx, time.Hour) })
		for i := range 10 {
			short := Go(ctx, func(ctx context.Context) error { return Sleep(ctx, time.Second) })
			if _, _, err := Wait(ctx, []Future{long, short}, FirstCompleted); err != nil {
				t.Fatal(err)
			}
			if n := watcherCount(&long.taskCore); n != 0 {
				t.Fatalf("after Wait %d the long task has %d watchers", i, n)
			}
		}
		long.Cancel()
		<-long.Done()
	})
}

func TestAsCompletedBreakWithdrawsWatchers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		tasks := []*Task[int]{
			CreateTask(ctx, func(ctx context.Context) (int, error) { return 1, Sleep(ctx, time.Second) }),
			CreateTask(ctx, func(ctx context.Context) (int, error) { return 2, Sleep(ctx, time.Hour) }),
		}
		for range AsCompleted(ctx, tasks) {
			break
		}
		if n := watcherCount(&tasks[1].taskCore); n != 0 {
			t.Fatalf("after break the pending task has %d watchers", n)
		}
		tasks[1].Cancel()
		<-tasks[1].Done()
	})
}

// A long-lived group forgets its finished tasks instead of keeping them all.
func TestTaskGroupDropsFinishedTasks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tg, _ := NewTaskGroup(context.Background())
		for range 1000 {
			tg.Go(func(context.Context) error { return nil })
			synctest.Wait()
		}
		tg.mu.Lock()
		n := len(tg.tasks)
		tg.mu.Unlock()
		if n > 64 {
			t.Fatalf("group holds %d tasks after 1000 finished ones", n)
		}
		if err := tg.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
