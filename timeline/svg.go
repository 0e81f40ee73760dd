package timeline

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SVG geometry, in pixels.
const (
	svgWidth      = 760.0
	svgMargin     = 10.0
	svgCharW      = 7.2 // of the 12px monospace font, for laying out text
	svgRowH       = 20.0
	svgBarH       = 14.0
	svgTop        = 34.0  // where the first row starts, below the caption
	svgMaxName    = 24    // characters of a task name before it is cut
	svgMinMarker  = 3.0   // width of a task whose life takes no time
	svgMinTickGap = 100.0 // between ticks on the axis
)

// SVG writes the chart as a standalone SVG document: a caption, one
// <g class="row"> per task (its name and a <rect> per interval, each with a
// <title> tooltip naming the state and its times), a time axis (in the
// units Render uses) and a legend of the states shown. Unlike Render it draws every interval at
// its exact position; like Render it leaves a task blank before its creation
// and after it is done, and draws failed and canceled faintly. A task whose
// life takes no time is a thin marker, in full colour even if it failed or
// was canceled. The document has a white background so
// that it reads on dark pages too. SVG returns the error of writing to w,
// which it writes to once.
func (c *Chart) SVG(w io.Writer) error {
	var b strings.Builder
	c.svg(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (c *Chart) svg(b *strings.Builder) {
	nameChars := 0
	for _, r := range c.rows {
		nameChars = max(nameChars, min(svgMaxName, utf8.RuneCountInString(r.Name)))
	}
	plotX := svgMargin + float64(nameChars)*svgCharW + 10
	plotW := svgWidth - plotX - 2*svgMargin
	x := func(t time.Duration) float64 {
		if c.duration == 0 {
			return plotX
		}
		return plotX + float64(t)/float64(c.duration)*plotW
	}
	axisY := svgTop + float64(len(c.rows))*svgRowH + 4

	var shown [numStates]bool
	var body strings.Builder
	for i, r := range c.rows {
		y := svgTop + float64(i)*svgRowH
		fmt.Fprintf(&body, `<g class="row" data-task="%s">`+"\n", esc(r.Name))
		fmt.Fprintf(&body, `<text x="%s" y="%s">%s</text>`+"\n",
			num(svgMargin), num(y+svgBarH-3), esc(fitName(r.Name, min(nameChars, utf8.RuneCountInString(r.Name)), "…")))
		if r.Created == r.Ended {
			// A life that takes no time: a thin marker at its instant.
			s := Running
			if r.Outcome == Failed || r.Outcome == Canceled {
				s = r.Outcome
			}
			shown[s] = true
			at := min(x(r.Created), plotX+plotW-svgMinMarker)
			svgRect(&body, r.Name, s, at, y, svgMinMarker, span(r.Created, r.Ended, c.duration), false)
		}
		for _, iv := range r.Intervals {
			if iv.State == Done {
				continue
			}
			shown[iv.State] = true
			svgRect(&body, r.Name, iv.State, x(iv.Start), y, x(iv.End)-x(iv.Start), span(iv.Start, iv.End, c.duration), iv.State.Ended())
		}
		body.WriteString("</g>\n")
	}
	c.svgAxis(&body, x, plotX, plotW, axisY)
	height := c.svgLegend(&body, shown, axisY+40)

	took := "took " + formatTook(c.Took(), false)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`+"\n",
		num(svgWidth), num(height), num(svgWidth), num(height))
	fmt.Fprintf(b, "<title>Tasks over time: %s, %s</title>\n", tasks(len(c.rows)), took)
	fmt.Fprintf(b, `<rect class="background" width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	fmt.Fprintf(b, `<text class="caption" x="%s" y="20" fill="#222222">%s, %s</text>`+"\n", num(svgMargin), tasks(len(c.rows)), took)
	b.WriteString(body.String())
	b.WriteString("</svg>\n")
}

// svgRect draws an interval; faint is for the time after a task's end.
func svgRect(b *strings.Builder, task string, s State, x, y, w float64, span string, faint bool) {
	opacity := ""
	if faint {
		opacity = ` fill-opacity="0.35"`
	}
	fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="%s" height="%s" fill="%s"%s><title>%s: %s %s</title></rect>`+"\n",
		cssClass(s), num(x), num(y), num(w), num(svgBarH), styles[s].fill, opacity,
		esc(task), esc(s.String()), span)
}

func (c *Chart) svgAxis(b *strings.Builder, x func(time.Duration) float64, plotX, plotW, y float64) {
	extent := func(tk tick) (float64, float64) {
		w := float64(utf8.RuneCountInString(tk.label)) * svgCharW
		at := x(tk.t)
		return at - w/2, at + w/2
	}
	minStep := time.Duration(float64(c.duration) * svgMinTickGap / plotW)
	ticks := chooseTicks(c.duration, minStep, false, extent, 2*svgCharW)
	b.WriteString(`<g class="axis" stroke="#444444">` + "\n")
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(plotX), num(y), num(plotX+plotW), num(y))
	for _, tk := range ticks {
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(x(tk.t)), num(y), num(x(tk.t)), num(y+5))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" stroke="none" fill="#222222">%s</text>`+"\n",
			num(x(tk.t)), num(y+18), tk.label)
	}
	b.WriteString("</g>\n")
}

// svgLegend writes a swatch and a name per shown state, wrapping at the
// document's width, and returns the document's height.
func (c *Chart) svgLegend(b *strings.Builder, shown [numStates]bool, y float64) float64 {
	b.WriteString(`<g class="legend">` + "\n")
	x := svgMargin
	for s := Pending; s < numStates; s++ {
		if !shown[s] {
			continue
		}
		w := 18 + float64(utf8.RuneCountInString(s.String()))*svgCharW + 14
		if x+w > svgWidth-svgMargin && x > svgMargin {
			x, y = svgMargin, y+18
		}
		opacity := ""
		if s.Ended() {
			opacity = ` fill-opacity="0.35"`
		}
		fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="12" height="12" fill="%s"%s/>`+"\n",
			cssClass(s), num(x), num(y-10), styles[s].fill, opacity)
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="#222222">%s</text>`+"\n", num(x+18), num(y), esc(s.String()))
		x += w
	}
	b.WriteString("</g>\n")
	return y + 12
}

// span writes from–to for a tooltip, in the unit of a chart that lasts d,
// rounded to a thousandth of it.
func span(from, to, d time.Duration) string {
	unit := unitFor(d)
	return formatIn(from.Round(unit/1000), unit, false) + "–" + formatIn(to.Round(unit/1000), unit, false)
}

// cssClass names a state in SVG class attributes: "running", "in-a-thread".
func cssClass(s State) string { return strings.ReplaceAll(s.String(), " ", "-") }

// num formats an SVG coordinate with at most two decimals.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// tasks says how many tasks a chart has, in words: "1 task", "3 tasks".
func tasks(n int) string {
	if n == 1 {
		return "1 task"
	}
	return strconv.Itoa(n) + " tasks"
}
