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
// 2s, 5s, 10s, 0.5s, ...) of at least minStep whose labels do not collide:
// extent gives the span a label takes, in the caller's unit, and neighbours
// must be at least gap apart. Tick 0 is always there, and always fits.
func chooseTicks(d, minStep time.Duration, extent func(tick) (from, to float64), gap float64) []tick {
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
				ticks = append(ticks, tick{t, formatSeconds(t)})
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

// formatSeconds writes d in seconds, as the axis labels it: "0s", "2s", "0.5s".
func formatSeconds(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
}

// formatTook writes a chart's duration in seconds, rounded to the millisecond
// (the microsecond below 1ms) so that real-time runs read "2.001s", not
// "2.000981234s".
func formatTook(d time.Duration) string {
	switch {
	case d >= time.Millisecond:
		d = d.Round(time.Millisecond)
	case d >= time.Microsecond:
		d = d.Round(time.Microsecond)
	}
	return formatSeconds(d)
}

// scale returns d*i/n rounded down, without overflow in the product; the
// quotient must fit in a Duration (it does when 0 <= i <= n).
func scale(d time.Duration, i, n int) time.Duration {
	hi, lo := bits.Mul64(uint64(d), uint64(i))
	q, _ := bits.Div64(hi, lo, uint64(n))
	return time.Duration(q)
}
