package asyncio

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// scope is the context of a task or of a Timeout: a cancellable context whose
// cancellation runs its hooks synchronously, in the order they were added, on
// the goroutine that cancels. That is what makes cancellation a deterministic
// event on the loop, where context.WithCancel's AfterFunc would start a
// goroutine. Its Done channel is made only when someone asks for it.
//
// Value answers scopeKey{} and observerKey{} itself and asks the parent for
// everything else, so context.Cause still finds a standard-library ancestor's
// cause.
type scope struct {
	parent   context.Context
	deadline time.Time // zero: the parent's
	loop     *loop     // nil: not on an event loop (goroutine mode, or work run off the loop)
	lt       *loopTask // the loop task that runs in this scope; nil off the loop
	task     *taskCore // the task that runs in this scope
	obs      *observer // nil unless a Recorder is installed

	err   atomic.Pointer[error] // set once, under mu
	mu    sync.Mutex
	done  chan struct{} // made lazily; closedDone once cancelled
	cause error
	// causeCtx is a cancelled context of the standard library holding
	// cause, for a scope cancelled with a cause of its own (a Timeout's
	// expiry): context.Cause can only read a cause from one of those.
	causeCtx    context.Context
	hooks       hookList
	parentHook  hook        // our registration in a parent scope
	parentScope *scope      // the scope parentHook is registered with, if any
	stop        func() bool // our registration with a foreign parent (context.AfterFunc)
}

type scopeKey struct{}

// hook is a function to run when a scope is cancelled: an intrusive list
// node, so that registering and withdrawing cost no allocation.
type hook struct {
	fn         func()
	prev, next *hook
	owner      *scope // the scope it is registered with; nil when not registered
}

type hookList struct{ head, tail *hook }

func (l *hookList) push(h *hook) {
	h.prev, h.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = h
	} else {
		l.head = h
	}
	l.tail = h
}

func (l *hookList) remove(h *hook) {
	if h.prev != nil {
		h.prev.next = h.next
	} else {
		l.head = h.next
	}
	if h.next != nil {
		h.next.prev = h.prev
	} else {
		l.tail = h.prev
	}
	h.prev, h.next = nil, nil
}

// newScope returns a scope under parent, cancelled whenever parent is. The
// loop task, loop and observer are inherited from the nearest enclosing scope
// unless the caller sets them afterwards.
func newScope(parent context.Context) *scope {
	s := &scope{parent: parent}
	s.parentHook.fn = s.cancelFromParent
	ps, direct := parent.(*scope)
	if !direct {
		ps, _ = parent.Value(scopeKey{}).(*scope)
	}
	if ps != nil {
		s.loop, s.lt, s.task = ps.loop, ps.lt, ps.task
	}
	if ps != nil && (direct || parent.Done() == ps.Done()) {
		// The parent is a scope, or wraps one without a cancellation of its
		// own (context.WithValue): link directly, synchronously.
		s.parentScope = ps
		if !ps.addHook(&s.parentHook) {
			s.cancel(ps.Err(), ps.causeOrErr())
		}
		return s
	}
	if parent.Done() == nil {
		return s // never cancelled (Background, WithoutCancel)
	}
	if err := parent.Err(); err != nil {
		s.cancel(err, context.Cause(parent))
		return s
	}
	// A foreign cancellable parent: the standard library calls us back on
	// its own goroutine (or synchronously, for a parent that implements
	// AfterFunc itself).
	stop := context.AfterFunc(parent, s.cancelFromParent)
	s.mu.Lock()
	s.stop = stop
	s.mu.Unlock()
	return s
}

func (s *scope) cancelFromParent() { s.cancel(s.parent.Err(), context.Cause(s.parent)) }

// addHook registers h to run when s is cancelled. It reports false, and
// registers nothing, if s is already cancelled.
func (s *scope) addHook(h *hook) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err.Load() != nil {
		return false
	}
	h.owner = s
	s.hooks.push(h)
	return true
}

// removeHook withdraws h if it has not run yet.
func (s *scope) removeHook(h *hook) {
	s.mu.Lock()
	if h.owner == s {
		s.hooks.remove(h)
		h.owner = nil
	}
	s.mu.Unlock()
}

// cancel ends the scope with err (and cause, for context.Cause's sake if no
// ancestor of the standard library holds one), runs its hooks in order, and
// detaches it from its parent. Only the first call has an effect.
func (s *scope) cancel(err, cause error) {
	s.mu.Lock()
	if s.err.Load() != nil {
		s.mu.Unlock()
		return
	}
	if cause == nil {
		cause = err
	}
	s.err.Store(&err)
	s.cause = cause
	if cause != err && cancelCtxKey != nil && context.Cause(s.parent) != cause {
		cc, cancel := context.WithCancelCause(context.Background())
		cancel(cause)
		s.causeCtx = cc
	}
	if s.done == nil {
		s.done = closedDone
	} else {
		close(s.done)
	}
	// Collect the functions under mu: once unlinked, a hook may be reused
	// by its owner at once.
	var buf [8]func()
	fns := buf[:0]
	for h := s.hooks.head; h != nil; {
		next := h.next
		fns = append(fns, h.fn)
		h.owner, h.prev, h.next = nil, nil, nil
		h = next
	}
	s.hooks = hookList{}
	s.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
	s.detach()
}

// detach withdraws s from its parent, once s can no longer be cancelled by
// it or no longer needs to be.
func (s *scope) detach() {
	if s.parentScope != nil {
		s.parentScope.removeHook(&s.parentHook)
	}
	s.mu.Lock()
	stop := s.stop
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

func (s *scope) causeOrErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cause
}

func (s *scope) Deadline() (time.Time, bool) {
	d, ok := s.parent.Deadline()
	if !s.deadline.IsZero() && (!ok || s.deadline.Before(d)) {
		return s.deadline, true
	}
	return d, ok
}

func (s *scope) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		s.done = make(chan struct{})
	}
	return s.done
}

func (s *scope) Err() error {
	if p := s.err.Load(); p != nil {
		return *p
	}
	return nil
}

func (s *scope) Value(key any) any {
	switch key {
	case scopeKey{}:
		return s
	case observerKey{}:
		if s.obs != nil {
			return s.obs
		}
	case cancelCtxKey:
		if cc := s.causeContext(); cc != nil {
			return cc.Value(key)
		}
	}
	return s.parent.Value(key)
}

// AfterFunc lets the standard library link a context.WithCancel child to s
// without a goroutine: f runs synchronously when s is cancelled.
func (s *scope) AfterFunc(f func()) (stop func() bool) {
	h := &hook{fn: f}
	if !s.addHook(h) {
		go f() // as context.AfterFunc does for a cancelled context
		return func() bool { return false }
	}
	return func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		if h.owner != s {
			return false
		}
		s.hooks.remove(h)
		h.owner = nil
		return true
	}
}

func (s *scope) String() string { return "asyncio.scope" }

// scopeOf returns the scope ctx is, or the nearest one it wraps.
func scopeOf(ctx context.Context) *scope {
	if s, ok := ctx.(*scope); ok {
		return s
	}
	s, _ := ctx.Value(scopeKey{}).(*scope)
	return s
}

func (s *scope) causeContext() context.Context {
	if s.err.Load() == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.causeCtx
}

// cancelCtxKey is the key under which the standard library's contexts answer
// Value with themselves, which context.Cause looks up. It is unexported, so
// it is caught once from the call that context.WithCancel makes on a parent
// of ours; nil if that ever stops working (context.Cause then reports a
// scope's error instead of its cause).
var cancelCtxKey = func() any {
	p := &keyProbe{done: make(chan struct{})}
	_, cancel := context.WithCancel(p)
	cancel()
	return p.key
}()

// keyProbe is a cancellable context that records the first key it is asked
// for, and implements AfterFunc so that the standard library starts no
// goroutine for its child.
type keyProbe struct {
	context.Context
	done chan struct{}
	key  any
}

func (p *keyProbe) Done() <-chan struct{}       { return p.done }
func (p *keyProbe) Err() error                  { return nil }
func (p *keyProbe) Deadline() (time.Time, bool) { return time.Time{}, false }
func (p *keyProbe) Value(key any) any {
	if p.key == nil {
		p.key = key
	}
	return nil
}
func (p *keyProbe) AfterFunc(func()) (stop func() bool) { return func() bool { return true } }
