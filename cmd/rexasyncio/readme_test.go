package main

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/rexasyncio/rexasyncio/examples"
)

var update = flag.Bool("update", false, "rewrite the README's generated table of examples")

// The README's table of examples is generated from the registry, so that it
// cannot drift from what the command runs.
const (
	readmePath       = "../../README.md"
	tableBeginMarker = "<!-- examples table: generated from the registry by `go test ./cmd/rexasyncio -update`; do not edit -->\n"
	tableEndMarker   = "<!-- end of examples table -->\n"
)

// examplesTable is the Markdown table of the examples for the README.
func examplesTable() string {
	cell := func(s string) string { return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`) }
	var b strings.Builder
	b.WriteString("| flag | what it shows | Python → Go |\n| --- | --- | --- |\n")
	for _, ex := range examples.All() {
		b.WriteString("| `--" + ex.Name + "` | " + cell(ex.Summary) + " | " + cell(ex.Teaches) + " |\n")
	}
	return b.String()
}

func TestReadmeTableIsInSync(t *testing.T) {
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	before, rest, ok1 := strings.Cut(readme, tableBeginMarker)
	_, after, ok2 := strings.Cut(rest, tableEndMarker)
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the markers around the examples table:\n%s%s", tableBeginMarker, tableEndMarker)
	}
	want := before + tableBeginMarker + examplesTable() + tableEndMarker + after
	if readme == want {
		return
	}
	if *update {
		if err := os.WriteFile(readmePath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's table of examples is out of date: run go test ./cmd/rexasyncio -update")
}
