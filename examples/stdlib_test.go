package examples_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rexasyncio/rexasyncio/examples"
)

// stdlibLate is how late a line of a standard-library form may come:
// queuel's consumers poll, as the asyncio form's do, and race the
// producers at whole seconds. (queuec's block on the channel instead.)
var stdlibLate = map[string]time.Duration{"queuel": 100 * time.Millisecond}

// stdlibForms are the examples that have a standard-library form.
func stdlibForms() []examples.Example {
	var forms []examples.Example
	for _, ex := range examples.All() {
		if ex.Stdlib != nil {
			forms = append(forms, ex)
		}
	}
	return forms
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
		s := newStamper() // it checks that Stdlib serialises its writes
		err = run(ctx, s)
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
	for _, ex := range stdlibForms() {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			want := stdlibGolden(t, ex.Name)
			runs := 1
			if stdlibLate[ex.Name] > 0 {
				runs = jitterRuns // each run may race differently
			}
			for i := range runs {
				got, err := runStdlib(t, ex.Stdlib, 0)
				if err != nil {
					t.Errorf("run %d: Run: %v", i+1, err)
				}
				if problems := compare(want, got, window{late: stdlibLate[ex.Name]}); len(problems) > 0 {
					t.Errorf("run %d differs from %s:\n%s\ngot:\n%v\nwant:\n%v",
						i+1, goldenPath(goldenFor(ex, examples.Goroutines)), strings.Join(problems, "\n"), got, want)
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
	for _, ex := range stdlibForms() {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			want := stdlibGolden(t, ex.Name)
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
			got, err := runStdlib(t, ex.Stdlib, at)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled at %v: Run returned %v, want context.Canceled", at, err)
			}
			if problems := compare(before, got, window{late: stdlibLate[ex.Name]}); len(problems) > 0 {
				t.Errorf("cancelled at %v:\n%s\ngot:\n%v\nwant:\n%v",
					at, strings.Join(problems, "\n"), got, before)
			}
		})
	}
}
