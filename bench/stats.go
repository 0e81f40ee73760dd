package main

import (
	"fmt"
	"math"
	"slices"
)

// median returns the middle of xs (the mean of the two middle values when
// len(xs) is even), or NaN for no values. xs is not modified.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// ratio returns a/b, or NaN when either is missing (NaN) or b is not positive.
func ratio(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || b <= 0 {
		return math.NaN()
	}
	return a / b
}

// formatRatio prints a ratio with about three significant digits, or "—".
func formatRatio(r float64) string {
	switch {
	case math.IsNaN(r):
		return "—"
	case r >= 100:
		return fmt.Sprintf("%.0f×", r)
	case r >= 10:
		return fmt.Sprintf("%.1f×", r)
	default:
		return fmt.Sprintf("%.2f×", r)
	}
}

// formatDuration prints nanoseconds in a unit that suits a wall time.
func formatDuration(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "—"
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.0f ns", ns)
	}
}

// formatNsOp prints a micro-benchmark's time per operation.
func formatNsOp(ns float64) string {
	if math.IsNaN(ns) {
		return "—"
	}
	if ns >= 1e4 {
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.1f ns", ns)
}

// formatKiB prints a size given in KiB.
func formatKiB(kib float64) string {
	switch {
	case math.IsNaN(kib) || kib <= 0:
		return "—"
	case kib >= 1<<20:
		return fmt.Sprintf("%.2f GiB", kib/(1<<20))
	case kib >= 100<<10:
		return fmt.Sprintf("%.0f MiB", kib/(1<<10))
	default:
		return fmt.Sprintf("%.1f MiB", kib/(1<<10))
	}
}

// formatBytes prints a small size given in bytes.
func formatBytes(b float64) string {
	switch {
	case math.IsNaN(b) || b <= 0:
		return "—"
	case b >= 10<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	default:
		return fmt.Sprintf("%.0f B", b)
	}
}
