package linestamp_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/rexasyncio/rexasyncio/internal/linestamp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var b strings.Builder
		w := linestamp.NewWriter(&b, time.Now, 10*time.Second)
		fmt.Fprintln(w, "Hello World 1!")
		time.Sleep(time.Second)
		fmt.Fprint(w, "Hello ")        // a line in two writes is
		time.Sleep(time.Second)        // stamped when it ends
		fmt.Fprint(w, "World 2!\nx\n") // and two lines at once alike
		fmt.Fprintln(w)
		time.Sleep(8*time.Second + 250*time.Millisecond)
		fmt.Fprint(w, "no newline")
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil { // nothing left: writes nothing
			t.Fatal(err)
		}
		want := "" +
			"+0.000s  Hello World 1!\n" +
			"+2.000s  Hello World 2!\n" +
			"+2.000s  x\n" +
			"+2.000s  \n" +
			"+10.250s no newline\n"
		if got := b.String(); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
}

func TestStamp(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "+0.000s",
		1600 * time.Microsecond: "+0.002s",
		time.Second:             "+1.000s",
		10 * time.Second:        "+10.000s",
	} {
		if got := linestamp.Stamp(d); got != want {
			t.Errorf("Stamp(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestConcurrent: lines written from many goroutines come out whole, each
// with one stamp.
func TestConcurrent(t *testing.T) {
	var (
		mu sync.Mutex
		b  strings.Builder
	)
	w := linestamp.NewWriter(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return b.Write(p)
	}), time.Now, 0)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprintf(w, "goroutine %d\n", i)
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 800 {
		t.Fatalf("%d lines, want 800", len(lines))
	}
	for _, l := range lines {
		stamp, text, _ := strings.Cut(l, " ")
		if !strings.HasPrefix(stamp, "+") || !strings.HasPrefix(text, "goroutine ") {
			t.Fatalf("bad line %q", l)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
