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

// TestMaskMeasured shows that durations a program measures are compared as
// lower bounds, and nothing else is masked.
func TestMaskMeasured(t *testing.T) {
	s := time.Second
	golden := transcript{lines: []line{
		{s, "1s tick 1"}, {3 * s, "3s napper: awake"}, {3 * s, "map: /index 1s, /blog 2s"}, {3 * s, "map: 5 downloads in 3.0s"},
	}, end: 3 * s}
	masked, measured := maskMeasured(golden)
	wantTexts := []string{"<d>s tick 1", "<d>s napper: awake", "map: /index 1s, /blog 2s", "map: 5 downloads in <d>s"}
	for i, l := range masked.lines {
		if l.text != wantTexts[i] {
			t.Errorf("masked line %d = %q, want %q", i, l.text, wantTexts[i])
		}
	}
	for _, tt := range []struct {
		printed string
		ok      bool
	}{
		{"map: 5 downloads in 3.0s", true},
		{"map: 5 downloads in 4.7s", true}, // late: a loaded machine
		{"map: 5 downloads in 2.9s", false},
	} {
		_, got := maskMeasured(transcript{lines: []line{{3 * s, tt.printed}}})
		if ok := len(measuredNotLess(measured, got)) == 0; ok != tt.ok {
			t.Errorf("%q: measuredNotLess ok = %v, want %v", tt.printed, ok, tt.ok)
		}
	}
}

// TestSameLinesInOrder shows what the ejected programs' check accepts: the
// golden lines in any order within an instant, not across instants, and
// not a line missing, extra or changed.
func TestSameLinesInOrder(t *testing.T) {
	s := time.Second
	want := transcript{lines: []line{{0, "a"}, {0, "b"}, {s, "c"}, {s, "a"}, {2 * s, "d"}}}
	for _, tt := range []struct {
		got []string
		ok  bool
	}{
		{[]string{"a", "b", "c", "a", "d"}, true},
		{[]string{"b", "a", "a", "c", "d"}, true},
		{[]string{"a", "c", "b", "a", "d"}, false},
		{[]string{"a", "b", "c", "d", "a"}, false},
		{[]string{"a", "b", "c", "a"}, false},
		{[]string{"a", "b", "c", "a", "d", "d"}, false},
		{[]string{"a", "b", "c", "a", "D"}, false},
	} {
		if ok := len(sameLinesInOrder(want, tt.got)) == 0; ok != tt.ok {
			t.Errorf("sameLinesInOrder(%q) ok = %v, want %v", tt.got, ok, tt.ok)
		}
	}
}
