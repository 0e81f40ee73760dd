// Package linestamp prefixes every line written through it with the
// moment it was written, measured from a start: "+1.000s Hello World 2!".
// rexasyncio --times uses it; the clock is the example's own, so that
// under a virtual clock the stamps are virtual too.
package linestamp

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"time"
)

// Writer stamps lines. A line is stamped when its newline is written,
// which for a line printed by one fmt.Fprintln is when it is printed.
// It is safe for concurrent use; each Write to it makes at most one Write
// of whole, stamped lines to the underlying writer.
type Writer struct {
	mu      sync.Mutex
	w       io.Writer
	now     func() time.Time
	start   time.Time
	width   int
	partial []byte // the unterminated end of the text so far
}

// NewWriter returns a Writer that stamps lines written to it with the
// time now() gives, less the time it gave when NewWriter was called.
// Stamps are padded to the width of the stamp of longest, so that the
// lines' text stays aligned up to that time.
func NewWriter(w io.Writer, now func() time.Time, longest time.Duration) *Writer {
	return &Writer{w: w, now: now, start: now(), width: len(Stamp(longest))}
}

// Stamp formats an offset from the start as the writer does: "+1.000s".
func Stamp(d time.Duration) string {
	return fmt.Sprintf("+%.3fs", d.Seconds())
}

// Write stamps and writes every line p completes.
func (s *Writer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.partial = append(s.partial, p...)
	i := bytes.LastIndexByte(s.partial, '\n')
	if i < 0 {
		return len(p), nil
	}
	prefix := s.prefix()
	var out []byte
	for _, line := range bytes.SplitAfter(s.partial[:i+1], []byte("\n")) {
		if len(line) > 0 {
			out = append(append(out, prefix...), line...)
		}
	}
	s.partial = append(s.partial[:0], s.partial[i+1:]...)
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush stamps and writes the last line if it has no newline, adding one.
func (s *Writer) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.partial) == 0 {
		return nil
	}
	out := append(append([]byte(s.prefix()), s.partial...), '\n')
	s.partial = s.partial[:0]
	_, err := s.w.Write(out)
	return err
}

// prefix is the stamp for now, padded, and a space.
func (s *Writer) prefix() string {
	return fmt.Sprintf("%-*s ", s.width, Stamp(s.now().Sub(s.start)))
}
