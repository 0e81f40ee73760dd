package asyncio

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// scope is the context of a task or of a Timeout: a cancellable context whose
// cancellation runs its hooks synchronously, in the order they were added
// (after a waiter parked without the mutex, see addWaiter), on
// the goroutine that cancels. That is what makes cancellation a deterministic
// event on the loop, where context.WithCancel's AfterFunc would start a
// goroutine. Its Done channel is made only when someone asks for it.
//
// Value answers scopeKey{} and observerKey{} itself and asks the parent for
// everything else, so context.Cause still finds a standard-library ancestor's
// cause.
type scope struct {
	parent context.Context
	loop   *loop     // nil: not on an event loop (goroutine mode, or work run off the loop)
	lt     *loopTask // the loop task that runs in this scope; nil off the loop
	task   *taskCore // the task that runs in this scope
	obs    *observer // the task's, or the enclosing one; nil unless a Recorder is installed
	// parentScope is the parent if it is a scope, or wraps one; foreign
	// says that the parent is a cancellable context of another kind than
	// ours. Both are set before s is shared. s registers with its parent
	// only when it must (see linkLocked).
	parentScope *scope
	foreign     bool

	canceled bool        // cancel has run: done closed, hooks run; guarded by mu
	linked   atomic.Bool // the parent's cancellation reaches s (see linkLocked); set under mu
	err      atomic.Pointer[error]
	mu       sync.Mutex
	done     chan struct{} // made lazily, closed by cancel; closedDone if made after it
	// ext is what most tasks never need, made the first time something
	// hooks into s, links it to its parent, waits or sleeps in it, or
	// gives it a cause or a deadline: a task that does none of these is
	// smaller by as much. Set once, under mu.
	ext atomic.Pointer[scopeExt]
}

// scopeExt is the rarely needed part of a scope (see scope.ext).
type scopeExt struct {
	hooks      hookList    // guarded by the scope's mu
	parentHook hook        // our registration with parentScope
	stop       func() bool // our registration with a foreign parent (context.AfterFunc); guarded by mu
	cause      error       // the cause, if other than the error; guarded by mu
	causeCtx   context.Context
	deadline   *time.Time             // a Timeout's (newTimedScope); nil if none
	spare      atomic.Pointer[waiter] // a waiter to reuse for the next wait in the scope
	// parked is a waiter parked in the scope, registered without the
	// mutex (see addWaiter); the others have their hook in hooks.
	parked atomic.Pointer[waiter]
	timer  atomic.Pointer[time.Timer] // Sleep's, kept for the next sleep in the scope
}

// initExt makes e the new extension of s.
func (s *scope) initExt(e *scopeExt) {
	e.parentHook.target = s
	s.ext.Store(e)
}

type scopeKey struct{}

// x returns s's extension, making it if need be. s.mu must not be held.
func (s *scope) x() *scopeExt {
	if e := s.ext.Load(); e != nil {
		return e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.xLocked()
}

// xLocked is x with s.mu held.
func (s *scope) xLocked() *scopeExt {
	e := s.ext.Load()
	if e == nil {
		e = &scopeExt{}
		s.initExt(e)
	}
	return e
}

// newTimedScope returns a scope under parent that expires at deadline
// (which the caller must arrange), with its extension, which holds the
// deadline, in the same allocation.
func newTimedScope(parent context.Context, deadline time.Time) *scope {
	ts := &struct {
		scope
		ext      scopeExt
		deadline time.Time
	}{deadline: deadline}
	ts.ext.deadline = &ts.deadline
	ts.scope.initExt(&ts.ext)
	ts.scope.init(parent)
	return &ts.scope
}

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
		// own (context.WithValue): its cancellation reaches s directly and
		// synchronously, through parentHook, once s is linked to it.
		s.parentScope = ps
		if err := ps.Err(); err != nil {
			s.cancel(err, ps.causeOrErr())
		}
		return
	}
	if parent.Done() == nil {
		s.linked.Store(true) // nothing to link to: the parent is never cancelled (Background, WithoutCancel)
		return
	}
	if err := parent.Err(); err != nil {
		s.cancel(err, context.Cause(parent))
		return
	}
	s.foreign = true
}

// Linking. A scope registers with its parent only once something needs to
// hear of its cancellation: a hook (a parked waiter, a child that is itself
// linked, a context of the standard library derived from it) or a Done
// channel. Until then Err asks the parent. Most tasks never block, and so
// never touch their parent's mutex, which every sibling shares; and a
// foreign parent's registration (context.AfterFunc) costs allocations.

// linkLocked registers s with its parent, if it is not yet, so that a
// hook of s hears of the parent's cancellation: with a parent scope through
// parentHook (which links the parent in turn, up to the first linked
// ancestor), with a foreign parent through context.AfterFunc, which calls us
// back on a goroutine of its own, never from within AfterFunc. Locks are
// taken from child to parent only. The caller must then check parentErr:
// the parent may have been cancelled while nobody was registered.
func (s *scope) linkLocked() {
	if s.linked.Load() || s.canceled {
		return
	}
	switch {
	case s.parentScope != nil:
		if !s.parentScope.addHook(&s.xLocked().parentHook) {
			return // cancelled: parentErr says so
		}
	case s.foreign:
		s.xLocked().stop = context.AfterFunc(s.parent, s.cancelFromParent)
	default:
		return
	}
	s.linked.Store(true)
}

// parentErr is the error of a parent that s may not yet have heard of:
// non-nil means that s is cancelled, and must be cancelled for good with
// cancelFromParent before it reports so through a hook or Done. Once linked
// to a parent scope, s hears of it synchronously; a foreign parent's
// callback comes later, so it is always asked.
func (s *scope) parentErr() error {
	switch {
	case s.foreign:
		return s.parent.Err()
	case s.parentScope != nil && !s.linked.Load():
		return s.parentScope.Err()
	}
	return nil
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
			s.xLocked().hooks.push(h)
			s.mu.Unlock()
			return true
		}
	}
	s.mu.Unlock()
	s.cancelFromParent() // nothing if cancelled already: let the hooks have run
	return false
}

// addWaiter registers w's cancellation hook, as addHook does, but without
// the mutex when it can: in parked, if s is linked (its parent's
// cancellation reaches it) and no other wait in s is using parked. cancel
// stores the error before it takes parked, and we take parked before we
// look at the error, so one of the two sees the other.
func (s *scope) addWaiter(w *waiter) bool {
	e := s.x()
	if !s.linked.Load() || !e.parked.CompareAndSwap(nil, w) {
		return s.addHook(&w.cancel)
	}
	if s.Err() == nil {
		return true
	}
	// Cancelled meanwhile: take it back, unless cancel took it first and
	// wakes w.
	return !e.parked.CompareAndSwap(w, nil)
}

// removeWaiter withdraws what addWaiter registered, and reports whether it
// did: false means that the hook has run, or is about to.
func (s *scope) removeWaiter(w *waiter) bool {
	return s.x().parked.CompareAndSwap(w, nil) || s.removeHook(&w.cancel)
}

// removeHook withdraws h if it has not run yet, and reports whether it
// did: false means that h has run, or is about to.
func (s *scope) removeHook(h *hook) bool {
	s.mu.Lock()
	removed := h.owner == s
	if removed {
		s.ext.Load().hooks.remove(h) // a hook of s: s has its extension
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
	hooks := s.cancelLocked(err, cause)
	s.mu.Unlock()
	s.afterCancel(hooks)
}

// hookTargets are the targets of the hooks a cancellation runs, collected
// under the scope's mutex: once unlinked, a hook may be reused by its owner
// at once.
type hookTargets struct {
	buf  [8]canceler
	n    int
	more []canceler
}

// cancelLocked is cancel's part under s.mu: it cancels s, unless it is
// already, and returns the hooks that afterCancel must then run.
func (s *scope) cancelLocked(err, cause error) (hooks hookTargets) {
	if s.canceled {
		hooks.n = -1
		return hooks
	}
	s.canceled = true
	if s.err.Load() == nil {
		if perr := s.parentErr(); perr != nil {
			// The parent was cancelled first: its error stands, as if we
			// had been registered with it all along.
			err, cause = perr, context.Cause(s.parent)
		}
		s.latchLocked(err, cause)
	}
	if s.done != nil {
		close(s.done)
	}
	e := s.ext.Load()
	if e == nil {
		return hooks // nothing hooked into s
	}
	if w := e.parked.Swap(nil); w != nil {
		hooks.buf[0] = w
		hooks.n = 1
	}
	for h := e.hooks.head; h != nil; {
		next := h.next
		if hooks.n < len(hooks.buf) {
			hooks.buf[hooks.n] = h.target
			hooks.n++
		} else {
			hooks.more = append(hooks.more, h.target)
		}
		h.owner, h.prev, h.next = nil, nil, nil
		h = next
	}
	e.hooks = hookList{}
	return hooks
}

// afterCancel finishes a cancellation, without s.mu: it runs the hooks and
// detaches s from its parent. It does nothing if cancelLocked found s
// cancelled already.
func (s *scope) afterCancel(hooks hookTargets) {
	if hooks.n < 0 {
		return
	}
	if e := s.ext.Load(); e != nil && e.spare.Load() != nil {
		e.spare.Store(nil) // waits in a cancelled scope return before they park
	}
	for _, t := range hooks.buf[:hooks.n] {
		t.scopeCanceled()
	}
	for _, t := range hooks.more {
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
	if cause != err {
		e := s.xLocked()
		e.cause = cause
		if cancelCtxKey != nil && context.Cause(s.parent) != cause {
			cc, cancel := context.WithCancelCause(context.Background())
			cancel(cause)
			e.causeCtx = cc
		}
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
	if !s.linked.Load() {
		return
	}
	e := s.ext.Load() // linked: s has its extension
	if s.parentScope != nil {
		s.parentScope.removeHook(&e.parentHook)
		return
	}
	if !s.foreign {
		return
	}
	s.mu.Lock()
	stop := e.stop
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
}

func (s *scope) causeOrErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.ext.Load(); e != nil && e.cause != nil {
		return e.cause
	}
	if p := s.err.Load(); p != nil {
		return *p
	}
	return nil
}

func (s *scope) Deadline() (time.Time, bool) {
	d, ok := s.parent.Deadline()
	if e := s.ext.Load(); e != nil && e.deadline != nil && (!ok || e.deadline.Before(d)) {
		return *e.deadline, true
	}
	return d, ok
}

func (s *scope) Done() <-chan struct{} {
	s.mu.Lock()
	if s.done == nil {
		if !s.canceled {
			s.linkLocked()
			if s.err.Load() != nil || s.parentErr() != nil {
				s.mu.Unlock()
				s.cancelFromParent() // cancelled meanwhile: for good now
				s.mu.Lock()
			}
		}
		if s.canceled {
			s.done = closedDone
		} else {
			s.done = make(chan struct{})
		}
	}
	done := s.done
	s.mu.Unlock()
	return done
}

func (s *scope) Err() error {
	if p := s.err.Load(); p != nil {
		return *p
	}
	if s.parentErr() != nil {
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
		perr := s.parent.Err()
		if perr == nil {
			return nil // s is linked now, and will hear of it
		}
		s.latchLocked(perr, context.Cause(s.parent))
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
		s.ext.Load().hooks.remove(h)
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
	if e := s.ext.Load(); e != nil {
		return e.causeCtx
	}
	return nil
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
