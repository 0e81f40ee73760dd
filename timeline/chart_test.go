package timeline_test

import (
	"slices"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/timeline"
)

func names(rows []timeline.Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func TestRowOrder(t *testing.T) {
	c := timeline.NewChart(events(t, []task{
		{"worker 10", "main", "created@0s started@0s finished@1s"},
		{"late", "", "created@1s started@1s finished@2s"},
		{"worker 2", "main", "created@0s started@0s finished@1s"},
		{"grandchild", "worker 2", "created@0s started@0s finished@1s"},
		{"main", "", "created@0s started@0s finished@2s"},
		{"aardvark", "main", "created@0.5s started@0.5s finished@1s"},
	}, nil))
	want := []string{"main", "worker 2", "worker 10", "grandchild", "aardvark", "late"}
	if got := names(c.Rows()); !slices.Equal(got, want) {
		t.Errorf("rows in order %q, want %q", got, want)
	}
	if r, _ := c.Row("grandchild"); r.Parent != "worker 2" {
		t.Errorf("grandchild's parent is %q, want worker 2", r.Parent)
	}
}

func TestIntervals(t *testing.T) {
	c := timeline.NewChart(events(t, []task{
		{"main", "", "created@0s started@0s blocked:task@0s resumed:task@1s blocked:task@1s resumed:task@1s " +
			"blocked:condition@1s blocked:lock@1.5s resumed:lock@2s resumed:condition@2.5s finished@3s"},
		{"child", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@1s canceled@1s"},
		{"ghost", "main", "blocked:queue@2s resumed:queue@2.5s"},
	}, nil))
	if c.Duration() != 3*time.Second {
		t.Fatalf("duration %v, want 3s", c.Duration())
	}
	iv := func(from, to float64, s timeline.State) timeline.Interval {
		return timeline.Interval{Start: time.Duration(from * float64(time.Second)), End: time.Duration(to * float64(time.Second)), State: s}
	}
	want := map[string][]timeline.Interval{
		// The zero-width await at 1s leaves no trace; the lock taken while
		// waiting on the condition shows, then the condition again.
		"main": {iv(0, 1, timeline.AwaitingTasks), iv(1, 1.5, timeline.WaitingCondition), iv(1.5, 2, timeline.WaitingLock),
			iv(2, 2.5, timeline.WaitingCondition), iv(2.5, 3, timeline.Running)},
		"child": {iv(0, 1, timeline.Sleeping), iv(1, 3, timeline.Canceled)},
		// Seen only from its first event, never finished.
		"ghost": {iv(2, 2.5, timeline.WaitingQueue), iv(2.5, 3, timeline.Running)},
	}
	for name, w := range want {
		r, ok := c.Row(name)
		if !ok {
			t.Fatalf("no row %q", name)
		}
		if !slices.Equal(r.Intervals, w) {
			t.Errorf("%s: intervals %v, want %v", name, r.Intervals, w)
		}
	}
	ghost, _ := c.Row("ghost")
	if ghost.Outcome != timeline.Running || ghost.Ended != 3*time.Second || ghost.Created != 2*time.Second {
		t.Errorf("ghost: %+v", ghost)
	}
	child, _ := c.Row("child")
	for _, tc := range []struct {
		at   time.Duration
		want timeline.State
	}{{-1, timeline.NotCreated}, {0, timeline.Sleeping}, {time.Second, timeline.Canceled}, {time.Hour, timeline.Canceled}} {
		if got := child.StateAt(tc.at); got != tc.want {
			t.Errorf("child.StateAt(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
}

func TestAnalysis(t *testing.T) {
	c := timeline.NewChart(events(t, []task{
		{"a", "", "created@0s started@0s blocked:lock@0s resumed:lock@1s blocked:sleep@1s resumed:sleep@3s finished@3s"},
		{"b", "", "created@0s started@0s blocked:sleep@0s resumed:sleep@1s blocked:lock@1s resumed:lock@3s finished@4s"},
		{"c", "", "created@2s started@2s blocked:sleep@2s resumed:sleep@4s finished@4s"},
	}, nil))
	a, _ := c.Row("a")
	b, _ := c.Row("b")
	cc, _ := c.Row("c")
	if got := timeline.Overlap(a, b, timeline.State.Alive); got != 3*time.Second {
		t.Errorf("a and b alive together %v, want 3s", got)
	}
	if got := timeline.Overlap(a, b, timeline.Is(timeline.Sleeping)); got != 0 {
		t.Errorf("a and b asleep together %v, want 0", got)
	}
	if got := timeline.Overlap(a, cc, timeline.Is(timeline.Sleeping)); got != time.Second {
		t.Errorf("a and c asleep together %v, want 1s", got)
	}
	inside := func(s timeline.State) bool { return s.Alive() && s != timeline.WaitingLock }
	if n, at := timeline.MaxConcurrent(c.Rows(), inside); n != 2 || at != 2*time.Second {
		t.Errorf("MaxConcurrent inside = %d at %v, want 2 at 2s", n, at)
	}
	// Half-open intervals: a leaves the lock at 1s as b enters... nobody is
	// counted twice at the boundary.
	if n, _ := timeline.MaxConcurrent(c.Rows(), timeline.Is(timeline.WaitingLock)); n != 1 {
		t.Errorf("MaxConcurrent waiting on the lock = %d, want 1", n)
	}
	if n, at := timeline.MaxConcurrent(nil, timeline.State.Alive); n != 0 || at != 0 {
		t.Errorf("MaxConcurrent of nothing = %d, %v", n, at)
	}
	if got := b.TimeIn(timeline.State.Alive); got != 4*time.Second {
		t.Errorf("b lived %v, want 4s", got)
	}
}

func TestCanonical(t *testing.T) {
	// Three workers race for a lock; whoever wins, Canonical shows worker 1
	// first, and leaves the differently named task alone.
	holds := []string{
		"created@0s started@0s blocked:lock@0s resumed:lock@0s blocked:sleep@0s resumed:sleep@1s finished@1s",
		"created@0s started@0s blocked:lock@0s resumed:lock@1s blocked:sleep@1s resumed:sleep@2s finished@2s",
		"created@0s started@0s blocked:lock@0s resumed:lock@2s blocked:sleep@2s resumed:sleep@3s finished@3s",
	}
	var want []timeline.Row
	for _, perm := range [][3]int{{0, 1, 2}, {2, 0, 1}, {1, 2, 0}} {
		c := timeline.NewChart(events(t, []task{
			{"main", "", "created@0s started@0s blocked:task@0s resumed:task@3s finished@3s"},
			{"worker 1", "main", holds[perm[0]]},
			{"worker 2", "main", holds[perm[1]]},
			{"worker 3", "main", holds[perm[2]]},
			{"watcher", "main", "created@0s started@0s blocked:sleep@0s resumed:sleep@0.5s finished@0.5s"},
		}, nil)).Canonical()
		rows := c.Rows()
		if want == nil {
			want = rows
			w1, _ := c.Row("worker 1")
			if w1.Ended != time.Second {
				t.Errorf("canonical worker 1 ends at %v, want 1s", w1.Ended)
			}
			continue
		}
		if !slices.EqualFunc(rows, want, func(a, b timeline.Row) bool {
			return a.Name == b.Name && slices.Equal(a.Intervals, b.Intervals)
		}) {
			t.Errorf("permutation %v: canonical rows differ:\n%v\nwant\n%v", perm, rows, want)
		}
	}
}
