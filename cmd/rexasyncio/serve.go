package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/rexasyncio/rexasyncio/explorer"
)

// runServe is "rexasyncio serve [--addr=HOST:PORT] [--open]": it serves the
// web explorer (package explorer) until Ctrl-C, then stops cleanly and
// returns 0. Its flags follow the command's conventions (see args.go).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	addr, open, help, err := parseServeArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio: %v\n", err)
		return exitUsage
	}
	if help {
		if err := writeServeHelp(stdout); err != nil {
			fmt.Fprintf(stderr, "rexasyncio: writing to stdout: %s\n", firstLine(err.Error()))
			return exitFailed
		}
		return exitOK
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = explorer.ListenAndServe(ctx, addr, explorer.Options{}, func(url string) {
		fmt.Fprintf(stdout, "rexasyncio serve: the explorer is at %s (Ctrl-C stops it)\n", url)
		if open {
			if err := explorer.OpenBrowser(url); err != nil {
				fmt.Fprintf(stderr, "rexasyncio: cannot open a browser: %s\n", firstLine(err.Error()))
			}
		}
	})
	if err != nil {
		fmt.Fprintf(stderr, "rexasyncio serve: %s\n", firstLine(err.Error()))
		return exitFailed
	}
	fmt.Fprintln(stdout, "rexasyncio serve: stopped")
	return exitOK
}

// parseServeArgs parses serve's flags. Its errors are *usageError.
func parseServeArgs(args []string) (addr string, open, help bool, err error) {
	addr = explorer.DefaultAddr
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") || arg == "-" || arg == "--" {
			return "", false, false, usagef("unexpected argument %q: serve takes only --addr and --open; see rexasyncio serve --help", arg)
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		switch {
		case (name == "h" || name == "help") && !hasValue:
			help = true
		case name == "open" && !hasValue:
			open = true
		case name == "addr" && hasValue:
			if _, _, splitErr := net.SplitHostPort(value); splitErr != nil || value == "" {
				return "", false, false, usagef("invalid --addr %q: use HOST:PORT, as in --addr=127.0.0.1:8080 or --addr=:8080", value)
			}
			addr = value
		case name == "addr":
			return "", false, false, usagef("--addr needs a value: --addr=HOST:PORT")
		case name == "open" || name == "help" || name == "h":
			return "", false, false, usagef("%s takes no value (got %q)", "--"+name, arg)
		default:
			return "", false, false, usagef("unknown flag %s for serve; see rexasyncio serve --help", quoteIfOdd(arg))
		}
	}
	return addr, open, help, nil
}

// writeServeHelp prints serve's --help, argparse style like the command's.
func writeServeHelp(w io.Writer) error {
	var b strings.Builder
	b.WriteString("usage: rexasyncio serve [-h] [--addr=HOST:PORT] [--open]\n\n")
	for _, l := range wrap("Serve the explorer: a web page on which every example replays its "+
		"recording, or runs live, with its output appearing at its moments, a timeline of its "+
		"tasks, and its Python and Go sources side by side. Ctrl-C stops the server.",
		pageWidth, "", "") {
		b.WriteString(l + "\n")
	}
	b.WriteString("\noptions:\n")
	writeHelpEntry(&b, "-h, --help", "show this help message and exit")
	writeHelpEntry(&b, "--addr=HOST:PORT", "where to listen; the default, "+explorer.DefaultAddr+
		", is this machine only (localhost); --addr=:8080 listens on every network interface")
	writeHelpEntry(&b, "--open", "open the page in the default browser")
	_, err := io.WriteString(w, b.String())
	return err
}

// explorerAddr is where serve listens by default, for --help.
const explorerAddr = explorer.DefaultAddr
