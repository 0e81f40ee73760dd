package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServeHelp(t *testing.T) {
	for _, flag := range []string{"--help", "-h"} {
		r := runCLI("serve", flag)
		r.check(t, exitOK)
		text := strings.Join(strings.Fields(r.stdout), " ")
		for _, want := range []string{"usage: rexasyncio serve [-h] [--addr=HOST:PORT] [--open]", "127.0.0.1:8080, is this machine only"} {
			if !strings.Contains(text, want) {
				t.Errorf("serve %s: no %q in:\n%s", flag, want, r.stdout)
			}
		}
	}
	if r := runCLI("--help"); !strings.Contains(r.stdout, "rexasyncio serve") {
		t.Errorf("--help does not mention rexasyncio serve:\n%s", r.stdout)
	}
}

func TestServeBadArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--addr"}, "--addr needs a value"},
		{[]string{"--addr="}, "invalid --addr"},
		{[]string{"--addr=8080"}, "invalid --addr"},
		{[]string{"--open=yes"}, "--open takes no value"},
		{[]string{"--gather"}, "unknown flag --gather for serve"},
		{[]string{"now"}, `unexpected argument "now"`},
		{[]string{"--"}, `unexpected argument "--"`},
	}
	for _, tt := range tests {
		r := runCLI(append([]string{"serve"}, tt.args...)...)
		r.check(t, exitUsage)
		if !strings.HasPrefix(r.stderr, "rexasyncio: ") || !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("serve %q: stderr %q, want one line with %q", tt.args, r.stderr, tt.want)
		}
	}
	// "serve" is a command only in first place.
	r := runCLI("--gather", "serve")
	r.check(t, exitUsage)
}

// TestServeServesUntilCanceled starts the server on a free port, fetches
// the page at the URL it prints, then cancels it as Ctrl-C does.
func TestServeServesUntilCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr lockedBuffer
	status := make(chan int, 1)
	go func() {
		defer pw.Close()
		status <- runIn(ctx, []string{"serve", "--addr=127.0.0.1:0"}, pw, &stderr, fakeEnv(false))
	}()
	out := bufio.NewScanner(pr)
	if !out.Scan() {
		t.Fatalf("nothing printed; stderr %q", stderr.String())
	}
	first := out.Text()
	const prefix = "rexasyncio serve: the explorer is at "
	url, ok := strings.CutPrefix(first, prefix)
	url, _, _ = strings.Cut(url, " ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line %q: want %q and the URL", first, prefix)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %d", url, resp.StatusCode)
	}

	cancel()
	var rest []string
	for out.Scan() {
		rest = append(rest, out.Text())
	}
	select {
	case got := <-status:
		if got != exitOK {
			t.Errorf("status %d, want %d; stderr %q", got, exitOK, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if len(rest) != 1 || rest[0] != "rexasyncio serve: stopped" {
		t.Errorf("after the URL: %q", rest)
	}
}

func TestServeAddressInUse(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	first := make(chan int, 1)
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		first <- runIn(ctx, []string{"serve", "--addr=127.0.0.1:0"}, pw, io.Discard, fakeEnv(false))
	}()
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "rexasyncio serve: the explorer is at "); ok {
				u, _, _ = strings.Cut(u, " ")
				urls <- u
			}
		}
	}()
	addr := strings.TrimSuffix(strings.TrimPrefix(<-urls, "http://"), "/")
	r := runCLI("serve", "--addr="+addr)
	r.check(t, exitFailed)
	if !strings.HasPrefix(r.stderr, "rexasyncio serve: ") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr %q: want one line", r.stderr)
	}
	cancel()
	<-first
}
