package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/rexasyncio/rexasyncio/asyncio"
	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/timeline"
)

// recording collects one example run's task events for --timeline.
type recording struct{ rec *timeline.Recorder }

func newRecording() *recording { return &recording{rec: timeline.NewRecorder()} }

func (r *recording) recorder() asyncio.Recorder { return r.rec }

// chartOptions is how to draw a timeline in the terminal.
type chartOptions struct {
	width int
	ascii bool
	color bool
}

func (r *recording) render(w io.Writer, opt chartOptions) error {
	return r.rec.Chart().Render(w, timeline.Options{Width: opt.width, ASCII: opt.ascii, Color: opt.color})
}

// svgMarker starts every SVG file the command writes, so that it can tell
// its own charts, which it may overwrite, from anyone else's files, which it
// never does.
const svgMarker = "<!-- rexasyncio timeline -->\n"

// svgFile is where --timeline=FILE.svg writes one example's chart.
type svgFile struct {
	name    string
	created bool // it did not exist before: remove it if it is never written
	written bool
}

// svgFiles holds one file per example run, or is nil without
// --timeline=FILE.svg.
type svgFiles []*svgFile

// createSVGFiles checks, before anything runs, that the charts can be written:
// to path for one example, and for each of several to path with "-NAME"
// before its extension (chart.svg → chart-gather.svg), "-NAME-2" and so on
// for an example given twice. An existing file is overwritten only if it
// starts with svgMarker: a chart this command wrote. Its errors are
// *usageError: the command line named a place it cannot or must not write.
func createSVGFiles(path string, exs []examples.Example) (svgFiles, error) {
	if path == "" {
		return nil, nil
	}
	files := make(svgFiles, len(exs))
	used := make(map[string]bool, len(exs))
	for i, ex := range exs {
		name := path
		if len(exs) > 1 {
			ext := filepath.Ext(path)
			base := path[:len(path)-len(ext)] + "-" + ex.Name
			name = base + ext
			for n := 2; used[name]; n++ {
				name = base + "-" + strconv.Itoa(n) + ext
			}
		}
		used[name] = true
		f, err := claimSVGFile(name)
		if err != nil {
			files.discardUnwritten()
			return nil, err
		}
		files[i] = f
	}
	return files, nil
}

// claimSVGFile creates name, or checks that the existing file name is a chart
// the command wrote and can be written again.
func claimSVGFile(name string) (*svgFile, error) {
	shown := quoteIfOdd(clip(name))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		f.Close()
		return &svgFile{name: name, created: true}, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return nil, usagef("cannot write the timeline to %s: %s", shown, pathErrReason(err))
	}
	if info, err := os.Stat(name); err != nil || !info.Mode().IsRegular() {
		return nil, usagef("cannot write the timeline to %s: it exists and is not a regular file", shown)
	}
	f, err = os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, usagef("cannot write the timeline to %s: %s", shown, pathErrReason(err))
	}
	defer f.Close()
	head := make([]byte, len(svgMarker))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != svgMarker {
		return nil, usagef("%s exists and is not a timeline rexasyncio wrote: not overwriting it", shown)
	}
	return &svgFile{name: name}, nil
}

// pathErrReason is an os error without the operation and path, which the
// message already gives: "no such file or directory".
func pathErrReason(err error) string {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

func (s svgFiles) fileFor(i int) *svgFile {
	if s == nil {
		return nil
	}
	return s[i]
}

// write writes the i'th example's chart as SVG.
func (s svgFiles) write(i int, r *recording) error {
	var b bytes.Buffer
	b.WriteString(svgMarker)
	if err := r.rec.Chart().SVG(&b); err != nil {
		return fmt.Errorf("drawing the SVG timeline: %w", err)
	}
	if err := os.WriteFile(s[i].name, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the timeline: %w", err)
	}
	s[i].written = true
	return nil
}

// discardUnwritten removes the files that createSVGFiles created but no chart
// was written to, because an example failed or was interrupted first.
func (s svgFiles) discardUnwritten() {
	for _, f := range s {
		if f != nil && f.created && !f.written {
			os.Remove(f.name)
		}
	}
}
