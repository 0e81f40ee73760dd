package examples_test

import (
	"testing"
	"time"
)

// TestCompare shows that the golden comparison fails when it should.
func TestCompare(t *testing.T) {
	s := time.Second
	want := transcript{
		lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
		end:   2 * s,
	}
	tests := []struct {
		name string
		got  transcript
		win  window
		ok   bool
	}{
		{"same", want, window{}, true},
		{"same instant, other order", transcript{
			lines: []line{{0, "b"}, {0, "a"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, window{}, true},
		{"a line late", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s + 1, "c"}, {2 * s, "a"}},
			end:   2 * s}, window{}, false},
		{"a line late, within jitter", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s + 100*time.Millisecond, "c"}, {2 * s, "a"}},
			end:   2 * s}, window{late: 100 * time.Millisecond}, true},
		{"a line early, despite jitter", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s - 1, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, window{late: 100 * time.Millisecond}, false},
		{"same-text lines swapped across instants", transcript{
			lines: []line{{0, "a"}, {2 * s, "b"}, {s, "c"}, {s, "c"}, {0, "a"}},
			end:   2 * s}, window{}, false},
		{"a line missing", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, window{}, false},
		{"a line too many", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "c"}, {s, "d"}, {2 * s, "a"}},
			end:   2 * s}, window{}, false},
		{"other text", transcript{
			lines: []line{{0, "a"}, {0, "B"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, window{}, false},
		{"ends late", transcript{lines: want.lines, end: 3 * s}, window{}, false},
		{"ends early", transcript{lines: want.lines, end: s}, window{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := compare(want, tt.got, tt.win)
			if ok := len(problems) == 0; ok != tt.ok {
				t.Errorf("compare ok = %v, want %v; problems: %q", ok, tt.ok, problems)
			}
		})
	}
}

// TestCompareNotEarlier shows what the CPython comparison accepts: any
// lateness and any order, but not a line early, missing, extra or changed.
func TestCompareNotEarlier(t *testing.T) {
	s, ms := time.Second, time.Millisecond
	want := transcript{
		lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
		end:   2 * s,
	}
	tests := []struct {
		name string
		got  transcript
		ok   bool
	}{
		{"same", want, true},
		{"seconds late, out of order", transcript{
			lines: []line{{3 * s, "c"}, {3 * s, "a"}, {3 * s, "b"}, {4 * s, "a"}, {4 * s, "c"}},
			end:   5 * s}, true},
		{"a line early, within rounding", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s - 49*ms, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, true},
		{"a line early", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s - 51*ms, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"the later of two equal lines early", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "c"}, {s, "a"}},
			end:   2 * s}, false},
		{"a line missing", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"a line too many", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "c"}, {s, "d"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"other text", transcript{
			lines: []line{{0, "a"}, {0, "B"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"ends early", transcript{lines: want.lines, end: s}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := compareNotEarlier(want, tt.got, 50*ms)
			if ok := len(problems) == 0; ok != tt.ok {
				t.Errorf("compareNotEarlier ok = %v, want %v; problems: %q", ok, tt.ok, problems)
			}
		})
	}
	if got := maxLateness(want, transcript{lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {3 * s, "c"}, {2 * s, "a"}}, end: 2 * s}); got != 2*s {
		t.Errorf("maxLateness = %v, want 2s", got)
	}
}

func TestEarliest(t *testing.T) {
	ms := time.Millisecond
	runs := []transcript{
		{lines: []line{{0, "x"}, {100 * ms, "x"}, {1000 * ms, "y"}}, end: 1100 * ms},
		{lines: []line{{100 * ms, "x"}, {0, "x"}, {1100 * ms, "y"}}, end: 1000 * ms},
	}
	got := earliest(runs)
	want := transcript{lines: []line{{0, "x"}, {100 * ms, "x"}, {1000 * ms, "y"}}, end: 1000 * ms}
	if len(compare(want, got, window{})) > 0 || len(got.lines) != 3 {
		t.Errorf("earliest = %v, want %v", got, want)
	}
}

// TestCompareExact shows what the event loop's comparison accepts: the same
// lines in the same order at the same times, nothing else.
func TestCompareExact(t *testing.T) {
	s := time.Second
	want := transcript{
		lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
		end:   2 * s,
	}
	tests := []struct {
		name string
		got  transcript
		ok   bool
	}{
		{"same", want, true},
		{"same instant, other order", transcript{
			lines: []line{{0, "b"}, {0, "a"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"a line late", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s + 1, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"a line early", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s - 1, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"a line missing", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"a line too many", transcript{
			lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "c"}, {2 * s, "a"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"other text", transcript{
			lines: []line{{0, "a"}, {0, "B"}, {s, "c"}, {s, "c"}, {2 * s, "a"}},
			end:   2 * s}, false},
		{"ends late", transcript{lines: want.lines, end: 3 * s}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := compareExact(want, tt.got)
			if ok := len(problems) == 0; ok != tt.ok {
				t.Errorf("compareExact ok = %v, want %v; problems: %q", ok, tt.ok, problems)
			}
		})
	}
}

// TestCompareSequence shows what the CPython comparison adds for the event
// loop's examples: the texts in the same order, whatever their times.
func TestCompareSequence(t *testing.T) {
	s := time.Second
	want := transcript{lines: []line{{0, "a"}, {0, "b"}, {s, "c"}}, end: s}
	tests := []struct {
		name string
		got  transcript
		ok   bool
	}{
		{"same", want, true},
		{"late", transcript{lines: []line{{s, "a"}, {s, "b"}, {3 * s, "c"}}, end: 4 * s}, true},
		{"swapped", transcript{lines: []line{{0, "b"}, {0, "a"}, {s, "c"}}, end: s}, false},
		{"one missing", transcript{lines: []line{{0, "a"}, {0, "b"}}, end: s}, false},
		{"one more", transcript{lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "d"}}, end: s}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := compareSequence(want, tt.got)
			if ok := len(problems) == 0; ok != tt.ok {
				t.Errorf("compareSequence ok = %v, want %v; problems: %q", ok, tt.ok, problems)
			}
		})
	}
}
