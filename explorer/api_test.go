package explorer_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/rexasyncio/rexasyncio/examples"
	"github.com/rexasyncio/rexasyncio/explorer"
)

// newTestServer serves a new explorer.Server over real HTTP on 127.0.0.1
// for the test's duration.
func newTestServer(t *testing.T, opt explorer.Options) (*explorer.Server, *httptest.Server) {
	t.Helper()
	s := explorer.New(opt)
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s, ts
}

// get fetches url and returns the response with its body read.
func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

type exampleList struct {
	Groups []struct {
		Name     string `json:"name"`
		Examples []struct {
			Name     string   `json:"name"`
			Summary  string   `json:"summary"`
			Group    string   `json:"group"`
			Duration float64  `json:"duration"`
			Modes    []string `json:"modes"`
		} `json:"examples"`
	} `json:"groups"`
	Modes []struct {
		Name      string `json:"name"`
		Available bool   `json:"available"`
	} `json:"modes"`
}

func TestListGroupsTheRegistry(t *testing.T) {
	_, ts := newTestServer(t, explorer.Options{})
	resp, body := get(t, ts.URL+"/api/examples")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var list exampleList
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	var names, groups []string
	for _, g := range list.Groups {
		groups = append(groups, g.Name)
		for _, ex := range g.Examples {
			names = append(names, ex.Name)
			if ex.Group != g.Name {
				t.Errorf("%s: group %q listed under %q", ex.Name, ex.Group, g.Name)
			}
			want := []string{"loop", "goroutines"} // the post's: the loop by default
			if ex.Group != examples.GroupAsyncio {
				want = []string{"goroutines"}
			}
			if !slices.Equal(ex.Modes, want) {
				t.Errorf("%s: modes %q, want %q", ex.Name, ex.Modes, want)
			}
		}
	}
	var wantNames, wantGroups []string
	for _, ex := range examples.All() {
		wantNames = append(wantNames, ex.Name)
		if !slices.Contains(wantGroups, ex.Group) {
			wantGroups = append(wantGroups, ex.Group)
		}
	}
	if !slices.Equal(names, wantNames) || !slices.Equal(groups, wantGroups) {
		t.Errorf("listed %q in groups %q, want %q in %q", names, groups, wantNames, wantGroups)
	}
	if len(list.Modes) != 2 || list.Modes[0].Name != "loop" || list.Modes[1].Name != "goroutines" ||
		!list.Modes[0].Available || !list.Modes[1].Available {
		t.Errorf("modes %+v: want loop, then goroutines, both available", list.Modes)
	}
}

func TestExampleHasSourcesAndNotes(t *testing.T) {
	_, ts := newTestServer(t, explorer.Options{})
	resp, body := get(t, ts.URL+"/api/examples/gather")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var detail struct {
		Name    string `json:"name"`
		Sources []struct {
			Key, Lang, Title, File, HTML string
		} `json:"sources"`
		Notes string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(body), &detail); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, s := range detail.Sources {
		keys = append(keys, s.Key+":"+s.Lang)
		if !strings.Contains(s.HTML, `<pre class="chroma">`) {
			t.Errorf("%s source is not chroma's HTML: %.200s", s.Lang, s.HTML)
		}
		if strings.Contains(s.HTML, "style=") {
			t.Errorf("%s source has inline styles, which the page's CSP forbids", s.Lang)
		}
	}
	if want := []string{"python:python", "go:go", "stdlib:go"}; !slices.Equal(keys, want) {
		t.Errorf("sources %q, want %q", keys, want)
	}
	ex, _ := examples.Lookup("gather")
	for i, want := range []struct{ file, text string }{
		{ex.PythonFile, "hello_world1"}, {ex.File, "Gather"}, {ex.StdlibFile, "errgroup"},
	} {
		if s := detail.Sources[min(i, len(detail.Sources)-1)]; s.File != want.file || !strings.Contains(s.HTML, want.text) {
			t.Errorf("source %d: file %q, want %q, holding %q", i, s.File, want.file, want.text)
		}
	}
	if !strings.Contains(detail.Notes, "<ul>") || !strings.Contains(detail.Notes, "<code>") {
		t.Errorf("notes not rendered as HTML: %.300s", detail.Notes)
	}
}

func TestBadRequests(t *testing.T) {
	_, ts := newTestServer(t, explorer.Options{})
	tests := []struct {
		path   string
		header []string
		status int
	}{
		{"/api/examples/nope", nil, 404},
		{"/api/examples/nope/recording", nil, 404},
		{"/api/examples/nope/live", nil, 404},
		{"/api/examples/gather/recording?mode=threads", nil, 400},
		{"/api/examples/gather/live?mode=threads", nil, 400},
		{"/api/examples/thread/recording?mode=loop", nil, 400},
		{"/api/examples/thread/live?mode=loop", nil, 400},
		{"/api/examples", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"/static/", nil, 404},
		{"/static/index.html", nil, 404},
		{"/static/nope.js", nil, 404},
		{"/nope", nil, 404},
	}
	for _, tt := range tests {
		resp, body := get(t, ts.URL+tt.path, tt.header...)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d: %s", tt.path, resp.StatusCode, tt.status, body)
		}
		if strings.Count(strings.TrimSpace(body), "\n") > 0 {
			t.Errorf("GET %s: error is not one line: %q", tt.path, body)
		}
	}
	resp, _ := get(t, ts.URL+"/api/examples", "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != 200 {
		t.Errorf("same-origin request refused: %d", resp.StatusCode)
	}
}

func TestPageAndItsFiles(t *testing.T) {
	_, ts := newTestServer(t, explorer.Options{})
	tests := []struct {
		path, contentType, contains string
	}{
		{"/", "text/html; charset=utf-8", `<script type="module" src="/static/app.js">`},
		{"/static/app.js", "text/javascript; charset=utf-8", "EventSource"},
		{"/static/style.css", "text/css; charset=utf-8", "prefers-color-scheme: dark"},
		{"/static/highlight.css", "text/css; charset=utf-8", "@media (prefers-color-scheme: dark)"},
		{"/static/favicon.svg", "image/svg+xml", "<svg"},
	}
	for _, tt := range tests {
		resp, body := get(t, ts.URL+tt.path)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: status %d", tt.path, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != tt.contentType {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.contentType)
		}
		if !strings.Contains(body, tt.contains) {
			t.Errorf("GET %s: no %q in it", tt.path, tt.contains)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", tt.path, csp)
		}
	}
}
