package process

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The protocol between a pool and its worker, over the worker's stdin
// (requests) and stdout (replies): frames of a 4-byte big-endian length and a
// JSON document. The worker sends a hello first, with the token it was
// given, then one reply per request, in order.

// MaxFrameSize is the frame limit: the most bytes an argument or a result may
// take encoded as JSON. A call whose argument or result is larger fails with
// an error matching [ErrFrameTooLarge]. The limit bounds what a worker or the
// pool allocates for one message, so that a broken peer fails fast.
const MaxFrameSize = 256 << 20

// frameEnvelope is what a frame may hold beyond its argument or result: the
// request's id and function name, a reply's error text or panic and stack
// (each cut to maxReportedText).
const (
	frameEnvelope   = 1 << 20
	maxReportedText = 32 << 10
	maxNameLen      = 1 << 10
)

// workerEnv is the environment variable that makes a child a worker. Its
// value is "<parent's PID>:<token>:<frame limit>"; ServeIfChild accepts it
// only if the PID is its parent's and the token has the form newToken gives,
// and the pool accepts the worker only if its hello carries the pool's token.
const workerEnv = "REXASYNCIO_PROCESS_WORKER"

// helloVersion is the first frame's hello, so that the pool knows the worker
// runs this protocol and not the program's ordinary main.
const helloVersion = "rexasyncio-process-worker/2"

// newToken returns a random token, one per pool (128 bits, base32).
func newToken() string { return rand.Text() }

// validToken reports whether s has the form newToken gives.
func validToken(s string) bool {
	if len(s) != len(rand.Text()) {
		return false
	}
	for _, c := range s {
		if (c < 'A' || c > 'Z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// workerConfig is what a worker learns from workerEnv.
type workerConfig struct {
	ppid       int
	token      string
	frameLimit int
}

func (c workerConfig) String() string {
	return strconv.Itoa(c.ppid) + ":" + c.token + ":" + strconv.Itoa(c.frameLimit)
}

// parseWorkerConfig parses workerEnv's value; ok is false unless it has
// exactly the form workerConfig.String gives.
func parseWorkerConfig(s string) (c workerConfig, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 || !validToken(parts[1]) {
		return c, false
	}
	ppid, err1 := strconv.Atoi(parts[0])
	limit, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || ppid <= 0 || limit <= 0 || limit > MaxFrameSize {
		return c, false
	}
	return workerConfig{ppid: ppid, token: parts[1], frameLimit: limit}, true
}

type request struct {
	ID   uint64          `json:"id"`
	Func string          `json:"func"`
	Arg  json.RawMessage `json:"arg"`
}

type reply struct {
	Hello    string          `json:"hello,omitempty"`
	Token    string          `json:"token,omitempty"`
	ID       uint64          `json:"id,omitempty"`
	Result   json.RawMessage `json:"result,omitempty"`
	Failed   bool            `json:"failed,omitempty"` // the function returned Err
	Err      string          `json:"err,omitempty"`
	Panic    string          `json:"panic,omitempty"` // the function panicked with this value
	Stack    string          `json:"stack,omitempty"`
	TooLarge int             `json:"too_large,omitempty"` // the result's size, over the frame limit
	Unknown  bool            `json:"unknown,omitempty"`   // the function is not registered in the worker
}

func newFrameReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }

// writeFrame writes v as one frame, in a single Write.
func writeFrame(w io.Writer, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	buf := make([]byte, 4, 4+len(body))
	binary.BigEndian.PutUint32(buf, uint32(len(body)))
	_, err = w.Write(append(buf, body...))
	return err
}

// readFrame reads one frame of at most limit bytes into v. It returns io.EOF
// only at a frame boundary; a truncated frame is io.ErrUnexpectedEOF, and
// anything that is not a frame wraps ErrProtocol.
func readFrame(r *bufio.Reader, limit int, v any) error {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if uint64(n) > uint64(limit) {
		return fmt.Errorf("%w: a frame of %d bytes, over the limit of %d (output %q is not a frame)", ErrProtocol, n, limit, hdr[:])
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: %w", ErrProtocol, err)
	}
	return nil
}

// cut shortens s to at most maxReportedText bytes, so that an error message
// or a stack cannot overflow a frame.
func cut(s string) string {
	if len(s) <= maxReportedText {
		return s
	}
	const mark = "\n... (cut)"
	return strings.ToValidUTF8(s[:maxReportedText-len(mark)], "") + mark
}
