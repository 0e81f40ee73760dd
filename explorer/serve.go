package explorer

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// DefaultAddr is where rexasyncio serve listens unless told otherwise: this
// machine only.
const DefaultAddr = "127.0.0.1:8080"

// shutdownGrace bounds how long Serve waits for open connections to finish
// once its context is done; every run has been canceled by then.
const shutdownGrace = 5 * time.Second

// ListenAndServe listens on addr (host:port; port 0 picks a free one) and
// serves the explorer there as Serve does.
func ListenAndServe(ctx context.Context, addr string, opt Options, started func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return Serve(ctx, ln, opt, started)
}

// Serve serves the explorer on ln until ctx is done, then cancels every run,
// shuts the HTTP server down (http.Server.Shutdown) and returns nil; it
// returns earlier with the error if serving fails. It calls started, if not
// nil, with the page's URL once it accepts connections.
//
// On a loopback address it answers only requests addressed to localhost or
// a loopback IP, so that a web page cannot reach it by a DNS name that
// resolves to 127.0.0.1 (DNS rebinding).
func Serve(ctx context.Context, ln net.Listener, opt Options, started func(url string)) error {
	s := New(opt)
	var h http.Handler = s
	if isLoopback(ln.Addr()) {
		h = loopbackHostsOnly(h)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return s.ctx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if started != nil {
		started(URL(ln.Addr()))
	}
	select {
	case err := <-served:
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.Close() // the streams end with their runs
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}

// URL returns the URL of the page served at addr: http://localhost:PORT/
// when addr is every interface.
func URL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

func isLoopback(addr net.Addr) bool {
	ap, err := netip.ParseAddrPort(addr.String())
	return err == nil && ap.Addr().IsLoopback()
}

// loopbackHostsOnly refuses requests whose Host is not localhost or a
// loopback IP.
func loopbackHostsOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if name, _, err := net.SplitHostPort(host); err == nil {
			host = name
		}
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		ip, err := netip.ParseAddr(host)
		if !strings.EqualFold(host, "localhost") && (err != nil || !ip.IsLoopback()) {
			http.Error(w, "this server answers only requests for localhost", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// OpenBrowser asks the desktop to open url in the default browser: xdg-open
// on Linux and the BSDs, open on macOS, the URL protocol handler on Windows.
// It returns once the opener has started.
func OpenBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it
	return nil
}
