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
	obs      *observer // the task's, or the enclosing one; nil unless a Recorder is installed
	// foreign says that parent is a cancellable context of another kind
	// than ours. Registering with one (context.AfterFunc) costs
	// allocations and a place in its children, so it waits until
	// something needs to hear of the cancellation: a hook or a Done
	// channel. Until then Err asks the parent. Set before s is shared.
	foreign bool

	err      atomic.Pointer[error] // set once, under mu; the scope's error
	mu       sync.Mutex
	canceled bool          // cancel has run: done closed, hooks run
	linked   bool          // registered with the foreign parent (stop)
	done     chan struct{} // made lazily; closedDone once cancelled
	cause    error
	// causeCtx is a cancelled context of the standard library holding
	// cause, for a scope cancelled with a cause of its own (a Timeout's
	// expiry): context.Cause can only read a cause from one of those.
	causeCtx    context.Context
	hooks       hookList
	parentHook  hook                   // our registration in a parent scope
	parentScope *scope                 // the scope parentHook is registered with, if any
	stop        func() bool            // our registration with a foreign parent (context.AfterFunc)
	spare       atomic.Pointer[waiter] // a waiter to reuse for the next wait in this scope
}

type scopeKey struct{}

// hook is what to run when a scope is cancelled: an intrusive list node, so
// that registering and withdrawing cost no allocation. Its target is
// usually the object the hook is embedded in (a child scope, a loop task, a
// parked waiter), so that no closure is allocated either.
type hook struct {
	target     canceler
	prev, next *hook
	owner      *scope // the scope it is registered with; nil when not registered
}

// canceler is told, synchronously, that a scope it hooked is cancelled.
type canceler interface{ scopeCanceled() }

// funcHook runs a function: the standard library's AfterFunc children.
type funcHook func()

func (f funcHook) scopeCanceled() { f() }

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
	s := &scope{}
	s.init(parent)
	return s
}

// init makes s a new scope under parent; s must be zero.
func (s *scope) init(parent context.Context) {
	s.parent = parent
	s.parentHook.target = s
	ps, direct := parent.(*scope)
	if !direct {
		ps, _ = parent.Value(scopeKey{}).(*scope)
	}
	if ps != nil {
		s.loop, s.lt, s.task = ps.loop, ps.lt, ps.task
	}
	if direct {
		s.obs = ps.obs
	} else {
		s.obs = observerFrom(parent)
	}
	if ps != nil && (direct || parent.Done() == ps.Done()) {
		// The parent is a scope, or wraps one without a cancellation of its
		// own (context.WithValue): link directly, synchronously.
		s.parentScope = ps
		if !ps.addHook(&s.parentHook) {
			s.cancel(ps.Err(), ps.causeOrErr())
		}
		return
	}
	if parent.Done() == nil {
		return // never cancelled (Background, WithoutCancel)
	}
	if err := parent.Err(); err != nil {
		s.cancel(err, context.Cause(parent))
		return
	}
	s.foreign = true // registered with parent by linkLocked, if ever needed
}

// linkLocked registers s with its foreign parent, the first time something
// needs to hear of a cancellation. The standard library then calls us back
// on a goroutine of its own, never from within AfterFunc, so s.mu may be
// held. The caller must then check the parent (parentErr), which may have
// been cancelled while nobody was registered.
func (s *scope) linkLocked() {
	if !s.foreign || s.linked || s.canceled {
		return
	}
	s.linked = true
	s.stop = context.AfterFunc(s.parent, s.cancelFromParent)
}

// parentErr is the error of a foreign parent that s has not yet adopted:
// non-nil means that s is cancelled, and must be cancelled for good with
// cancelFromParent before it reports so through a hook or Done.
func (s *scope) parentErr() error {
	if !s.foreign {
		return nil
	}
	return s.parent.Err()
}

func (s *scope) scopeCanceled() { s.cancelFromParent() }

func (s *scope) cancelFromParent() { s.cancel(s.parent.Err(), context.Cause(s.parent)) }

// addHook registers h to run when s is cancelled. It reports false, and
// registers nothing, if s is already cancelled.
func (s *scope) addHook(h *hook) bool {
	s.mu.Lock()
	if s.err.Load() == nil {
		s.linkLocked()
		if s.parentErr() == nil {
			h.owner = s
			s.hooks.push(h)
			s.mu.Unlock()
			return true
		}
	}
	s.mu.Unlock()
	s.cancelFromParent() // nothing if cancelled already: let the hooks have run
	return false
}

// removeHook withdraws h if it has not run yet, and reports whether it
// did: false means that h has run, or is about to.
func (s *scope) removeHook(h *hook) bool {
	s.mu.Lock()
	removed := h.owner == s
	if removed {
		s.hooks.remove(h)
		h.owner = nil
	}
	s.mu.Unlock()
	return removed
}

// cancel ends the scope with err (and cause, for context.Cause's sake if no
// ancestor of the standard library holds one), runs its hooks in order, and
// detaches it from its parent. Only the first call has an effect.
func (s *scope) cancel(err, cause error) {
	s.mu.Lock()
	if s.canceled {
		s.mu.Unlock()
		return
	}
	s.canceled = true
	if s.err.Load() == nil {
		if perr := s.parentErr(); perr != nil {
			// The foreign parent was cancelled first: its error stands, as
			// if we had been registered with it all along.
			err, cause = perr, context.Cause(s.parent)
		}
		s.latchLocked(err, cause)
	}
	if s.done == nil {
		s.done = closedDone
	} else {
		close(s.done)
	}
	// Collect the targets under mu: once unlinked, a hook may be reused by
	// its owner at once.
	var buf [8]canceler
	targets := buf[:0]
	for h := s.hooks.head; h != nil; {
		next := h.next
		targets = append(targets, h.target)
		h.owner, h.prev, h.next = nil, nil, nil
		h = next
	}
	s.hooks = hookList{}
	s.mu.Unlock()
	s.spare.Store(nil) // waits in a cancelled scope return before they park
	for _, t := range targets {
		t.scopeCanceled()
	}
	s.detach()
}

// latchLocked sets the scope's error, once.
func (s *scope) latchLocked(err, cause error) {
	if cause == nil {
		cause = err
	}
	s.err.Store(errPointer(err))
	s.cause = cause
	if cause != err && cancelCtxKey != nil && context.Cause(s.parent) != cause {
		cc, cancel := context.WithCancelCause(context.Background())
		cancel(cause)
		s.causeCtx = cc
	}
}

// errPointer returns a pointer to err, without an allocation for the
// errors every task ends with.
func errPointer(err error) *error {
	switch err {
	case context.Canceled:
		return &errCanceled
	case context.DeadlineExceeded:
		return &errDeadlineExceeded
	}
	p := new(error) // not &err, which would move every caller's err to the heap
	*p = err
	return p
}

var errCanceled, errDeadlineExceeded = context.Canceled, context.DeadlineExceeded

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
	if s.done != nil {
		defer s.mu.Unlock()
		return s.done
	}
	s.linkLocked()
	if s.err.Load() == nil && s.parentErr() == nil {
		s.done = make(chan struct{})
		defer s.mu.Unlock()
		return s.done
	}
	s.mu.Unlock()
	s.cancelFromParent() // made done closedDone, unless cancelled meanwhile
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done
}

func (s *scope) Err() error {
	if p := s.err.Load(); p != nil {
		return *p
	}
	if s.foreign && s.parent.Err() != nil {
		return s.adoptParentErr()
	}
	return nil
}

// adoptParentErr makes a cancelled foreign parent's error the scope's own,
// so that Err never changes once non-nil, without running the hooks (Err
// may be called with a primitive's mutex held). Whatever registered with
// the parent still cancels the scope for good.
func (s *scope) adoptParentErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err.Load() == nil {
		s.latchLocked(s.parent.Err(), context.Cause(s.parent))
	}
	return *s.err.Load()
}

func (s *scope) Value(key any) any {
	switch key {
	case scopeKey{}:
		return s
	case observerKey{}:
		// Answered here, not by asking the parents, since every blocking
		// call asks: s.obs is the enclosing one, or the task's own.
		if s.obs != nil {
			return s.obs
		}
		return nil
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
	h := &hook{target: funcHook(f)}
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
