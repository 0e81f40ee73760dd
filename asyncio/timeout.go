package asyncio

import (
	"context"
	"errors"
	"time"
)

// Timeout is [TimeoutAt] with a deadline d from now, like
// async with asyncio.timeout(d).
func Timeout(ctx context.Context, d time.Duration, fn func(context.Context) error) error {
	if ctx == nil {
		nilCtxPanic("Timeout")
	}
	if fn == nil {
		nilFuncPanic("Timeout", "fn")
	}
	_, err := timeoutScope(ctx, Now(ctx).Add(d), fn)
	return err
}

// TimeoutAt runs fn on the calling goroutine with a context that expires at
// deadline, like async with asyncio.timeout_at(when), and blocks until fn
// returns. If the deadline passed and fn returned nothing but the cancellation
// (an error matching [context.DeadlineExceeded], with no other failure joined
// in), TimeoutAt returns [ErrTimeout]; otherwise fn's error, or nil, passes
// through. Of nested scopes that expire, only the outermost reports ErrTimeout.
// In fn, errors.Is(context.Cause(ctx), ErrTimeout) tells this expiry from a
// cancellation of ctx. A past deadline starts fn expired. It panics with an
// [*ArgError] if fn is nil.
// CPython differs: see "Differences from CPython" in [asyncio].
func TimeoutAt(ctx context.Context, deadline time.Time, fn func(context.Context) error) error {
	if ctx == nil {
		nilCtxPanic("TimeoutAt")
	}
	if fn == nil {
		nilFuncPanic("TimeoutAt", "fn")
	}
	_, err := timeoutScope(ctx, deadline, fn)
	return err
}

// scopeExpired is the cancellation cause of one timeout scope. Each scope
// allocates its own, so comparing causes tells which scope's deadline fired;
// it must not be a zero-size type, whose pointers may all be equal.
type scopeExpired struct{ deadline time.Time }

func (*scopeExpired) Error() string { return "asyncio: timeout" }

// Is makes the cause match ErrTimeout and context.DeadlineExceeded.
func (*scopeExpired) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// timeoutScope runs fn with a context that expires at deadline, and reports
// whether it turned fn's error into ErrTimeout.
func timeoutScope(ctx context.Context, deadline time.Time, fn func(context.Context) error) (timedOut bool, err error) {
	s := newTimedScope(ctx, deadline)
	expired := &scopeExpired{deadline}
	expire := func() { s.cancel(context.DeadlineExceeded, expired) }
	if !deadline.After(Now(ctx)) {
		expire() // as context.WithDeadline does: fn starts expired
	} else if lt := s.lt; lt != nil {
		t := lt.loop.addTimer(deadline, nil, expire)
		defer lt.loop.stopTimer(t)
	} else {
		t := time.AfterFunc(time.Until(deadline), expire)
		defer t.Stop()
	}
	defer s.cancel(context.Canceled, nil)
	err = fn(s)
	if s.Err() == nil && !Now(ctx).Before(deadline) && onlyCancellation(err) {
		// Our deadline has passed but its timer has not fired yet: fn
		// returned an inner scope's expiry at the same instant. Expire
		// now, so that the outermost of the scopes converts, as it would
		// had the timers fired in order.
		expire()
	}
	// Only the scope that expired converts the cancellation, and only the
	// outermost one when several expire at once (CPython counts
	// cancellations to the same effect); a failure that came with the
	// cancellation is not lost behind a timeout.
	if s.causeOrErr() == error(expired) && ctx.Err() == nil && !expiresBy(ctx, deadline) && onlyCancellation(err) && errors.Is(err, context.DeadlineExceeded) {
		return true, ErrTimeout
	}
	return false, err
}

// expiresBy reports whether ctx has a deadline no later than d: then an
// enclosing scope expires too, and its timeout is the one to report.
func expiresBy(ctx context.Context, d time.Time) bool {
	pd, ok := ctx.Deadline()
	return ok && !pd.After(d)
}

// onlyCancellation reports whether err is made of cancellations alone
// (context.Canceled or DeadlineExceeded, wrapped or joined), with no other
// failure in it. A panic is a failure, whatever its value.
func onlyCancellation(err error) bool {
	switch x := err.(type) {
	case nil, *PanicError:
		return false
	case interface{ Unwrap() []error }:
		errs := x.Unwrap()
		for _, e := range errs {
			if !onlyCancellation(e) {
				return false
			}
		}
		return len(errs) > 0
	}
	if err == context.Canceled || err == context.DeadlineExceeded {
		return true
	}
	if x, ok := err.(interface{ Is(error) bool }); ok && (x.Is(context.Canceled) || x.Is(context.DeadlineExceeded)) {
		return true
	}
	if x, ok := err.(interface{ Unwrap() error }); ok {
		return onlyCancellation(x.Unwrap())
	}
	return false
}
