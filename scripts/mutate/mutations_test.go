package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every mutation still applies to the source and leaves Go that parses, so
// a change to package asyncio that makes one stale fails here, in the
// ordinary test run, and not only when the mutants are run.
func TestMutationsApply(t *testing.T) {
	names := map[string]bool{}
	for _, m := range mutations {
		if names[m.name] {
			t.Errorf("two mutations named %q", m.name)
		}
		names[m.name] = true
		b, err := os.ReadFile(filepath.Join("..", "..", m.file))
		if err != nil {
			t.Fatal(err)
		}
		if err := m.check(string(b)); err != nil {
			t.Errorf("%v\n\tthe source changed: update the mutation in scripts/mutate/mutations.go to the new code, then check that its tests still kill it: go run ./scripts/mutate -run '%s'", err, regexp.QuoteMeta(m.name))
			continue
		}
		mutated := strings.Replace(string(b), m.old, m.new, 1)
		if _, err := parser.ParseFile(token.NewFileSet(), m.file, mutated, 0); err != nil {
			t.Errorf("%s: the mutant does not parse: %v", m.name, err)
		}
		if m.tests == "" || m.old == m.new {
			t.Errorf("%s: no tests, or no change", m.name)
		}
	}
	if len(mutations) < 10 {
		t.Errorf("%d mutations; keep at least 10", len(mutations))
	}
}
