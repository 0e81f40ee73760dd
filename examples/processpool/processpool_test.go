package processpool

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const ms = time.Millisecond

func TestMedian(t *testing.T) {
	tests := []struct {
		ds   []time.Duration
		want time.Duration
	}{
		{[]time.Duration{5 * ms}, 5 * ms},
		{[]time.Duration{300 * ms, 100 * ms, 200 * ms}, 200 * ms},
		{[]time.Duration{100 * ms, 900 * ms, 110 * ms}, 110 * ms}, // one outlier moves nothing
		{[]time.Duration{100 * ms, 200 * ms}, 150 * ms},
		{[]time.Duration{4 * ms, 1 * ms, 3 * ms, 2 * ms}, 2500 * time.Microsecond},
		{[]time.Duration{0, 0, 0}, 0},
	}
	for _, tt := range tests {
		if got := median(tt.ds); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.ds, got, tt.want)
		}
	}
}

// TestTimingLine checks processpool's lines with injected times, so that it
// depends on no machine's speed.
func TestTimingLine(t *testing.T) {
	tests := []struct {
		how  string
		took []time.Duration
		base time.Duration
		want string
	}{
		{"sequential", []time.Duration{160 * ms, 150 * ms, 153 * ms}, 0,
			"sequential:                   148933 primes  153ms (150ms–160ms)"},
		{"Executor, 2 goroutines", []time.Duration{80 * ms, 76500 * time.Microsecond, 95 * ms}, 153 * ms,
			"Executor, 2 goroutines:       148933 primes  80ms (77ms–95ms)  1.9×"},
		{"process.Pool, 2 processes", []time.Duration{250 * ms, 90 * ms, 255 * ms}, 153 * ms,
			"process.Pool, 2 processes:    148933 primes  250ms (90ms–255ms)  0.6×"},
		{"process.Pool, 16 processes", []time.Duration{1234 * ms, 2 * time.Second, 1500 * ms}, 3 * time.Second,
			"process.Pool, 16 processes:   148933 primes  1.5s (1.234s–2s)  2.0×"},
		// A clock that stands still: no speed-up.
		{"Executor, 2 goroutines", []time.Duration{0, 0, 0}, 0,
			"Executor, 2 goroutines:       148933 primes  0s (0s–0s)"},
		{"Executor, 2 goroutines", []time.Duration{0, 0, 0}, 153 * ms,
			"Executor, 2 goroutines:       148933 primes  0s (0s–0s)"},
	}
	for _, tt := range tests {
		if got := timingLine(tt.how, 148933, tt.took, tt.base); got != tt.want {
			t.Errorf("timingLine(%q, %v, %v) =\n%q, want\n%q", tt.how, tt.took, tt.base, got, tt.want)
		}
	}
}

func TestBusyNote(t *testing.T) {
	tests := []struct {
		load float64
		cpus int
		want string
	}{
		{0.5, 2, ""},
		{2, 2, ""}, // as many runnable threads as cores: not busy yet
		{2.01, 2, "the machine was busy (load average 2.01 on 2 CPUs): the times are noisy"},
		{7.5, 4, "the machine was busy (load average 7.50 on 4 CPUs): the times are noisy"},
	}
	for _, tt := range tests {
		if got := busyNote(tt.load, tt.cpus); got != tt.want {
			t.Errorf("busyNote(%v, %d) = %q, want %q", tt.load, tt.cpus, got, tt.want)
		}
	}
}

func TestParseLoadAverage(t *testing.T) {
	tests := []struct {
		in     string
		want   float64
		wantOK bool
	}{
		{"1.91 1.77 0.97 3/153 675\n", 1.91, true},
		{"0.00 0.01 0.05 1/80 1", 0, true},
		{"", 0, false},
		{"busy 1 2", 0, false},
		{"-1 0 0", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseLoadAverage(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseLoadAverage(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
