package main

import (
	"strings"
	"testing"
	"testing/synctest"
	"unicode"

	"github.com/rexasyncio/rexasyncio/examples"
)

func TestRenderNotes(t *testing.T) {
	const (
		H = ansiHeading
		C = ansiCode
		E = ansiEmphasis
		S = ansiStrong
		L = ansiLink
		F = ansiCodeBox
		R = ansiReset
	)
	tests := []struct {
		name    string
		md      string
		width   int
		plain   string // without colour
		colored string // with colour; "" to skip
	}{
		{"heading", "# gather: how Go differs\n", 80,
			"gather: how Go differs\n",
			H + "gather: how Go differs" + R + "\n"},
		{"code with spaces", "`for x := range xs`", 80,
			"for x := range xs\n",
			C + "for x := range xs" + R + "\n"},
		{"inline code", "Use `asyncio.Gather` here.", 80,
			"Use asyncio.Gather here.\n",
			"Use " + C + "asyncio.Gather" + R + " here.\n"},
		{"code with a suffix", "two `print`s whole", 80,
			"two prints whole\n",
			"two " + C + "print" + R + "s whole\n"},
		{"double backticks", "a ``x`y`` b", 80, "a x`y b\n", "a " + C + "x`y" + R + " b\n"},
		{"emphasis and strong", "two *sets*, **not** lists", 80,
			"two sets, not lists\n",
			"two " + E + "sets" + R + ", " + S + "not" + R + " lists\n"},
		{"underscores", "_this_ but not snake_case_name or 2*3*4", 80,
			"this but not snake_case_name or 2*3*4\n",
			E + "this" + R + " but not snake_case_name or 2*3*4\n"},
		{"unmatched marks stay", "a `b and *c", 80, "a `b and *c\n", "a `b and *c\n"},
		{"code keeps its marks", "`*x*` and `__aiter__`", 80,
			"*x* and __aiter__\n",
			C + "*x*" + R + " and " + C + "__aiter__" + R + "\n"},
		{"link", "see [the post](https://example.com/p) and [x](x)", 80,
			"see the post (https://example.com/p) and x\n",
			"see " + L + "the post (https://example.com/p)" + R + " and " + L + "x" + R + "\n"},
		{"tight list, wrapped with a hanging indent",
			"- one two three\n  four\n- five six\n", 12,
			"• one two\n  three four\n• five six\n", ""},
		{"loose list and paragraphs", "para\ngraph\n\n- a\n\n- b\n\n1. c\n2. d\n", 80,
			"para graph\n\n• a\n\n• b\n\n1. c\n2. d\n", ""},
		{"fenced code", "text\n\n```go\nfunc f() {\n\treturn\n}\n```\n\nmore\n", 80,
			"text\n\n    func f() {\n        return\n    }\n\nmore\n", ""},
		{"fenced code, unknown language", "```\nx := 1\n```\n", 80,
			"    x := 1\n",
			"    " + F + "x := 1" + R + "\n"},
		{"indented code", "text:\n\n    a := 1\n\n    b := 2\n\nend\n", 80,
			"text:\n\n    a := 1\n\n    b := 2\n\nend\n", ""},
		{"a word longer than the line", "a " + strings.Repeat("x", 20) + " b", 10,
			"a\n" + strings.Repeat("x", 20) + "\nb\n", ""},
		{"table rows as written", "| a | `b` |\n| - | - |\n", 80, "| a | `b` |\n| - | - |\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderNotes(tt.md, tt.width, false, false); got != tt.plain {
				t.Errorf("without colour:\n%q\nwant\n%q", got, tt.plain)
			}
			if tt.colored == "" {
				return
			}
			if got := renderNotes(tt.md, tt.width, true, false); got != tt.colored {
				t.Errorf("with colour:\n%q\nwant\n%q", got, tt.colored)
			}
		})
	}
}

func TestRenderNotesHighlightsCode(t *testing.T) {
	got := renderNotes("```go\nfunc f() {}\n```\n", 80, true, false)
	if !strings.HasPrefix(got, codeIndent+"\x1b[") || !strings.Contains(got, "func") {
		t.Errorf("Go code block with colour = %q, want it indented and highlighted", got)
	}
}

// letters returns the letters and digits of s, which rendering the notes
// must keep, in order, whatever it does to their marks and spaces.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// TestNotesAreRendered checks every example's --notes: the words of the
// Markdown, in order, without its marks, within the page; with colour,
// escapes only where asked for.
func TestNotesAreRendered(t *testing.T) {
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := runCLIQuick("--"+ex.Name, "--no-source", "--notes")
				r.check(t, exitOK)
				got := section(t, r.stdout, "notes: how Go differs in --"+ex.Name)
				if letters(got) != letters(ex.Notes) {
					t.Errorf("--notes printed:\n%s\nwant the words of:\n%s", got, ex.Notes)
				}
				for i, line := range strings.Split(got, "\n") {
					trimmed := strings.TrimSpace(line)
					if strings.ContainsAny(line, "`\x1b") || strings.HasPrefix(trimmed, "#") ||
						strings.HasPrefix(trimmed, "- ") || strings.Contains(line, "**") {
						t.Errorf("line %d has Markdown marks or escapes: %q", i+1, line)
					}
				}
				r = runCLIEnv(quick(fakeEnv(true)), "--"+ex.Name, "--no-source", "--notes")
				r.check(t, exitOK)
				_, colored, _ := strings.Cut(r.stdout, "notes: how Go differs in --"+ex.Name)
				if !strings.Contains(colored, ansiHeading) {
					t.Errorf("on a terminal, the heading is not styled:\n%q", colored)
				}
				if strings.Contains(ex.Notes, "`") && !strings.Contains(colored, ansiCode) {
					t.Errorf("on a terminal, inline code is not styled:\n%q", colored)
				}
			})
		})
	}
}
