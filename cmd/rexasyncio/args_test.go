package main

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args []string
		want options
	}{
		{nil, options{color: colorAuto}},
		{[]string{"--lock", "--gather", "--lock"}, options{color: colorAuto, examples: []string{"lock", "gather", "lock"}}},
		{[]string{"-gather", "--run"}, options{color: colorAuto, examples: []string{"gather", "helloio"}}},
		{[]string{"--all", "--no-source", "--python", "--notes"}, options{color: colorAuto, all: true, noSource: true, python: true, notes: true}},
		{[]string{"--color=never", "--color=always"}, options{color: colorAlways}},
		{[]string{"-color=never"}, options{color: colorNever}},
		{[]string{"--timeline"}, options{color: colorAuto, timeline: true}},
		{[]string{"--timeline=a.svg"}, options{color: colorAuto, timelineSVG: "a.svg"}},
		{[]string{"--ascii"}, options{color: colorAuto, timeline: true, ascii: true}},
		{[]string{"-h"}, options{color: colorAuto, help: true}},
		{[]string{"--h"}, options{color: colorAuto, help: true}},
		{[]string{"--version", "--color=never"}, options{color: colorNever, version: true}},
		{[]string{"--help", "--list", "--gather"}, options{color: colorAuto, help: true, list: true, examples: []string{"gather"}}},
		{[]string{"\u2013gather", "\u2014lock"}, options{color: colorAuto, examples: []string{"gather", "lock"}, notices: []string{
			`read "–gather" as "--gather": an en dash (U+2013) is not a hyphen`,
			`read "—lock" as "--lock": an em dash (U+2014) is not a hyphen`,
		}}},
		{[]string{"-\u2013timeline=x.SVG"}, options{color: colorAuto, timelineSVG: "x.SVG", notices: []string{
			`read "-–timeline=x.SVG" as "--timeline=x.SVG": an en dash (U+2013) is not a hyphen`,
		}}},
		{[]string{"--gather", "--"}, options{color: colorAuto, examples: []string{"gather"}}},
		{[]string{"--color", "never"}, options{color: colorNever}},
		{[]string{"--eject", "dir", "--gather"}, options{color: colorAuto, eject: "dir", examples: []string{"gather"}}},
		{[]string{"--eject=-dir", "--goroutines"}, options{color: colorAuto, eject: "-dir", goroutines: true}},
		{[]string{"--gather", "--stdlib", "--compare", "--times"}, options{color: colorAuto, examples: []string{"gather"}, stdlib: true, compare: true, times: true}},
		{[]string{"--all", "--stdlib"}, options{color: colorAuto, all: true, stdlib: true}},
	}
	for _, tt := range tests {
		got, err := parseArgs(tt.args)
		if err != nil {
			t.Errorf("parseArgs(%q): %v", tt.args, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("parseArgs(%q) = %+v, want %+v", tt.args, *got, tt.want)
		}
	}
}

func TestParseArgsErrorsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"--nope"}, {"x"}, {""}, {"--gather=1"}, {"--color"}, {"--timeline="},
		{"--list", "--all"}, {"--timeline=x.png"}, {"--", "x"}, {"--q"}} {
		_, err := parseArgs(args)
		if _, ok := errors.AsType[*usageError](err); !ok {
			t.Errorf("parseArgs(%q) error = %v, want a *usageError", args, err)
		}
	}
}

func TestMatchFlag(t *testing.T) {
	specs := flagSpecs()
	tests := []struct {
		typed     string
		best      string
		ambiguous []string
	}{
		{"--gahter", "--gather", nil},  // transposition
		{"--gathr", "--gather", nil},   // deletion
		{"-GATHER", "--gather", nil},   // case
		{"--gat", "--gather", nil},     // unique prefix
		{"--time", "--times", nil},     // closest
		{"--timel", "--timeline", nil}, // unique prefix
		{"--std", "--stdlib", nil},     // unique prefix
		{"--v", "--version", nil},      // unique prefix of one letter
		{"--colour", "--color", nil},   // spelling
		{"--nosource", "--no-source", nil},
		{"--no_source", "--no-source", nil},
		{"--queu", "--queue", nil}, // prefix of three, closest wins
		{"--queuex", "--queue", nil},
		{"---lock", "--lock", nil},
		{"--verison", "--version", nil},
		{"hello", "--helloio", nil},
		{"--xyzzy", "", nil},
		{"--q", "", []string{"--queue", "--queuel", "--queuec"}},
		{"--n", "", []string{"--no-source", "--notes"}},
		{"--", "", nil},
		{"--" + strings.Repeat("g", 100_000), "", nil},
	}
	for _, tt := range tests {
		got := matchFlag(tt.typed, specs)
		if got.best != tt.best || !slices.Equal(got.ambiguous, tt.ambiguous) {
			t.Errorf("matchFlag(%.20q) = %+v, want best %q, ambiguous %q", tt.typed, got, tt.best, tt.ambiguous)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	tests := []struct{ in, want string }{
		{"", ""},
		{"--gather", "--gather"},
		{strings.Repeat("é", 80), strings.Repeat("é", 80)},
		{strings.Repeat("é", 81), strings.Repeat("é", 79) + "…"},
		{long, long[:79] + "…"},
		{"\xff" + long, "\xff" + long[:78] + "…"},
	}
	for _, tt := range tests {
		if got := clip(tt.in); got != tt.want {
			t.Errorf("clip(%.20q…) = %.20q… (%d characters), want %.20q…", tt.in, got, utf8.RuneCountInString(got), tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"gather", "gather", 0},
		{"gahter", "gather", 1}, {"gather", "gathre", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
