package explorer

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/rexasyncio/rexasyncio/examples"
)

//go:embed static
var staticFiles embed.FS

// DefaultMaxLive is how many live runs stream at once unless Options says
// otherwise.
const DefaultMaxLive = 4

// Options configures a Server. The zero value is ready to use.
type Options struct {
	// MaxLive is how many live runs may stream at once; past it, a request
	// for another is answered 429 Too Many Requests. 0 means DefaultMaxLive.
	MaxLive int
}

// Server is the explorer: the page and its API (see the package
// documentation). It is an http.Handler, safe for concurrent use. Make one
// with New and Close it when done: Close ends the runs it started.
type Server struct {
	mux  *http.ServeMux
	ctx  context.Context // canceled by Close: ends recordings and live runs
	stop context.CancelFunc
	live chan struct{} // a slot per live run streaming

	mu         sync.Mutex
	closed     bool
	runs       sync.WaitGroup // the goroutines of recordings and live runs
	recordings map[recordingKey]*recordingEntry
	details    map[string][]byte // an example's JSON, highlighted once
}

type recordingKey struct {
	example string
	mode    Mode
}

// recordingEntry is a recording made once and shared: done is closed when
// rec (or err, if the server closed first) is set.
type recordingEntry struct {
	done chan struct{}
	rec  *Recording
	err  error
}

// errClosed is what a request gets for a run the closing server ended.
var errClosed = errors.New("the server is shutting down")

// New returns a Server. Nothing runs until a request asks for it.
func New(opt Options) *Server {
	maxLive := opt.MaxLive
	if maxLive <= 0 {
		maxLive = DefaultMaxLive
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{
		mux:        http.NewServeMux(),
		ctx:        ctx,
		stop:       stop,
		live:       make(chan struct{}, maxLive),
		recordings: make(map[recordingKey]*recordingEntry),
		details:    make(map[string][]byte),
	}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic("explorer: " + err.Error())
	}
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	index, err := fs.ReadFile(static, "index.html")
	if err != nil {
		panic("explorer: " + err.Error())
	}
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(index)
	})
	s.mux.HandleFunc("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "/static/index.html" {
			http.NotFound(w, r) // no directory listings; the page is at /
			return
		}
		s.serveFile(files, w, r)
	})
	s.mux.HandleFunc("GET /static/highlight.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(highlightCSS())
	})
	s.mux.HandleFunc("GET /api/examples", s.serveList)
	s.mux.HandleFunc("GET /api/examples/{name}", s.serveExample)
	s.mux.HandleFunc("GET /api/examples/{name}/recording", s.serveRecording)
	s.mux.HandleFunc("GET /api/examples/{name}/live", s.serveLive)
	return s
}

// serveFile serves an embedded file. Embedded files have no modification
// time, so the browser revalidates them with their ETag-less size: no-cache
// keeps a reloaded page in step with the binary.
func (s *Server) serveFile(files http.Handler, w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	files.ServeHTTP(w, r)
}

// contentSecurityPolicy allows the page only its own files: no inline script
// or style, nothing from another origin.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// ServeHTTP serves the page and the API. The API refuses requests that a page
// of another site makes (Sec-Fetch-Site: cross-site) with 403.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if strings.HasPrefix(r.URL.Path, "/api/") && r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		http.Error(w, "the explorer's API answers only its own page", http.StatusForbidden)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Close ends every recording and live run the server started and waits for
// them to return. Requests after Close are answered 503. Close is safe to
// call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.stop()
	s.runs.Wait()
}

// startRun counts a goroutine that runs an example, unless the server is
// closed. The goroutine must call s.runs.Done when it ends.
func (s *Server) startRun() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.runs.Add(1)
	return true
}

// exampleSummary is an example as the list shows it.
type exampleSummary struct {
	Name     string  `json:"name"`
	Summary  string  `json:"summary"`
	Teaches  string  `json:"teaches"`
	Group    string  `json:"group"`
	Duration float64 `json:"duration"` // its usual run time in seconds; 0 if RealTime
	RealTime bool    `json:"realTime"` // its output depends on the machine
	Modes    []Mode  `json:"modes"`    // the modes it runs in, its default first
}

func summaryOf(ex examples.Example) exampleSummary {
	return exampleSummary{
		Name: ex.Name, Summary: ex.Summary, Teaches: ex.Teaches, Group: ex.Group,
		Duration: seconds(ex.Duration), RealTime: ex.RealTime, Modes: modesOf(ex),
	}
}

type group struct {
	Name     string           `json:"name"`
	Examples []exampleSummary `json:"examples"`
}

// serveList answers GET /api/examples.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request) {
	var list struct {
		Groups []group    `json:"groups"`
		Modes  []modeSpec `json:"modes"`
	}
	list.Modes = modes
	for _, ex := range examples.All() {
		if n := len(list.Groups); n == 0 || list.Groups[n-1].Name != ex.Group {
			list.Groups = append(list.Groups, group{Name: ex.Group})
		}
		g := &list.Groups[len(list.Groups)-1]
		g.Examples = append(g.Examples, summaryOf(ex))
	}
	writeJSON(w, list)
}

// source is one form of an example's code, highlighted.
type source struct {
	Key   string `json:"key"`            // "python", "go", "stdlib": the tab
	Lang  string `json:"lang"`           // "python", "go"
	Title string `json:"title"`          // the tab's title
	File  string `json:"file,omitempty"` // its file name, if the registry gives one
	HTML  string `json:"html"`
}

// sourcesOf returns an example's sources in the order the page's tabs show
// them: the Python counterpart, the Go on package asyncio, and the Go on
// the standard library alone, for the examples that have one.
func sourcesOf(ex examples.Example) []source {
	var srcs []source
	if ex.Python != "" {
		srcs = append(srcs, source{Key: "python", Lang: "python", Title: "Python", File: ex.PythonFile, HTML: highlightHTML(ex.Python, "python")})
	}
	if ex.Source != "" {
		srcs = append(srcs, source{Key: "go", Lang: "go", Title: "Go on package asyncio", File: ex.File, HTML: highlightHTML(ex.Source, "go")})
	}
	if ex.StdlibSource != "" {
		srcs = append(srcs, source{Key: "stdlib", Lang: "go", Title: "Go on the standard library", File: ex.StdlibFile, HTML: highlightHTML(ex.StdlibSource, "go")})
	}
	return srcs
}

// serveExample answers GET /api/examples/{name}.
func (s *Server) serveExample(w http.ResponseWriter, r *http.Request) {
	ex, ok := lookupExample(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	body, ok := s.details[ex.Name]
	s.mu.Unlock()
	if !ok {
		detail := struct {
			exampleSummary
			Sources []source `json:"sources"`
			Notes   string   `json:"notes"` // HTML
		}{summaryOf(ex), sourcesOf(ex), notesHTML(ex.Notes)}
		var err error
		if body, err = json.Marshal(detail); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.mu.Lock()
		s.details[ex.Name] = body
		s.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// serveRecording answers GET /api/examples/{name}/recording?mode=M: the
// example is recorded on the first request, and the recording kept.
func (s *Server) serveRecording(w http.ResponseWriter, r *http.Request) {
	ex, ok := lookupExample(w, r)
	if !ok {
		return
	}
	mode, ok := lookupModeParam(w, r, ex)
	if !ok {
		return
	}
	rec, err := s.recording(r.Context(), ex, mode)
	switch {
	case errors.Is(err, errClosed):
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	case err != nil:
		// The client went away; nobody reads this.
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	default:
		writeJSON(w, rec)
	}
}

// recording returns the recording of ex in mode, making it first if need be.
// The recording runs on the server's context, not ctx, so that a client
// that leaves does not waste it; ctx only bounds the wait.
func (s *Server) recording(ctx context.Context, ex examples.Example, mode modeSpec) (*Recording, error) {
	key := recordingKey{ex.Name, mode.Mode}
	s.mu.Lock()
	e, ok := s.recordings[key]
	if !ok {
		if s.closed {
			s.mu.Unlock()
			return nil, errClosed
		}
		e = &recordingEntry{done: make(chan struct{})}
		s.recordings[key] = e
		s.runs.Add(1)
		go func() {
			defer s.runs.Done()
			rec := recordForReplay(s.ctx, ex, mode)
			if s.ctx.Err() != nil {
				e.err = errClosed
				s.mu.Lock()
				delete(s.recordings, key)
				s.mu.Unlock()
			} else {
				e.rec = rec
			}
			close(e.done)
		}()
	}
	s.mu.Unlock()
	select {
	case <-e.done:
		return e.rec, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// lookupExample returns the example named in the path, or answers 404.
func lookupExample(w http.ResponseWriter, r *http.Request) (examples.Example, bool) {
	ex, ok := examples.Lookup(r.PathValue("name"))
	if !ok {
		http.Error(w, "no example named "+quote(r.PathValue("name"))+": see /api/examples", http.StatusNotFound)
	}
	return ex, ok
}

// lookupModeParam returns the mode the query names for ex, its default if
// none: 400 for an unknown one, or one ex does not run in, 501 for one not
// built yet.
func lookupModeParam(w http.ResponseWriter, r *http.Request, ex examples.Example) (modeSpec, bool) {
	name := r.URL.Query().Get("mode")
	mode, ok := lookupMode(ex, name)
	switch {
	case !ok && slices.ContainsFunc(modes, func(m modeSpec) bool { return string(m.Mode) == name }):
		http.Error(w, "--"+ex.Name+" does not run in mode "+quote(name)+": it runs in "+quote(string(modesOf(ex)[0])), http.StatusBadRequest)
		return modeSpec{}, false
	case !ok:
		http.Error(w, "unknown mode "+quote(name)+": use loop or goroutines", http.StatusBadRequest)
		return modeSpec{}, false
	case !mode.Available:
		http.Error(w, "mode "+quote(name)+" is not available yet", http.StatusNotImplemented)
		return modeSpec{}, false
	}
	return mode, true
}

// quote quotes a name from a request for a message, cut to 40 bytes.
func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func writeJSON(w http.ResponseWriter, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
