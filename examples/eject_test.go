package examples_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/internal/eject"
)

// ejectedRuns are the ejected programs' builds and runs, started by
// TestMain before the tests.
type ejectedRuns struct {
	cancel   context.CancelFunc
	done     chan struct{}
	all      []examples.Example
	problems [][]string // for all[i], once done is closed
	setup    error      // why nothing was started, if so
}

// startEjected ejects every example into a temporary directory and builds
// it, and runs the post's examples, in the background, unless -short is
// given or -run leaves TestEject out (then it returns nil).
func startEjected() *ejectedRuns {
	if testing.Short() || !runsTest("TestEject") {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	r := &ejectedRuns{cancel: cancel, done: make(chan struct{}), all: examples.All()}
	r.problems = make([][]string, len(r.all))
	goCmd, err := exec.LookPath("go")
	if err != nil {
		r.setup = err
		close(r.done)
		return r
	}
	mod, err := eject.FindModule()
	if err != nil {
		r.setup = err
		close(r.done)
		return r
	}
	tmp, err := os.MkdirTemp("", "rexasyncio-eject-")
	if err != nil {
		r.setup = err
		close(r.done)
		return r
	}
	go func() {
		defer close(r.done)
		defer os.RemoveAll(tmp)
		var wg sync.WaitGroup
		for i, ex := range r.all {
			wg.Go(func() {
				r.problems[i] = ejectAndRun(ctx, filepath.Join(tmp, ex.Name), goCmd, mod, ex)
			})
		}
		wg.Wait()
	}()
	return r
}

// stop ends the runs, if any are left, and waits for them.
func (r *ejectedRuns) stop() {
	if r != nil {
		r.cancel()
		<-r.done
	}
}

// runsTest reports whether -run selects the top-level test name.
func runsTest(name string) bool {
	pattern := flag.Lookup("test.run").Value.String()
	if pattern == "" {
		return true
	}
	first, _, _ := strings.Cut(pattern, "/")
	ok, err := regexp.MatchString(first, name)
	return ok || err != nil
}

// ejected is what TestMain started.
var ejected *ejectedRuns

// TestEject checks the programs TestMain ejected: every example, each into
// a directory of its own as rexasyncio --eject does, built with the go
// command; the post's examples also run, with go run, all at once (they
// mostly sleep, so not -parallel at a time) and in real time. Each must
// print its golden file's lines, in its order (lines of one golden instant
// in any order). Nothing checked depends on how fast the machine is: the
// times are not compared, and the timeout is generous.
func TestEject(t *testing.T) {
	if ejected == nil {
		t.Skip("-short: skipping building and running the ejected programs")
	}
	t.Parallel() // wait alongside the other tests, not before them
	<-ejected.done
	if ejected.setup != nil {
		if errors.Is(ejected.setup, exec.ErrNotFound) {
			t.Skip("the go command is not on PATH")
		}
		t.Fatal(ejected.setup)
	}
	for i, ex := range ejected.all {
		t.Run(ex.Name, func(t *testing.T) {
			if p := ejected.problems[i]; len(p) > 0 {
				t.Error(strings.Join(p, "\n"))
			}
		})
	}
}

// ejectAndRun ejects ex into dir and builds it; a post's example it runs,
// and compares its output with its golden file. It returns what is wrong.
func ejectAndRun(ctx context.Context, dir, goCmd string, mod eject.Module, ex examples.Example) []string {
	files, err := ex.Eject("", mod)
	if err != nil {
		return []string{err.Error()}
	}
	if err := eject.Write(dir, files); err != nil {
		return []string{err.Error()}
	}
	args := []string{"run", "."}
	if ex.Group != examples.GroupAsyncio {
		// Built, not run: their golden files are checked in virtual time
		// (or, for processes, not at all).
		args = []string{"build", "-o", os.DevNull, "."}
	}
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = dir
	// Offline, and this directory's go.mod alone, as a user's would be.
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return []string{fmt.Sprintf("go %s in the ejected %s: %v\n%s",
			strings.Join(args, " "), ex.Name, err, stderr.String())}
	}
	if ex.Group != examples.GroupAsyncio {
		return nil
	}
	want, err := readGolden(ex.Name)
	if err != nil {
		return []string{err.Error()}
	}
	var got []string
	for _, l := range strings.SplitAfter(stdout.String(), "\n") {
		if l != "" {
			got = append(got, maskCount(strings.TrimSuffix(l, "\n")))
		}
	}
	if problems := sameLinesInOrder(want, got); len(problems) > 0 {
		return append(problems, fmt.Sprintf("the ejected %s printed:\n%s\nwant the lines of %s:\n%v",
			ex.Name, stdout.String(), goldenPath(ex.Name), want))
	}
	return nil
}

// sameLinesInOrder returns what is wrong with got, lines printed in real
// time, as want's: got must hold want's texts, as many times each, and the
// i-th occurrence of a text stands for its i-th in want, whose golden times
// must never decrease along got. Lines of one golden instant may come in
// any order.
func sameLinesInOrder(want transcript, got []string) []string {
	var wantTexts []string
	for _, l := range want.lines {
		wantTexts = append(wantTexts, l.text)
	}
	if a, b := slices.Sorted(slices.Values(wantTexts)), slices.Sorted(slices.Values(got)); !slices.Equal(a, b) {
		return []string{fmt.Sprintf("the lines differ: want %q, got %q", a, b)}
	}
	wantAt := byText(want.lines)
	seen := map[string]int{}
	var last time.Duration
	for i, text := range got {
		at := wantAt[text][seen[text]]
		seen[text]++
		if at < last {
			return []string{fmt.Sprintf("line %d, %q, is the golden one at %v, but comes after one at %v",
				i+1, text, at, last)}
		}
		last = at
	}
	return nil
}
