package sidebyside_test

import (
	"reflect"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/internal/sidebyside"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const goSource = `// Package demo is a demo.
package demo

import "fmt"

// endOfJobs ends the jobs.
const endOfJobs = -1

// helloWorld1 says hello.
// Twice documented.
func helloWorld1() { fmt.Println("hi") }

type outcome struct{ ok bool }

// A floating comment.

func Run() error {
	return nil
}
`

const pySource = `"""demo: a demo.

def not_a_function(): this is the docstring
"""

import asyncio

END_OF_JOBS = None  # the end


# A comment above.
async def hello_world1():
    """Say hello."""
    print("hi")


@decorated
def helper(x: int = 1):
    return x


async def main():
    await hello_world1()


if __name__ == "__main__":
    asyncio.run(main())
`

type named struct {
	Name           string
	From, Head, To int
}

func blocksOf(bs []sidebyside.Block) []named {
	var out []named
	for _, b := range bs {
		out = append(out, named{b.Name, b.From, b.Head, b.To})
	}
	return out
}

func TestGoBlocks(t *testing.T) {
	got := blocksOf(sidebyside.GoBlocks(goSource))
	want := []named{
		{"", 0, 0, 4},
		{"endOfJobs", 5, 6, 7},
		{"helloWorld1", 8, 10, 11},
		{"outcome", 12, 12, 13},
		{"Run", 14, 16, 19},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GoBlocks =\n%v\nwant\n%v", got, want)
	}
	if got := sidebyside.GoBlocks("not Go"); got != nil {
		t.Errorf("GoBlocks(not Go) = %v, want nil", got)
	}
	if got := blocksOf(sidebyside.GoBlocks("package p\n\nimport \"fmt\"\n")); !reflect.DeepEqual(got, []named{{"", 0, 0, 3}}) {
		t.Errorf("GoBlocks(no declarations) = %v", got)
	}
}

func TestPythonBlocks(t *testing.T) {
	got := blocksOf(sidebyside.PythonBlocks(pySource))
	want := []named{
		{"", 0, 0, 6},
		{"END_OF_JOBS", 7, 7, 8},
		{"hello_world1", 10, 11, 14},
		{"helper", 16, 17, 19},
		{"main", 21, 21, 23},
		{"__main__", 25, 25, 27},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PythonBlocks =\n%v\nwant\n%v", got, want)
	}
}

func TestSameName(t *testing.T) {
	for _, tt := range []struct {
		py, golang string
		same       bool
	}{
		{"hello_world1", "helloWorld1", true},
		{"END_OF_JOBS", "endOfJobs", true},
		{"main", "Run", true},
		{"", "", true},
		{"main", "main", true},
		{"run", "Run", true},
		{"worker", "workers", false},
		{"__main__", "Run", false},
		{"main", "", false},
	} {
		if got := sidebyside.SameName(tt.py, tt.golang); got != tt.same {
			t.Errorf("SameName(%q, %q) = %v, want %v", tt.py, tt.golang, got, tt.same)
		}
	}
}

func TestAlign(t *testing.T) {
	blocks := func(names ...string) []sidebyside.Block {
		var bs []sidebyside.Block
		for _, n := range names {
			bs = append(bs, sidebyside.Block{Name: n})
		}
		return bs
	}
	show := func(ps []sidebyside.Pair) string {
		var s []string
		for _, p := range ps {
			l, r := "-", "-"
			if p.Left != nil {
				l = p.Left.Name
			}
			if p.Right != nil {
				r = p.Right.Name
			}
			s = append(s, l+"|"+r)
		}
		return strings.Join(s, " ")
	}
	for _, tt := range []struct {
		left, right []sidebyside.Block
		want        string
	}{
		{blocks("h", "a", "b", "main"), blocks("h", "a", "b", "Run"), "h|h a|a b|b main|Run"},
		{blocks("h", "a", "main", "__main__"), blocks("h", "a", "poll", "Run", "sleep"),
			"h|h a|a -|poll main|Run __main__|- -|sleep"},
		{blocks("b", "a"), blocks("a", "b"), "b|- a|a -|b"},
		{nil, blocks("a"), "-|a"},
		{blocks("a"), nil, "a|-"},
	} {
		got := show(sidebyside.Align(tt.left, tt.right, sidebyside.SameName))
		if got != tt.want {
			t.Errorf("Align = %s, want %s", got, tt.want)
		}
	}
}

func TestColumns(t *testing.T) {
	left := sidebyside.Source{Title: "l.py", Lines: strings.Split("x\ndef f():\n    pass", "\n")}
	right := sidebyside.Source{Title: "r.go", Lines: strings.Split("y\n// f does.\n// Twice.\nfunc f() {}", "\n")}
	pairs := []sidebyside.Pair{
		{Left: &sidebyside.Block{From: 0, To: 1}, Right: &sidebyside.Block{From: 0, To: 1}},
		{Left: &sidebyside.Block{Name: "f", From: 1, Head: 1, To: 3},
			Right: &sidebyside.Block{Name: "f", From: 1, Head: 3, To: 4}},
	}
	lay := sidebyside.Layout{Width: 40, Rule: "-", Gutter: " | "}
	got := sidebyside.Columns(pairs, left, right, lay)
	want := "" +
		"l.py     | r.go\n" +
		"-------- | -----------\n" +
		"x        | y\n" +
		"         |\n" +
		"         | // f does.\n" +
		"         | // Twice.\n" +
		"def f(): | func f() {}\n" +
		"    pass |\n"
	if got != want {
		t.Errorf("Columns =\n%s\nwant\n%s", got, want)
	}

	seq := sidebyside.Sequence(pairs[1:], left, right, sidebyside.Layout{Width: 20, Rule: "-"})
	wantSeq := "" +
		"-- l.py ------------\n" +
		"def f():\n" +
		"    pass\n" +
		"\n" +
		"-- r.go ------------\n" +
		"// f does.\n" +
		"// Twice.\n" +
		"func f() {}\n"
	if seq != wantSeq {
		t.Errorf("Sequence =\n%s\nwant\n%s", seq, wantSeq)
	}
}

// TestColumnsWrap: a line too long for its column continues on the next
// row, its colour ended before the gutter and set again after it.
func TestColumnsWrap(t *testing.T) {
	red, reset := "\x1b[31m", "\x1b[0m"
	left := sidebyside.Source{Title: "l", Lines: []string{"abc"}}
	right := sidebyside.Source{Title: "r", Lines: []string{red + "0123456789" + reset + "ab"}}
	pairs := []sidebyside.Pair{{Left: &sidebyside.Block{To: 1}, Right: &sidebyside.Block{To: 1}}}
	got := sidebyside.Columns(pairs, left, right, sidebyside.Layout{Width: 12, Rule: "-", Gutter: " | "})
	want := "" +
		"l   | r\n" +
		"--- | ------\n" +
		"abc | " + red + "012345" + reset + "\n" +
		"    | " + red + "6789" + reset + "ab\n"
	if got != want {
		t.Errorf("Columns =\n%q\nwant\n%q", got, want)
	}
}
