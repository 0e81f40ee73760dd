package examples_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/rexasyncio/rexasyncio/examples"
	ascomplete "github.com/rexasyncio/rexasyncio/examples/ascomplete/stdlib"
	condition "github.com/rexasyncio/rexasyncio/examples/condition/stdlib"
	createtask "github.com/rexasyncio/rexasyncio/examples/createtask/stdlib"
	event "github.com/rexasyncio/rexasyncio/examples/event/stdlib"
	gather "github.com/rexasyncio/rexasyncio/examples/gather/stdlib"
	generator "github.com/rexasyncio/rexasyncio/examples/generator/stdlib"
	helloio "github.com/rexasyncio/rexasyncio/examples/helloio/stdlib"
	lock "github.com/rexasyncio/rexasyncio/examples/lock/stdlib"
	queue "github.com/rexasyncio/rexasyncio/examples/queue/stdlib"
	queuec "github.com/rexasyncio/rexasyncio/examples/queuec/stdlib"
	queuel "github.com/rexasyncio/rexasyncio/examples/queuel/stdlib"
	semaphore "github.com/rexasyncio/rexasyncio/examples/semaphore/stdlib"
	sleep "github.com/rexasyncio/rexasyncio/examples/sleep/stdlib"
	taskgather "github.com/rexasyncio/rexasyncio/examples/taskgather/stdlib"
	tothread "github.com/rexasyncio/rexasyncio/examples/tothread/stdlib"
	wait "github.com/rexasyncio/rexasyncio/examples/wait/stdlib"
)

// stdlibForms are the asyncio examples written on the standard library
// alone, and how late a line of each may come: queuel's consumers poll, as
// the asyncio form's do, and race the producers at whole seconds.
var stdlibForms = []struct {
	name string
	run  func(context.Context, io.Writer) error
	late time.Duration
}{
	{"helloio", helloio.Run, 0},
	{"gather", gather.Run, 0},
	{"generator", generator.Run, 0},
	{"sleep", sleep.Run, 0},
	{"tothread", tothread.Run, 0},
	{"createtask", createtask.Run, 0},
	{"taskgather", taskgather.Run, 0},
	{"wait", wait.Run, 0},
	{"ascomplete", ascomplete.Run, 0},
	{"lock", lock.Run, 0},
	{"event", event.Run, 0},
	{"condition", condition.Run, 0},
	{"semaphore", semaphore.Run, 0},
	{"queue", queue.Run, 0},
	{"queuel", queuel.Run, 100 * time.Millisecond},
	{"queuec", queuec.Run, 0},
}

// syncWriter serialises Writes, as rexasyncio does: the standard-library
// forms write from several goroutines at once.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// runStdlib runs a standard-library form in a synctest bubble, cancelling
// it at cancelAt if that is not zero, and returns what it printed, stamped
// with virtual time, and its error.
func runStdlib(t *testing.T, run func(context.Context, io.Writer) error,
	cancelAt time.Duration) (tr transcript, err error) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		if cancelAt > 0 {
			time.AfterFunc(cancelAt, cancel)
		}
		s := newStamper()
		err = run(ctx, &syncWriter{w: s})
		tr = s.finish(t)
	})
	return tr, err
}

// stdlibGolden reads the golden file a standard-library form is checked
// against: its example's on goroutines, which it runs on too.
func stdlibGolden(t *testing.T, name string) transcript {
	t.Helper()
	want, err := readGolden(goldenFor(lookup(t, name), examples.Goroutines))
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// TestStdlib checks that every standard-library form prints the lines of
// its example's golden file on goroutines at the same virtual times (lines
// at the same instant in any order), and ends when it does.
func TestStdlib(t *testing.T) {
	for _, form := range stdlibForms {
		t.Run(form.name, func(t *testing.T) {
			t.Parallel()
			want := stdlibGolden(t, form.name)
			runs := 1
			if form.late > 0 {
				runs = jitterRuns // each run may race differently
			}
			for i := range runs {
				got, err := runStdlib(t, form.run, 0)
				if err != nil {
					t.Errorf("run %d: Run: %v", i+1, err)
				}
				if problems := compare(want, got, window{late: form.late}); len(problems) > 0 {
					t.Errorf("run %d differs from %s:\n%s\ngot:\n%v\nwant:\n%v",
						i+1, goldenPath(form.name), strings.Join(problems, "\n"), got, want)
				}
			}
		})
	}
}

// TestStdlibCancel cancels every standard-library form that takes time half
// way through: it must return context.Canceled at that instant, having
// printed what the golden file says comes before. synctest.Test fails if
// one of its goroutines is left blocked.
func TestStdlibCancel(t *testing.T) {
	for _, form := range stdlibForms {
		t.Run(form.name, func(t *testing.T) {
			t.Parallel()
			want := stdlibGolden(t, form.name)
			if want.end == 0 {
				t.Skip("takes no time: nothing to interrupt")
			}
			at := (want.end / 2).Truncate(time.Second) + 250*time.Millisecond
			var before transcript
			for _, l := range want.lines {
				if l.at < at {
					before.lines = append(before.lines, l)
				}
			}
			before.end = at
			got, err := runStdlib(t, form.run, at)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled at %v: Run returned %v, want context.Canceled", at, err)
			}
			if problems := compare(before, got, window{late: form.late}); len(problems) > 0 {
				t.Errorf("cancelled at %v:\n%s\ngot:\n%v\nwant:\n%v",
					at, strings.Join(problems, "\n"), got, before)
			}
		})
	}
}

// TestStdlibSources checks that every form's source fits 80 columns (tabs
// as 4), as the CLI shows it, and declares the entry point Run.
func TestStdlibSources(t *testing.T) {
	for _, form := range stdlibForms {
		path := filepath.Join(form.name, "stdlib", form.name+".go")
		src, err := os.ReadFile(path)
		if err != nil {
			t.Error(err)
			continue
		}
		text := string(src)
		if !strings.Contains(text, "\nfunc Run(ctx context.Context, w io.Writer) error {\n") {
			t.Errorf("%s does not declare Run(ctx context.Context, w io.Writer) error", path)
		}
		for i, l := range strings.Split(text, "\n") {
			shown := strings.ReplaceAll(l, "\t", "    ")
			if n := utf8.RuneCountInString(shown); n > 80 {
				t.Errorf("%s:%d is %d columns wide (tabs as 4)", path, i+1, n)
			}
		}
	}
}
