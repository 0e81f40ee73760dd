package timeline

import (
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Options says how Render draws a chart.
type Options struct {
	// Width is the width of every line in columns; 0 means 80, and more
	// than MaxWidth means MaxWidth. The task names take up to 20 columns (a
	// third of Width if that is less, but at least 4) and the bar the rest,
	// with at least 10 cells: below about 20 columns lines come out wider
	// than Width.
	Width int
	// ASCII draws with ASCII characters only (letters and punctuation per
	// state), for terminals and fonts without Unicode block elements.
	ASCII bool
	// Color colours each state with ANSI SGR escape sequences. Leave it off
	// when the output is not a terminal, or when NO_COLOR is set.
	Color bool
}

// MaxWidth is the widest chart Render draws, in columns: its time grows
// with the width, which may come from anywhere ($COLUMNS).
const MaxWidth = 1000

const (
	defaultWidth = 80
	maxNameWidth = 20
	minNameLimit = 4
	minBarWidth  = 10
	minTickCells = 8
)

// Render draws the chart for a terminal: a row per task ("name │bar│"), a time
// axis with ticks every 1, 2 or 5 units and labels that do not collide, then
// the chart's duration ("took 2s") and a legend of the states it shows. Times
// are in seconds, or in milliseconds or microseconds for charts shorter than
// 0.1s or 1ms (real-time runs of quick programs). Each state has its own glyph,
// in ASCII mode too, so the chart reads without colour; the package
// documentation says how states shorter than a cell are drawn. A chart that
// lasts 0s has a single column. Render returns the error of writing to w,
// which it writes to once.
func (c *Chart) Render(w io.Writer, opt Options) error {
	var b strings.Builder
	c.render(&b, opt)
	_, err := io.WriteString(w, b.String())
	return err
}

// frame holds the characters that are not states.
type frame struct {
	border, axisStart, axisTick, axisEnd, axisLine rune
	ellipsis                                       string
}

var (
	unicodeFrame = frame{'│', '├', '┼', '┤', '─', "…"}
	asciiFrame   = frame{'|', '+', '+', '+', '-', "..."}
)

func (c *Chart) render(b *strings.Builder, opt Options) {
	if len(c.rows) == 0 {
		b.WriteString("no tasks recorded\n")
		return
	}
	width := opt.Width
	if width <= 0 {
		width = defaultWidth
	}
	width = min(width, MaxWidth)
	fr := unicodeFrame
	if opt.ASCII {
		fr = asciiFrame
	}
	names := make([]string, len(c.rows))
	nameW := 0
	for i, r := range c.rows {
		names[i] = printable(r.Name, opt.ASCII)
		nameW = max(nameW, utf8.RuneCountInString(names[i]))
	}
	nameW = min(nameW, max(minNameLimit, min(maxNameWidth, width/3)))
	bar := max(minBarWidth, width-nameW-3)
	if c.duration == 0 {
		bar = 1
	}

	cells := make([]State, bar)
	var shown [numStates]bool
	for i, r := range c.rows {
		c.cells(r.Row, cells)
		b.WriteString(fitName(names[i], nameW, fr.ellipsis))
		b.WriteByte(' ')
		b.WriteRune(fr.border)
		for i := 0; i < len(cells); {
			j := i + 1
			for j < len(cells) && cells[j] == cells[i] {
				j++
			}
			shown[cells[i]] = true
			writeRun(b, cells[i], j-i, opt)
			i = j
		}
		b.WriteRune(fr.border)
		b.WriteByte('\n')
	}

	indent := strings.Repeat(" ", nameW+1)
	axis, labels := c.axis(bar, fr, opt.ASCII)
	b.WriteString(indent + axis + "\n")
	b.WriteString(strings.TrimRight(indent+labels, " ") + "\n")
	writeLegend(b, "took "+formatTook(c.Took(), opt.ASCII), shown, width, opt)
}

// printable replaces the characters of a task name that would garble the
// chart (control characters, escape sequences; anything but ASCII in ASCII
// mode) by '?'.
func printable(name string, ascii bool) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || (ascii && r > unicode.MaxASCII) {
			return '?'
		}
		return r
	}, name)
}

// fitName pads name to width columns, or truncates it with an ellipsis.
func fitName(name string, width int, ellipsis string) string {
	n := utf8.RuneCountInString(name)
	if n <= width {
		return name + strings.Repeat(" ", width-n)
	}
	keep := max(0, width-utf8.RuneCountInString(ellipsis))
	return string([]rune(name)[:keep]) + ellipsis
}

func writeRun(b *strings.Builder, s State, n int, opt Options) {
	sgr := styles[s].sgr
	colored := opt.Color && sgr != ""
	if colored {
		b.WriteString("\x1b[" + sgr + "m")
	}
	g := s.glyph(opt.ASCII)
	for range n {
		b.WriteRune(g)
	}
	if colored {
		b.WriteString("\x1b[0m")
	}
}

// cells sets out[i] to the state cell i of row r shows, by the rules in the
// package documentation.
func (c *Chart) cells(r Row, out []State) {
	n := len(out)
	zeroLife := Running
	if r.Outcome == Failed || r.Outcome == Canceled {
		zeroLife = r.Outcome
	}
	if c.duration == 0 {
		clear(out)
		out[0] = zeroLife
		return
	}
	var cover [numStates]time.Duration
	ivs := r.Intervals
	for i := range out {
		from, to := scale(c.duration, i, n), scale(c.duration, i+1, n)
		for len(ivs) > 0 && ivs[0].End <= from {
			ivs = ivs[1:]
		}
		clear(cover[:])
		for _, iv := range ivs {
			if iv.Start >= to {
				break
			}
			cover[iv.State] += min(iv.End, to) - max(iv.Start, from)
		}
		best, most := NotCreated, time.Duration(0)
		for s := Pending; s <= Blocked; s++ {
			if cover[s] > 0 && cover[s] >= most {
				best, most = s, cover[s]
			}
		}
		switch {
		case best != NotCreated:
			out[i] = best
		case r.Created == r.Ended && r.Created >= from && (r.Created < to || i == n-1):
			out[i] = zeroLife
		case r.Outcome.Ended() && from >= r.Ended:
			out[i] = r.Outcome
		default:
			out[i] = NotCreated
		}
	}
	if r.Outcome == Failed || r.Outcome == Canceled {
		for _, s := range out {
			if s == r.Outcome {
				return
			}
		}
		out[n-1] = r.Outcome
	}
}

// axis returns the axis line (bar+2 columns, under "│bar│") and the line of
// its labels. Tick t is at column round(t/d × (bar+1)), so 0 is under the
// left border and d under the right one; no tick is drawn in the column just
// before the right border. Labels are centred on their ticks,
// except the first (left-aligned) and one at the very end (right-aligned),
// with at least two spaces between them.
func (c *Chart) axis(bar int, fr frame, ascii bool) (axis, labels string) {
	cols := bar + 2
	col := func(t time.Duration) int {
		if c.duration == 0 {
			return 0
		}
		return int(scale(2*t, cols-1, int(c.duration))+1) / 2
	}
	extent := func(tk tick) (float64, float64) {
		at, n := col(tk.t), utf8.RuneCountInString(tk.label)
		switch {
		case tk.t == 0:
		case at == cols-1:
			at -= n - 1
		default:
			at -= (n - 1) / 2
		}
		return float64(at), float64(at + n)
	}
	fitsLine := func(tk tick) (float64, float64) {
		from, to := extent(tk)
		if to > float64(cols) {
			return from, 1e9 // off the end: never fits
		}
		return from, to
	}
	// At least minTickCells cells between ticks keeps the axis light.
	ticks := chooseTicks(c.duration, scale(c.duration, minTickCells, bar), ascii, fitsLine, 2)
	// A tick in the column next to the end would draw as a double tick,
	// "┼┤", labelled as if it were the end (1s of a 1.013s chart): leave it
	// out, label and all. "took" gives the end.
	ticks = slices.DeleteFunc(ticks, func(tk tick) bool { return tk.t > 0 && col(tk.t) == cols-2 })

	line := make([]rune, cols)
	for i := range line {
		line[i] = fr.axisLine
	}
	text := []rune(strings.Repeat(" ", cols))
	for _, tk := range ticks {
		line[col(tk.t)] = fr.axisTick
		from, _ := extent(tk)
		copy(text[int(from):], []rune(tk.label))
	}
	line[0], line[cols-1] = fr.axisStart, fr.axisEnd
	return string(line), string(text)
}

// writeLegend writes first, then each shown state's glyph and name, wrapped
// at width.
func writeLegend(b *strings.Builder, first string, shown [numStates]bool, width int, opt Options) {
	b.WriteString(first)
	col := utf8.RuneCountInString(first)
	for s := Pending; s < numStates; s++ {
		if !shown[s] || s == Done {
			continue
		}
		n := 2 + utf8.RuneCountInString(styles[s].label)
		if col+2+n > width {
			b.WriteByte('\n')
			col = 0
		} else {
			b.WriteString("  ")
			col += 2
		}
		writeRun(b, s, 1, opt)
		b.WriteString(" " + styles[s].label)
		col += n
	}
	b.WriteByte('\n')
}
