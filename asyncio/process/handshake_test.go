//go:build unix

package process_test

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio/process"
)

// runChild runs this test binary with extra environment variables, in a
// process group of its own, and returns what it printed.
func runChild(t *testing.T, env ...string) (stdout string, err error) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = time.Minute
	out, err := cmd.Output()
	return string(out), err
}

// Only a variable made by a pool for this very process makes it a worker:
// any other value, such as the parent's PID alone, leaves the program to
// run normally.
func TestServeIfChildIgnoresForeignMarks(t *testing.T) {
	me := strconv.Itoa(os.Getpid())
	token := rand.Text()
	for _, value := range []string{
		"",
		me,                           // the old form: the parent's PID alone
		me + ":" + token,             // no frame limit
		me + ":" + token + ":1024:x", // too much
		me + ":short:1024",           // not a token
		me + ":" + strings.ToLower(token) + ":1024",
		me + ":" + token + ":0", // no frame limit
		"1:" + token + ":1024",  // another parent
		"-" + me + ":" + token + ":1024",
	} {
		out, err := runChild(t, modeEnv+"=normal", process.WorkerEnv+"="+value)
		if out != "ran normally\n" || err != nil {
			t.Errorf("with %s=%q the program printed %q (%v); want it to run normally", process.WorkerEnv, value, out, err)
		}
	}
	// The control: a well-formed mark, for this parent, makes a worker,
	// which says hello with the token and, its stdin empty, ends.
	out, _ := runChild(t, modeEnv+"=normal", process.WorkerEnv+"="+me+":"+token+":1024")
	if strings.Contains(out, "ran normally") || !strings.Contains(out, token) {
		t.Errorf("with a valid mark the child printed %q; want a hello with the token", out)
	}
}

// A program that started as a worker but did not call ServeIfChild must
// not start workers of its own, recursively.
func TestNewPoolPanicsInAnUnservedWorker(t *testing.T) {
	out, err := runChild(t, modeEnv+"=unserved", process.WorkerEnv+"="+strconv.Itoa(os.Getpid())+":"+rand.Text()+":1024")
	if err != nil || !strings.Contains(out, "NewPool panicked") || !strings.Contains(out, "did not call process.ServeIfChild") {
		t.Errorf("NewPool in an unserved worker: %q, %v; want a panic naming ServeIfChild", out, err)
	}
}

// setEnv returns an environment editor that sets key to value.
func setEnv(key, value string) func([]string) []string {
	return func(env []string) []string { return append(env, key+"="+value) }
}

// The pool accepts a worker only if its hello carries the pool's token.
func TestPoolRejectsAnotherPoolsWorker(t *testing.T) {
	other := func(env []string) []string {
		for i, kv := range env {
			if v, ok := strings.CutPrefix(kv, process.WorkerEnv+"="); ok {
				parts := strings.Split(v, ":")
				parts[1] = rand.Text()
				env[i] = process.WorkerEnv + "=" + strings.Join(parts, ":")
			}
		}
		return env
	}
	p := newPool(t, 1, process.WithEnv(other))
	_, err := call(context.Background(), p, square, 2)
	var pe *process.Error
	if !errors.Is(err, process.ErrProtocol) || !errors.As(err, &pe) || !strings.Contains(err.Error(), "token") {
		t.Errorf("a worker with another token: %v; want an *Error matching ErrProtocol about the token", err)
	}
	if kids := childProcesses(); len(kids) > 0 {
		t.Errorf("the rejected worker was not reaped: %v", kids)
	}
}

// A child that never says hello fails the call at the handshake timeout
// (short here: this child never will), and one that prints something else
// fails it as soon as it prints (with the default timeout, which a slow
// start cannot reach); either is killed and reaped.
func TestHandshakeFailures(t *testing.T) {
	dropMark := func(mode string) process.Option {
		return process.WithEnv(func(env []string) []string {
			var kept []string
			for _, kv := range env {
				if !strings.HasPrefix(kv, process.WorkerEnv+"=") {
					kept = append(kept, kv)
				}
			}
			return setEnv(modeEnv, mode)(kept)
		})
	}
	tests := []struct {
		mode string
		opts []process.Option
		want string
	}{
		{"silent", []process.Option{process.WithHandshakeTimeout(300 * time.Millisecond)}, "no handshake from the worker within 300ms"},
		{"normal", nil, `output "ran " is not a frame`},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			p := newPool(t, 1, append(tt.opts, dropMark(tt.mode))...)
			_, err := call(context.Background(), p, square, 2)
			var pe *process.Error
			if !errors.Is(err, process.ErrProtocol) || !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("call = %v; want an *Error matching ErrProtocol with %q", err, tt.want)
			}
			if kids := childProcesses(); len(kids) > 0 {
				t.Errorf("the child was not reaped: %v", kids)
			}
		})
	}
}
