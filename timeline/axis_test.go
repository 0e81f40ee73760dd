package timeline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/timeline"
)

// axisLines renders a one-task chart lasting d and returns its axis line
// and the line of labels under it.
func axisLines(t *testing.T, d time.Duration, opt timeline.Options) (axis, labels string) {
	t.Helper()
	c := timeline.NewChart(events(t, []task{{"main", "", "created@0s started@0s finished@" + d.String()}}, nil))
	var b strings.Builder
	if err := c.Render(&b, opt); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	return lines[1], lines[2]
}

// TestNoTickBesideTheEnd checks that no tick is drawn in the column just
// before the axis's end, where it would read as a double tick ("┼┤")
// labelled as the end: a run of 1.013s once showed one at 1s.
func TestNoTickBesideTheEnd(t *testing.T) {
	durations := []time.Duration{
		1013 * time.Millisecond, 1003 * time.Millisecond, 2020 * time.Millisecond,
		3040 * time.Millisecond, 507 * time.Millisecond, 10100 * time.Millisecond,
		1 * time.Second, 3 * time.Second,
	}
	for _, d := range durations {
		for width := 20; width <= 200; width++ {
			for _, ascii := range []bool{false, true} {
				axis, _ := axisLines(t, d, timeline.Options{Width: width, ASCII: ascii})
				tickGlyph := '┼'
				if ascii {
					tickGlyph = '+'
				}
				if r := []rune(strings.TrimSpace(axis)); r[len(r)-2] == tickGlyph {
					t.Errorf("%v at width %d (ascii %v): a tick beside the end:\n%s", d, width, ascii, axis)
				}
			}
		}
	}
}

func TestAxisOfARunJustOverASecond(t *testing.T) {
	tests := []struct {
		d          time.Duration
		wantAxis   string
		wantLabels string
	}{
		// 1s would fall one column before the end: left out.
		{1013 * time.Millisecond,
			"├──────────────┼─────────────┼──────────────┼─────────────┼───────────────┤",
			"0s            0.2s          0.4s           0.6s          0.8s"},
		// 1s exactly is the end, labelled.
		{time.Second,
			"├──────────────┼──────────────┼─────────────┼──────────────┼──────────────┤",
			"0s            0.2s           0.4s          0.6s           0.8s           1s"},
	}
	for _, tt := range tests {
		axis, labels := axisLines(t, tt.d, timeline.Options{Width: 80})
		if got := strings.TrimSpace(axis); got != tt.wantAxis {
			t.Errorf("%v: axis\n%s\nwant\n%s", tt.d, got, tt.wantAxis)
		}
		if got := strings.TrimSpace(labels); got != tt.wantLabels {
			t.Errorf("%v: labels\n%s\nwant\n%s", tt.d, got, tt.wantLabels)
		}
	}
}
