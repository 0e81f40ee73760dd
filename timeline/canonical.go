package timeline

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Canonical returns a copy of the chart in which interchangeable tasks have
// their names dealt out in a fixed way, for golden tests of programs whose
// identical workers race. Tasks count as interchangeable when the same parent
// created them at the same instant and their names differ only in their
// numbers ("worker 1", "worker 2"). Which of them gets a lock, a semaphore
// permit or a queue item first depends on scheduling (under testing/synctest
// too), so the set of bars is the same from run to run but not which name each
// bar has. Canonical gives their names, in row order, to their bars sorted by
// what they show (the earliest change of state first). Only names move: every
// bar is drawn as recorded.
//
// Use it only where the tasks really are interchangeable (they run the same
// code and race for the same things): otherwise it can put one task's name on
// another's bar.
func (c *Chart) Canonical() *Chart {
	type key struct {
		created time.Duration
		parent  uint64
		pattern string
	}
	rows := slices.Clone(c.rows)
	groups := make(map[key][]int)
	var keys []key
	for i, r := range rows {
		k := key{r.Created, r.parentID, numberPattern(r.Name)}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range keys {
		idx := groups[k] // in row order, so by name
		if len(idx) < 2 {
			continue
		}
		names := make([]string, len(idx))
		for n, i := range idx {
			names[n] = rows[i].Name
		}
		byLooks := slices.Clone(idx)
		slices.SortStableFunc(byLooks, func(a, b int) int { return compareLooks(rows[a].Row, rows[b].Row) })
		for n, i := range byLooks {
			rows[i].Name = names[n]
		}
	}
	return &Chart{start: c.start, duration: c.duration, rows: orderRows(rows)}
}

// numberPattern replaces each run of digits in name by '#'.
func numberPattern(name string) string {
	var b strings.Builder
	inDigits := false
	for _, r := range name {
		isDigit := r >= '0' && r <= '9'
		if isDigit && !inDigits {
			b.WriteByte('#')
		}
		if !isDigit {
			b.WriteRune(r)
		}
		inDigits = isDigit
	}
	return b.String()
}

// compareNames orders names as people number things: "worker 2" before
// "worker 10". Runs of digits compare by value, the rest by bytes.
func compareNames(a, b string) int {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitPrefix(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
