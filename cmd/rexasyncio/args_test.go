package main

import (
	"errors"
	"reflect"
	"testing"
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
		{[]string{"--version", "--list"}, options{color: colorAuto, version: true, list: true}},
		{[]string{"--gather", "--"}, options{color: colorAuto, examples: []string{"gather"}}},
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
	for _, args := range [][]string{{"--nope"}, {"x"}, {""}, {"--gather=1"}, {"--color"}, {"--timeline="}} {
		_, err := parseArgs(args)
		if _, ok := errors.AsType[*usageError](err); !ok {
			t.Errorf("parseArgs(%q) error = %v, want a *usageError", args, err)
		}
	}
}

func TestSuggestFlag(t *testing.T) {
	specs := flagSpecs()
	tests := []struct{ typed, want string }{
		{"--gahter", "--gather"}, // transposition
		{"--gathr", "--gather"},  // deletion
		{"-GATHER", "--gather"},  // case
		{"--gat", "--gather"},    // unique prefix
		{"--time", "--timeline"}, // unique prefix
		{"--colour", "--color"},  // spelling
		{"--nosource", "--no-source"},
		{"--no_source", "--no-source"},
		{"--queu", "--queue"}, // prefix of three, closest wins
		{"--queuex", "--queue"},
		{"---lock", "--lock"},
		{"--verison", "--version"},
		{"hello", "--helloio"},
		{"--xyzzy", ""},
		{"--q", ""},
		{"--", ""},
	}
	for _, tt := range tests {
		if got := suggestFlag(tt.typed, specs); got != tt.want {
			t.Errorf("suggestFlag(%q) = %q, want %q", tt.typed, got, tt.want)
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
