package main

import (
	"fmt"
	"strings"

	"github.com/rexasyncio/rexasyncio/examples"
)

// The command line is parsed here rather than by package flag, which cannot
// tell in which order boolean flags were given: "--lock --gather" must run lock
// first.
//
// Conventions, the same for every flag:
//   - a flag starts with one dash or two, as with package flag: -gather and
//     --gather are the same flag (and -h is --help);
//   - a value is attached with "=" (--color=never); a flag that takes no value
//     rejects one (--gather=yes is an error, not "true");
//   - positional arguments are rejected; "--" ends the flags, so anything
//     after it is a positional argument too.

// colorMode is the value of --color.
type colorMode string

const (
	colorAuto   colorMode = "auto"
	colorAlways colorMode = "always"
	colorNever  colorMode = "never"
)

// options is what the command line asks for.
type options struct {
	help, version, list bool

	examples []string // names of the example flags, in the order given, --run as the default's name
	all      bool     // --all: every example in order, instead of examples

	noSource, python, notes bool
	color                   colorMode

	timeline    bool   // --timeline: draw the chart after each example's output
	timelineSVG string // --timeline=FILE.svg: write the chart there
	ascii       bool   // --ascii: draw the chart in ASCII (implies --timeline)
}

// usageError is a command line that cannot be obeyed. Its message is one line,
// shown after "rexasyncio: ", and the command exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// flagArg says whether a flag takes a value after "=".
type flagArg int

const (
	noValue       flagArg = iota // --gather
	needsValue                   // --color=never
	optionalValue                // --timeline or --timeline=FILE.svg
)

// flagSpec is one flag the command knows.
type flagSpec struct {
	name    string // without dashes
	arg     flagArg
	usage   string // the flag as shown in the usage line and the help, e.g. "--color={auto,always,never}"
	help    string // its one-line description
	example bool   // an example flag: name is an example's name
	group   string // an example flag's examples.Example.Group
	set     func(o *options, value string, hasValue bool) error
}

// flagSpecs lists every flag in the order --help shows them: help, --run and
// the example flags (the post's, then the threads and processes), then this
// project's additions.
func flagSpecs() []flagSpec {
	def := examples.Default().Name
	specs := []flagSpec{
		{name: "h", usage: "-h", set: func(o *options, _ string, _ bool) error { o.help = true; return nil }},
		{name: "help", usage: "--help", help: "show this help message and exit",
			set: func(o *options, _ string, _ bool) error { o.help = true; return nil }},
		{name: "run", usage: "--run", help: "run the default example (--" + def + ")",
			set: func(o *options, _ string, _ bool) error { o.examples = append(o.examples, def); return nil }},
	}
	for _, ex := range examples.All() {
		name := ex.Name
		specs = append(specs, flagSpec{name: name, usage: "--" + name, help: ex.Summary, example: true, group: ex.Group,
			set: func(o *options, _ string, _ bool) error { o.examples = append(o.examples, name); return nil }})
	}
	return append(specs,
		flagSpec{name: "list", usage: "--list", help: "list the examples: what each shows and teaches",
			set: func(o *options, _ string, _ bool) error { o.list = true; return nil }},
		flagSpec{name: "all", usage: "--all", help: "run every example, in the order --list shows",
			set: func(o *options, _ string, _ bool) error { o.all = true; return nil }},
		flagSpec{name: "no-source", usage: "--no-source", help: "print each example's output only, not its source",
			set: func(o *options, _ string, _ bool) error { o.noSource = true; return nil }},
		flagSpec{name: "python", usage: "--python", help: "also print the example's Python counterpart",
			set: func(o *options, _ string, _ bool) error { o.python = true; return nil }},
		flagSpec{name: "notes", usage: "--notes", help: "also print how Go differs from Python there",
			set: func(o *options, _ string, _ bool) error { o.notes = true; return nil }},
		flagSpec{name: "color", arg: needsValue, usage: "--color={auto,always,never}",
			help: "colour and syntax highlighting; auto (the default) colours a terminal " +
				"unless NO_COLOR is set or TERM=dumb",
			set: setColor},
		flagSpec{name: "timeline", arg: optionalValue, usage: "--timeline[=FILE.svg]",
			help: "after the output, chart every task over time; with =FILE.svg, " +
				"write the chart to FILE.svg instead",
			set: setTimeline},
		flagSpec{name: "ascii", usage: "--ascii", help: "draw the chart in ASCII (implies --timeline)",
			set: func(o *options, _ string, _ bool) error { o.ascii = true; return nil }},
		flagSpec{name: "version", usage: "--version", help: "print the version and exit",
			set: func(o *options, _ string, _ bool) error { o.version = true; return nil }},
	)
}

func setColor(o *options, value string, _ bool) error {
	switch m := colorMode(value); m {
	case colorAuto, colorAlways, colorNever:
		o.color = m
		return nil
	case "":
		return usagef("--color= needs a value: auto, always or never")
	default:
		return usagef("invalid --color value %q: use auto, always or never", value)
	}
}

func setTimeline(o *options, value string, hasValue bool) error {
	if !hasValue {
		o.timeline = true
		return nil
	}
	if value == "" {
		return usagef("--timeline= needs a file name, as in --timeline=chart.svg")
	}
	o.timelineSVG = value
	return nil
}

// parseArgs parses the command line. Its errors are *usageError.
func parseArgs(args []string) (*options, error) {
	specs := flagSpecs()
	byName := make(map[string]*flagSpec, len(specs))
	for i := range specs {
		byName[specs[i].name] = &specs[i]
	}
	o := &options{color: colorAuto}
	flagsEnded := false
	for _, arg := range args {
		if arg == "" {
			return nil, usagef("empty argument; see rexasyncio --help")
		}
		if arg == "--" && !flagsEnded {
			flagsEnded = true
			continue
		}
		if flagsEnded || arg == "-" || !strings.HasPrefix(arg, "-") {
			return nil, positionalError(arg, specs)
		}
		name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
		name, value, hasValue := strings.Cut(name, "=")
		spec, ok := byName[name]
		if !ok {
			return nil, unknownFlagError(arg, name, specs)
		}
		switch {
		case spec.arg == noValue && hasValue:
			return nil, usagef("%s takes no value (got %q)", displayName(spec), arg)
		case spec.arg == needsValue && !hasValue:
			return nil, usagef("%s needs a value: %s", displayName(spec), spec.usage)
		}
		if err := spec.set(o, value, hasValue); err != nil {
			return nil, err
		}
	}
	if o.ascii {
		o.timeline = true
	}
	return o, nil
}

// displayName is how messages name a flag: "--gather", or "-h".
func displayName(spec *flagSpec) string {
	if len(spec.name) == 1 {
		return "-" + spec.name
	}
	return "--" + spec.name
}

func unknownFlagError(arg, name string, specs []flagSpec) error {
	if s := suggestFlag(name, specs); s != "" {
		return usagef("unknown flag %s (did you mean %s?); see rexasyncio --help", quoteIfOdd(arg), s)
	}
	return usagef("unknown flag %s; see rexasyncio --help", quoteIfOdd(arg))
}

func positionalError(arg string, specs []flagSpec) error {
	if s := suggestFlag(arg, specs); s != "" {
		return usagef("unexpected argument %q (did you mean %s?); see rexasyncio --help", arg, s)
	}
	return usagef("unexpected argument %q: rexasyncio takes only flags; see rexasyncio --help", arg)
}

// quoteIfOdd quotes an argument that would not read as a flag in a message:
// one with spaces or control characters, so the message stays on one line.
func quoteIfOdd(arg string) string {
	if strings.ContainsFunc(arg, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Sprintf("%q", arg)
	}
	return arg
}
