package timeline

import (
	"math/bits"
	"strconv"
	"time"
)

// maxTicks bounds the ticks chooseTicks tries, whatever minStep says.
const maxTicks = 200

// tick is a labelled mark on the time axis.
type tick struct {
	t     time.Duration
	label string
}

// chooseTicks returns ticks at the multiples of the smallest 1-2-5 step (1s,
// 2s, 5s, 10s, 0.5s, ...) of at least minStep whose labels do not collide
// (labelled in unitFor(d), with ASCII unit names if ascii):
// extent gives the span a label takes, in the caller's unit, and neighbours
// must be at least gap apart. Tick 0 is always there, and always fits.
func chooseTicks(d, minStep time.Duration, ascii bool, extent func(tick) (from, to float64), gap float64) []tick {
	zero := []tick{{0, "0s"}}
	if d <= 0 {
		return zero
	}
	for base := time.Duration(1); base <= d; base *= 10 {
		for _, m := range [...]time.Duration{1, 2, 5} {
			step := m * base
			if step < minStep || d/step > maxTicks {
				continue
			}
			if step > d {
				return zero
			}
			var ticks []tick
			for t := time.Duration(0); t <= d; t += step {
				ticks = append(ticks, tick{t, formatIn(t, unitFor(d), ascii)})
			}
			if fits(ticks, extent, gap) {
				return ticks
			}
		}
	}
	return zero
}

func fits(ticks []tick, extent func(tick) (from, to float64), gap float64) bool {
	_, prevTo := extent(ticks[0])
	for _, tk := range ticks[1:] {
		from, to := extent(tk)
		if from < prevTo+gap {
			return false
		}
		prevTo = to
	}
	return true
}

// formatIn writes d in unit (time.Second, time.Millisecond or
// time.Microsecond), as the axis labels it: "0s", "2s", "0.5s", "50ms". ASCII
// writes "us" for "µs".
func formatIn(d, unit time.Duration, ascii bool) string {
	suffix := "s"
	switch unit {
	case time.Millisecond:
		suffix = "ms"
	case time.Microsecond:
		suffix = "µs"
		if ascii {
			suffix = "us"
		}
	}
	if d%unit == 0 {
		return strconv.FormatInt(int64(d/unit), 10) + suffix
	}
	return strconv.FormatFloat(float64(d)/float64(unit), 'f', -1, 64) + suffix
}

// unitFor is the unit to write times in on a chart that lasts d: seconds
// from 100ms (and for 0), milliseconds from 1ms, microseconds below, so that
// real-time charts of a fraction of a millisecond read "50µs", not
// "0.00005s".
func unitFor(d time.Duration) time.Duration {
	switch {
	case d == 0 || d >= 100*time.Millisecond:
		return time.Second
	case d >= time.Millisecond:
		return time.Millisecond
	}
	return time.Microsecond
}

// formatTook writes a chart's duration in unitFor(d), rounded to the
// thousandth of that unit, so that real-time runs read "2.001s", not
// "2.000981234s".
func formatTook(d time.Duration, ascii bool) string {
	unit := unitFor(d)
	return formatIn(d.Round(unit/1000), unit, ascii)
}

// scale returns d*i/n rounded down, without overflow in the product; the
// quotient must fit in a Duration (it does when 0 <= i <= n).
func scale(d time.Duration, i, n int) time.Duration {
	hi, lo := bits.Mul64(uint64(d), uint64(i))
	q, _ := bits.Div64(hi, lo, uint64(n))
	return time.Duration(q)
}
