package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

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
// to path for one example, and to path with "-NAME" before its extension for
// each of several (chart.svg → chart-gather.svg). Its errors are *usageError:
// the command line named a place it cannot write.
func createSVGFiles(path string, exs []examples.Example) (svgFiles, error) {
	if path == "" {
		return nil, nil
	}
	files := make(svgFiles, len(exs))
	for i, ex := range exs {
		name := path
		if len(exs) > 1 {
			ext := filepath.Ext(path)
			name = path[:len(path)-len(ext)] + "-" + ex.Name + ext
		}
		_, statErr := os.Stat(name)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			files.discardUnwritten()
			return nil, usagef("cannot write the timeline to %s: %s", name, pathErrReason(err))
		}
		f.Close()
		files[i] = &svgFile{name: name, created: errors.Is(statErr, fs.ErrNotExist)}
	}
	return files, nil
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
