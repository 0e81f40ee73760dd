package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rexasyncio/rexasyncio/examples"
)

// The command line is parsed here rather than by package flag, which cannot
// tell in which order boolean flags were given: "--lock --gather" must run lock
// first.
//
// Conventions, the same for every flag:
//   - a flag starts with one dash or two, as with package flag: -gather and
//     --gather are the same flag (and -h is --help);
//   - a value is attached with "=" (--color=never); a flag that needs one
//     also takes the next argument (--eject DIR), unless it starts with a
//     dash; a flag that takes no value rejects one (--gather=yes is an
//     error, not "true");
//   - positional arguments are rejected; "--" ends the flags, so anything
//     after it is a positional argument too;
//   - a flag typed with an en or em dash ("–gather", as web pages render
//     "--gather") is read as the flag, with a notice on stderr;
//   - flags that ask for different things (--list --gather) are refused,
//     except --help, which goes with any; so is --goroutines with an
//     example that runs on goroutines only (--thread), where it would
//     change nothing; --stdlib with an example that has no standard-library
//     form; --compare with --no-source or --python; and --eject, which
//     writes one example and runs none, with anything but --goroutines,
//     --color and one example flag;
//   - messages show at most maxShown characters of an argument.

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

	// stdlib: also run the example on the standard library alone and
	// print that program. compare: print the Python beside each Go form
	// printed. times: stamp each output line with its moment.
	stdlib, compare, times bool

	// eject: write the example as a program of its own into this
	// directory, instead of running it.
	eject string

	// goroutines: run the post's examples on free goroutines
	// (examples.Goroutines) rather than on the event loop.
	goroutines bool

	timeline    bool   // --timeline: draw the chart after each example's output
	timelineSVG string // --timeline=FILE.svg: write the chart there
	ascii       bool   // --ascii: draw the chart in ASCII (implies --timeline)

	// notices are one-line remarks for stderr about how the command line
	// was read ("–gather" read as "--gather"), printed if it is obeyed.
	notices []string
}

// usageError is a command line that cannot be obeyed. Its message is one line,
// shown after "rexasyncio: ", and the command exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// maxShown is how many characters of an argument a message shows: a
// 100,000-character argument must not come back whole.
const maxShown = 80

// clip returns s cut to maxShown characters, the last an ellipsis, for
// messages. Invalid UTF-8 bytes count as a character each and are kept (%q
// shows them).
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxShown {
		return s
	}
	n := 0
	for i := range s {
		if n == maxShown-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// flagArg says whether a flag takes a value after "=".
type flagArg int

const (
	noValue       flagArg = iota // --gather
	needsValue                   // --color=never
	optionalValue                // --timeline or --timeline=FILE.svg
)

// flagRole is what a flag does, for finding flags that conflict.
type flagRole int

const (
	roleOption flagRole = iota // --color: applies whatever the command does
	roleHelp                   // -h, --help: shows the help, whatever else is given
	roleInfo                   // --version, --list: print something and exit, running nothing
	roleSelect                 // --gather, --run, --all: which examples run
	roleRun                    // --no-source, --timeline, ...: how examples run
	roleEject                  // --eject: write an example out, running nothing
)

// flagSpec is one flag the command knows.
type flagSpec struct {
	name    string // without dashes
	role    flagRole
	arg     flagArg
	usage   string          // the flag as shown in the usage line and the help, e.g. "--color={auto,always,never}"
	help    string          // its one-line description
	example bool            // an example flag: name is an example's name
	group   string          // an example flag's examples.Example.Group
	modes   []examples.Mode // an example flag's examples.Example.Modes
	stdlib  bool            // an example flag's example has a standard-library form
	set     func(o *options, value string, hasValue bool) error
}

// flagSpecs lists every flag in the order --help shows them: help, --run and
// the example flags (the post's, then the threads and processes), then this
// project's additions.
func flagSpecs() []flagSpec {
	def := examples.Default().Name
	specs := []flagSpec{
		{name: "h", role: roleHelp, usage: "-h", set: func(o *options, _ string, _ bool) error { o.help = true; return nil }},
		{name: "help", role: roleHelp, usage: "--help", help: "show this help message and exit",
			set: func(o *options, _ string, _ bool) error { o.help = true; return nil }},
		{name: "run", role: roleSelect, usage: "--run", help: "run the default example (--" + def + ")",
			set: func(o *options, _ string, _ bool) error { o.examples = append(o.examples, def); return nil }},
	}
	for _, ex := range examples.All() {
		name := ex.Name
		specs = append(specs, flagSpec{name: name, role: roleSelect, usage: "--" + name, help: ex.Summary, example: true, group: ex.Group, modes: ex.Modes(),
			stdlib: ex.Stdlib != nil,
			set:    func(o *options, _ string, _ bool) error { o.examples = append(o.examples, name); return nil }})
	}
	return append(specs,
		flagSpec{name: "list", role: roleInfo, usage: "--list", help: "list the examples: what each shows and teaches",
			set: func(o *options, _ string, _ bool) error { o.list = true; return nil }},
		flagSpec{name: "all", role: roleSelect, usage: "--all", help: "run every example, in the order --list shows",
			set: func(o *options, _ string, _ bool) error { o.all = true; return nil }},
		flagSpec{name: "no-source", role: roleRun, usage: "--no-source", help: "print each example's output only, not its source",
			set: func(o *options, _ string, _ bool) error { o.noSource = true; return nil }},
		flagSpec{name: "python", role: roleRun, usage: "--python", help: "also print the example's Python counterpart",
			set: func(o *options, _ string, _ bool) error { o.python = true; return nil }},
		flagSpec{name: "notes", role: roleRun, usage: "--notes", help: "also print how Go differs from Python there",
			set: func(o *options, _ string, _ bool) error { o.notes = true; return nil }},
		flagSpec{name: "stdlib", role: roleRun, usage: "--stdlib",
			help: "also run the post's example on Go's standard library alone " +
				"(goroutines, channels, select, errgroup, context), after the asyncio form, " +
				"and print that program",
			set: func(o *options, _ string, _ bool) error { o.stdlib = true; return nil }},
		flagSpec{name: "compare", role: roleRun, usage: "--compare",
			help: "print the Python beside each Go form printed, function by function: " +
				"in two columns on a terminal 160 columns wide or more (or COLUMNS=160), " +
				"one after the other otherwise",
			set: func(o *options, _ string, _ bool) error { o.compare = true; return nil }},
		flagSpec{name: "times", role: roleRun, usage: "--times",
			help: "start every output line with the moment it was printed, " +
				"from the example's start: +1.000s",
			set: func(o *options, _ string, _ bool) error { o.times = true; return nil }},
		flagSpec{name: "eject", role: roleEject, arg: needsValue, usage: "--eject=DIR",
			help: "instead of running the example, write it into DIR as a program of its own, " +
				"main.go and go.mod, for go run; DIR must be new or empty, or hold only " +
				"unchanged files of an earlier --eject",
			set: setEject},
		flagSpec{name: "goroutines", role: roleRun, usage: "--goroutines",
			help: "run the post's examples on free goroutines, in parallel, as asyncio.Run does, " +
				"instead of one task at a time on the event loop, in CPython's order; " +
				"the threads and processes always run on goroutines",
			set: func(o *options, _ string, _ bool) error { o.goroutines = true; return nil }},
		flagSpec{name: "color", arg: needsValue, usage: "--color={auto,always,never}",
			help: "colour and syntax highlighting; auto (the default) colours a terminal " +
				"unless NO_COLOR is set or TERM=dumb",
			set: setColor},
		flagSpec{name: "timeline", role: roleRun, arg: optionalValue, usage: "--timeline[=FILE.svg]",
			help: "after the output, chart every task over time; with =FILE.svg, " +
				"write the chart to FILE.svg instead (FILE-NAME.svg for each of several " +
				"examples), never over a file that is not such a chart",
			set: setTimeline},
		flagSpec{name: "ascii", role: roleRun, usage: "--ascii", help: "draw the chart in ASCII (implies --timeline)",
			set: func(o *options, _ string, _ bool) error { o.ascii = true; return nil }},
		flagSpec{name: "version", role: roleInfo, usage: "--version", help: "print the version and exit",
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
		return usagef("invalid --color value %q: use auto, always or never", clip(value))
	}
}

func setEject(o *options, value string, _ bool) error {
	if value == "" {
		return usagef("--eject= needs a directory, as in --eject=hello")
	}
	o.eject = value
	return nil
}

func setTimeline(o *options, value string, hasValue bool) error {
	if !hasValue {
		o.timeline = true
		return nil
	}
	if value == "" {
		return usagef("--timeline= needs a file name, as in --timeline=chart.svg")
	}
	if !strings.EqualFold(filepath.Ext(value), ".svg") {
		return usagef("--timeline=%s: the chart is SVG, so the file name must end in .svg", quoteIfOdd(clip(value)))
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
	var given []*flagSpec // the flags in the order given
	flagsEnded := false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "" {
			return nil, usagef("empty argument; see rexasyncio --help")
		}
		if arg == "--" && !flagsEnded {
			flagsEnded = true
			continue
		}
		if flagsEnded {
			return nil, afterDashDashError(arg, byName)
		}
		typed := arg
		if fixed, dash, ok := typographicDashes(arg); ok {
			arg = fixed
			o.notices = append(o.notices, fmt.Sprintf("read %q as %q: %s is not a hyphen",
				clip(typed), clip(arg), dash))
		}
		if arg == "-" || !strings.HasPrefix(arg, "-") {
			return nil, positionalError(typed, specs)
		}
		name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
		name, value, hasValue := strings.Cut(name, "=")
		spec, ok := byName[name]
		if !ok {
			return nil, unknownFlagError(typed, name, specs)
		}
		if spec.arg == needsValue && !hasValue && i+1 < len(args) &&
			args[i+1] != "" && !strings.HasPrefix(args[i+1], "-") {
			i++
			value, hasValue = args[i], true // --eject DIR
		}
		switch {
		case spec.arg == noValue && hasValue:
			return nil, usagef("%s takes no value (got %q)", displayName(spec), clip(typed))
		case spec.arg == needsValue && !hasValue:
			return nil, usagef("%s needs a value: %s", displayName(spec), spec.usage)
		}
		if err := spec.set(o, value, hasValue); err != nil {
			return nil, err
		}
		given = append(given, spec)
	}
	if err := conflict(given); err != nil {
		return nil, err
	}
	if o.eject != "" && len(o.examples) > 1 {
		return nil, usagef("--eject writes one example: name one, not %d", len(o.examples))
	}
	if o.ascii {
		o.timeline = true
	}
	return o, nil
}

// conflict returns an error naming the first two flags of given that ask
// for incompatible things, or nil. --help goes with anything: it shows the
// help and exits. --version and --list go with nothing but --color, since
// they run no example; --all goes with no example flag; --goroutines goes
// with no example flag of an example that runs on goroutines only (with
// --all it applies to the examples that run on the loop), and --stdlib
// with none of an example without a standard-library form (with --all it
// applies to those that have one). --compare does not go with --no-source
// or --python; --eject goes only with --goroutines, --color and example
// flags (parseArgs allows one).
func conflict(given []*flagSpec) error {
	if slices.ContainsFunc(given, func(s *flagSpec) bool { return s.role == roleHelp }) {
		return nil
	}
	for i, a := range given {
		for _, b := range given[:i] {
			if a.name == b.name {
				continue
			}
			var why string
			switch {
			case a.role == roleInfo && b.role == roleInfo:
				why = "each prints something else and exits"
			case a.role == roleInfo && (b.role == roleSelect || b.role == roleRun):
				why = displayName(a) + " runs no example"
			case b.role == roleInfo && (a.role == roleSelect || a.role == roleRun):
				why = displayName(b) + " runs no example"
			case a.role == roleSelect && b.role == roleSelect && (a.name == "all" || b.name == "all"):
				why = "--all runs every example already"
			case a.name == "goroutines" && goroutinesOnly(b):
				why = displayName(b) + " always runs on goroutines"
			case b.name == "goroutines" && goroutinesOnly(a):
				why = displayName(a) + " always runs on goroutines"
			case a.name == "stdlib" && b.example && !b.stdlib:
				why = displayName(b) + " has no standard-library form"
			case b.name == "stdlib" && a.example && !a.stdlib:
				why = displayName(a) + " has no standard-library form"
			case (a.name == "compare" || b.name == "compare") && (a.name == "no-source" || b.name == "no-source"):
				why = "--no-source prints no source to compare"
			case (a.name == "compare" || b.name == "compare") && (a.name == "python" || b.name == "python"):
				why = "--compare prints the Python already"
			case a.role == roleEject && b.role == roleInfo || b.role == roleEject && a.role == roleInfo:
				why = "each prints something else and runs no example"
			case a.role == roleEject && (b.role == roleRun || b.name == "all") && b.name != "goroutines",
				b.role == roleEject && (a.role == roleRun || a.name == "all") && a.name != "goroutines":
				why = "--eject writes one example and runs none"
			default:
				continue
			}
			return usagef("%s and %s conflict: %s", displayName(b), displayName(a), why)
		}
	}
	return nil
}

// goroutinesOnly reports whether spec is the flag of an example that runs
// on goroutines only, for which --goroutines would change nothing.
func goroutinesOnly(spec *flagSpec) bool {
	return spec.example && slices.Equal(spec.modes, []examples.Mode{examples.Goroutines})
}

// typographicDashes reads an argument that starts with dashes other than
// hyphens as a flag: "–gather" (an en dash, as a web page may render "--")
// becomes "--gather". It returns the flag, the first such dash named for a
// notice, and whether arg had one. A dash alone is left as it is.
func typographicDashes(arg string) (flag, dash string, ok bool) {
	names := map[rune]string{
		'\u2010': "a Unicode hyphen (U+2010)",
		'\u2012': "a figure dash (U+2012)",
		'\u2013': "an en dash (U+2013)",
		'\u2014': "an em dash (U+2014)",
		'\u2212': "a minus sign (U+2212)",
	}
	rest := strings.TrimLeftFunc(arg, func(r rune) bool {
		if n, typographic := names[r]; typographic {
			if dash == "" {
				dash = n
			}
			return true
		}
		return r == '-'
	})
	if dash == "" || rest == "" {
		return arg, "", false
	}
	return "--" + rest, dash, true
}

// displayName is how messages name a flag: "--gather", or "-h".
func displayName(spec *flagSpec) string {
	if len(spec.name) == 1 {
		return "-" + spec.name
	}
	return "--" + spec.name
}

func unknownFlagError(arg, name string, specs []flagSpec) error {
	shown := quoteIfOdd(clip(arg))
	m := matchFlag(name, specs)
	switch {
	case m.best != "":
		return usagef("unknown flag %s (did you mean %s?); see rexasyncio --help", shown, m.best)
	case len(m.ambiguous) > 0:
		return usagef("ambiguous flag %s: it could mean %s; see rexasyncio --help", shown, orList(m.ambiguous))
	}
	return usagef("unknown flag %s; see rexasyncio --help", shown)
}

func positionalError(arg string, specs []flagSpec) error {
	shown := clip(arg)
	m := matchFlag(arg, specs)
	switch {
	case m.best != "":
		return usagef("unexpected argument %q (did you mean %s?); see rexasyncio --help", shown, m.best)
	case len(m.ambiguous) > 0:
		return usagef("unexpected argument %q (did you mean %s?); see rexasyncio --help", shown, orList(m.ambiguous))
	}
	return usagef("unexpected argument %q: rexasyncio takes only flags; see rexasyncio --help", shown)
}

// afterDashDashError is for an argument after "--", which ends the flags:
// even one that looks like a flag is positional there, and the command
// takes no positional arguments.
func afterDashDashError(arg string, byName map[string]*flagSpec) error {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	if spec, ok := byName[name]; ok && strings.HasPrefix(arg, "-") {
		return usagef("unexpected argument %q after \"--\": arguments after \"--\" are not flags; "+
			"to give %s, put it before the \"--\"", clip(arg), displayName(spec))
	}
	return usagef("unexpected argument %q after \"--\": arguments after \"--\" are not flags, "+
		"and rexasyncio takes no others; see rexasyncio --help", clip(arg))
}

// orList joins flags as "--a, --b or --c".
func orList(flags []string) string {
	if len(flags) == 1 {
		return flags[0]
	}
	return strings.Join(flags[:len(flags)-1], ", ") + " or " + flags[len(flags)-1]
}

// quoteIfOdd quotes an argument that would not read as a flag in a message:
// one with spaces or control characters, so the message stays on one line.
func quoteIfOdd(arg string) string {
	if strings.ContainsFunc(arg, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Sprintf("%q", arg)
	}
	return arg
}
