package explorer_test

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/explorer"
)

// These tests run over real HTTP on 127.0.0.1, in real time: they wait for
// conditions with generous timeouts and assert no durations.

const patience = 30 * time.Second

// TestServeStopsCleanly serves on a free port, checks the page and the
// loopback-only rule, then cancels the context and expects Serve to return
// nil.
func TestServeStopsCleanly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	served := make(chan error, 1)
	go func() { served <- explorer.Serve(ctx, ln, explorer.Options{}, func(url string) { urls <- url }) }()
	url := <-urls
	if want := "http://" + ln.Addr().String() + "/"; url != want {
		t.Errorf("URL %q, want %q", url, want)
	}

	resp, body := get(t, url)
	if resp.StatusCode != 200 || !strings.Contains(body, "rexasyncio explorer") {
		t.Errorf("GET %s: %d %.100q", url, resp.StatusCode, body)
	}
	// A DNS name that resolves to 127.0.0.1 is not enough (DNS rebinding).
	req, _ := http.NewRequest("GET", url+"api/examples", nil)
	req.Host = "attacker.example:80"
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Error(err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("Host %s: status %d, want 403", req.Host, resp.StatusCode)
		}
	}
	req.Host = "localhost"
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Error(err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("Host localhost: status %d, want 200", resp.StatusCode)
		}
	}

	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	case <-time.After(patience):
		t.Fatal("Serve did not return after its context was canceled")
	}
	if _, err := http.Get(url); err == nil {
		t.Error("still serving after Serve returned")
	}
}

// TestServeStopsDuringALiveRun cancels Serve's context while a live run
// streams: the run ends, and Serve returns without waiting for it to finish.
func TestServeStopsDuringALiveRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	served := make(chan error, 1)
	go func() {
		served <- explorer.ListenAndServe(ctx, "127.0.0.1:0", explorer.Options{}, func(url string) { urls <- url })
	}()
	url := <-urls
	resp, err := http.Get(url + "api/examples/queue/live")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := bufio.NewScanner(resp.Body)
	for events.Scan() && !strings.HasPrefix(events.Text(), "event: line") {
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	case <-time.After(patience):
		t.Fatal("Serve did not return while a live run streamed")
	}
	for events.Scan() {
		if strings.HasPrefix(events.Text(), "event: end") {
			t.Error("the run went on to its end")
		}
	}
}

// TestLiveOverHTTP streams a short example over real HTTP and reads every
// event up to the end.
func TestLiveOverHTTP(t *testing.T) {
	_, ts := newTestServer(t, explorer.Options{})
	resp, err := http.Get(ts.URL + "/api/examples/tothread/live")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	var names, lines []string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			names = append(names, name)
		}
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok && names[len(names)-1] == "line" {
			lines = append(lines, data)
		}
	}
	if len(names) < 3 || names[0] != "start" || names[len(names)-1] != "end" {
		t.Errorf("events %q: want start, …, end", names)
	}
	if len(lines) != 4 || !strings.Contains(lines[0], "Main function starting...") {
		t.Errorf("lines %q", lines)
	}
}

// TestClientThatLeavesCancelsItsRun leaves a 10 s live run after its first
// line, over real HTTP, and waits for the server to notice.
func TestClientThatLeavesCancelsItsRun(t *testing.T) {
	s, ts := newTestServer(t, explorer.Options{})
	resp, err := http.Get(ts.URL + "/api/examples/queue/live")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "event: line") {
	}
	if n := explorer.LiveRuns(s); n != 1 {
		t.Errorf("%d live runs while one streams", n)
	}
	resp.Body.Close()
	deadline := time.Now().Add(patience)
	for explorer.LiveRuns(s) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the run went on after its client left")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestURL(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{"0.0.0.0:8080", "http://localhost:8080/"},
		{"[::]:8080", "http://localhost:8080/"},
		{"[::1]:9000", "http://[::1]:9000/"},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := explorer.URL(addr); got != tt.want {
			t.Errorf("URL(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
