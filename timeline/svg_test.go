package timeline_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/rexasyncio/rexasyncio/timeline"
)

// svgSummary is what TestSVG checks in a document: it must parse as XML.
type svgSummary struct {
	root  xml.Name
	attrs map[string]string
	title string
	rows  []string // data-task of each <g class="row">, in order
	rects int
}

func parseSVG(t *testing.T, doc []byte) svgSummary {
	t.Helper()
	var s svgSummary
	d := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	inTitle := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, doc)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			attrs := make(map[string]string)
			for _, a := range tok.Attr {
				attrs[a.Name.Local] = a.Value
			}
			if depth == 1 {
				s.root, s.attrs = tok.Name, attrs
			}
			inTitle = depth == 2 && tok.Name.Local == "title"
			if tok.Name.Local == "g" && attrs["class"] == "row" {
				s.rows = append(s.rows, attrs["data-task"])
			}
			if tok.Name.Local == "rect" && attrs["class"] != "background" {
				s.rects++
			}
		case xml.EndElement:
			depth--
			inTitle = false
		case xml.CharData:
			if inTitle {
				s.title += string(tok)
			}
		}
	}
	return s
}

func TestSVG(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.name, func(t *testing.T) {
			c := timeline.NewChart(events(t, sc.tasks, nil))
			var buf bytes.Buffer
			if err := c.SVG(&buf); err != nil {
				t.Fatal(err)
			}
			s := parseSVG(t, buf.Bytes())
			if s.root.Space != "http://www.w3.org/2000/svg" || s.root.Local != "svg" {
				t.Errorf("root element is %v, want svg in the SVG namespace", s.root)
			}
			if !strings.HasPrefix(s.attrs["viewBox"], "0 0 ") {
				t.Errorf("viewBox = %q", s.attrs["viewBox"])
			}
			if !strings.Contains(s.title, "took") {
				t.Errorf("title = %q, want the chart's duration", s.title)
			}
			var want []string
			for _, r := range c.Rows() {
				want = append(want, r.Name)
			}
			if !slices.Equal(s.rows, want) {
				t.Errorf("rows = %q, want one per task: %q", s.rows, want)
			}
			if len(want) > 0 && s.rects == 0 {
				t.Error("no rects")
			}
		})
	}
}

func TestSVGEscapesNames(t *testing.T) {
	c := timeline.NewChart(events(t, []task{
		{"<main> & \"friends\"\x01", "", "created@0s started@0s finished@1s"},
	}, nil))
	var buf bytes.Buffer
	if err := c.SVG(&buf); err != nil {
		t.Fatal(err)
	}
	// XML cannot hold control characters: they become U+FFFD.
	if s := parseSVG(t, buf.Bytes()); !slices.Equal(s.rows, []string{"<main> & \"friends\"\uFFFD"}) {
		t.Errorf("rows = %q", s.rows)
	}
}

func TestSVGGolden(t *testing.T) {
	for _, name := range []string{"sequential", "concurrent", "every-state", "zero-duration", "event-loop"} {
		i := slices.IndexFunc(scripts, func(sc struct {
			name  string
			tasks []task
		}) bool {
			return sc.name == name
		})
		var buf bytes.Buffer
		if err := timeline.NewChart(events(t, scripts[i].tasks, nil)).SVG(&buf); err != nil {
			t.Fatal(err)
		}
		golden(t, name+".svg", buf.Bytes())
	}
}
