package asyncio_test

import (
	"cmp"
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rexasyncio/rexasyncio/asyncio"
)

// Misuse that used to surface as a nil dereference, a hang or a silent
// success must panic with an *ArgError naming the call: a nil ctx given to
// any function of the package (whether or not the call would block), and the
// zero Task and zero Barrier.

// nilCtx is a nil Context in a variable, as misuse usually is.
var nilCtx context.Context

type misuseCase struct {
	fn   string // the call the *ArgError must name
	arg  string // and the argument
	call func()
}

func nilCtxCases(t *testing.T) []misuseCase {
	ctx := t.Context()
	okFn := func(context.Context) (int, error) { return 1, nil }
	okErrFn := func(context.Context) error { return nil }
	done := asyncio.CreateTask(ctx, okFn)
	_, _ = done.Await(ctx)
	ex := asyncio.NewExecutor(1)
	t.Cleanup(func() { _ = ex.Shutdown(context.Background()) })
	tg, _ := asyncio.NewTaskGroup(ctx)
	t.Cleanup(func() { _ = tg.Wait(context.Background()) })
	set := &asyncio.Event{}
	set.Set()
	c := func(fn string, call func()) misuseCase { return misuseCase{fn, "ctx", call} }
	cases := []misuseCase{
		c("CreateTask", func() { asyncio.CreateTask(nilCtx, okFn) }),
		c("Go", func() { asyncio.Go(nilCtx, okErrFn) }),
		c("Task.Await", func() { _, _ = done.Await(nilCtx) }), // finished: would not block
		c("Run", func() { _ = asyncio.Run(nilCtx, okErrFn) }),
		c("RunLoop", func() { _ = asyncio.RunLoop(nilCtx, okErrFn) }),
		c("Now", func() { _ = asyncio.Now(nilCtx) }),
		c("Gather", func() { _, _ = asyncio.Gather(nilCtx, done) }),
		c("GatherAll", func() { _, _ = asyncio.GatherAll(nilCtx, done) }),
		c("AsCompleted", func() { asyncio.AsCompleted(nilCtx, []*asyncio.Task[int]{done}) }),
		c("Wait", func() { _, _, _ = asyncio.Wait(nilCtx, []*asyncio.Task[int]{done}) }),
		c("WaitFor", func() { _, _ = asyncio.WaitFor(nilCtx, time.Second, okFn) }),
		c("Timeout", func() { _ = asyncio.Timeout(nilCtx, time.Second, okErrFn) }),
		c("TimeoutAt", func() { _ = asyncio.TimeoutAt(nilCtx, time.Now(), okErrFn) }),
		c("Sleep", func() { _ = asyncio.Sleep(nilCtx, 0) }),
		c("Shield", func() { asyncio.Shield(nilCtx, okFn) }),
		c("ToThread", func() { _, _ = asyncio.ToThread(nilCtx, func() (int, error) { return 0, nil }) }),
		c("WithRecorder", func() { asyncio.WithRecorder(nilCtx, asyncio.RecorderFunc(func(asyncio.TaskEvent) {})) }),
		c("NewTaskGroup", func() { asyncio.NewTaskGroup(nilCtx) }),
		c("TaskGroup.Wait", func() { _ = tg.Wait(nilCtx) }),
		c("Lock.Lock", func() { var l asyncio.Lock; _ = l.Lock(nilCtx) }), // free: would not block
		c("Event.Wait", func() { _ = set.Wait(nilCtx) }),                  // set: would not block
		c("Condition.Lock", func() { var cv asyncio.Condition; _ = cv.Lock(nilCtx) }),
		c("Condition.Wait", func() { var cv asyncio.Condition; _ = cv.Wait(nilCtx) }),
		c("Condition.WaitFor", func() { var cv asyncio.Condition; _ = cv.WaitFor(nilCtx, func() bool { return true }) }),
		c("Semaphore.Acquire", func() { _ = asyncio.NewSemaphore(1).Acquire(nilCtx) }),
		c("BoundedSemaphore.Acquire", func() { _ = asyncio.NewBoundedSemaphore(1).Acquire(nilCtx) }),
		c("Barrier.Wait", func() { _, _ = asyncio.NewBarrier(1).Wait(nilCtx) }), // 1 party: would not block
		c("Submit", func() { _, _ = asyncio.Submit(nilCtx, ex, okFn) }),
		c("Map", func() {
			_, _ = asyncio.Map(nilCtx, ex, []int{1}, func(context.Context, int) (int, error) { return 0, nil })
		}),
		c("Executor.Shutdown", func() { _ = asyncio.NewExecutor(1).Shutdown(nilCtx) }),
	}
	for _, k := range []struct {
		name string
		new  func() intQueue
	}{
		{"Queue", func() intQueue { return asyncio.NewQueue[int](0) }},
		{"LifoQueue", func() intQueue { return asyncio.NewLifoQueue[int](0) }},
		{"PriorityQueue", func() intQueue { return asyncio.NewPriorityQueue(0, cmp.Less[int]) }},
	} {
		full := func() intQueue { q := k.new(); _ = q.TryPut(1); return q }
		cases = append(cases,
			c(k.name+".Put", func() { _ = k.new().Put(nilCtx, 1) }), // unbounded: would not block
			c(k.name+".Get", func() { _, _ = full().Get(nilCtx) }),  // an item: would not block
			c(k.name+".Join", func() { _ = k.new().Join(nilCtx) }),  // nothing put: would not block
		)
	}
	return cases
}

func zeroValueCases() []misuseCase {
	ctx := context.Background()
	var zt asyncio.Task[int]
	zeroTask := func(fn string, call func()) misuseCase { return misuseCase{fn, "task", call} }
	zeroIn := func(fn string, call func()) misuseCase { return misuseCase{fn, "tasks[0]", call} }
	return []misuseCase{
		zeroTask("Task.Await", func() { _, _ = zt.Await(ctx) }),
		zeroTask("Task.Result", func() { _, _ = zt.Result() }),
		zeroTask("Task.Err", func() { _ = zt.Err() }),
		zeroTask("Task.Done", func() { zt.Done() }),
		zeroTask("Task.Cancel", func() { zt.Cancel() }),
		zeroIn("Gather", func() { _, _ = asyncio.Gather(ctx, &zt) }),
		zeroIn("GatherAll", func() { _, _ = asyncio.GatherAll(ctx, &zt) }),
		zeroIn("AsCompleted", func() { asyncio.AsCompleted(ctx, []*asyncio.Task[int]{&zt}) }),
		zeroIn("Wait", func() { _, _, _ = asyncio.Wait(ctx, []*asyncio.Task[int]{&zt}) }),
		{"Barrier.Wait", "barrier", func() { var b asyncio.Barrier; _, _ = b.Wait(ctx) }},
	}
}

func TestMisusePanicsWithArgErrorNamingTheCall(t *testing.T) {
	for _, group := range []struct {
		name  string
		cases []misuseCase
	}{
		{"nil ctx", nilCtxCases(t)},
		{"zero value", zeroValueCases()},
	} {
		for _, mc := range group.cases {
			t.Run(group.name+"/"+mc.fn, func(t *testing.T) {
				p := recoverWithin(t, time.Minute, mc.call)
				var ae *asyncio.ArgError
				if err, ok := p.(error); !ok || !errors.As(err, &ae) {
					t.Fatalf("panicked with %T %v; want an *asyncio.ArgError", p, p)
				}
				if ae.Func != mc.fn || ae.Arg != mc.arg {
					t.Errorf("ArgError names %s's %q; want %s's %q", ae.Func, ae.Arg, mc.fn, mc.arg)
				}
				if msg := ae.Error(); !strings.HasPrefix(msg, "asyncio: "+mc.fn+": "+mc.arg+" ") {
					t.Errorf("message %q does not name %s and %s", msg, mc.fn, mc.arg)
				}
			})
		}
	}
}

// recoverWithin runs call and returns what it panicked with (nil if it
// returned). A call still blocked after limit fails the test (the zero Task's
// Await used to block for ever); the limit is far above the microseconds a
// panic on entry takes, so load cannot make it fail.
func recoverWithin(t *testing.T, limit time.Duration, call func()) any {
	t.Helper()
	ch := make(chan any, 1)
	go func() {
		defer func() { ch <- recover() }()
		call()
	}()
	select {
	case p := <-ch:
		return p
	case <-time.After(limit):
		t.Fatalf("still blocked after %v; want a panic at once", limit)
		return nil
	}
}

// The nil-ctx table covers every exported function and method of the package
// that takes a context.Context, so a new one cannot be missed.
func TestNilCtxTableCoversEveryCallWithAContext(t *testing.T) {
	inTable := map[string]bool{}
	for _, mc := range nilCtxCases(t) {
		inTable[mc.fn] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() || !takesContext(fd) {
				continue
			}
			fn := fd.Name.Name
			if fd.Recv != nil {
				recv := receiverType(fd.Recv.List[0].Type)
				if !ast.IsExported(recv) {
					continue
				}
				fn = recv + "." + fn
			}
			if !inTable[fn] {
				t.Errorf("%s (%s) takes a context.Context but is not in the nil-ctx table", fn, fset.Position(fd.Pos()))
			}
		}
	}
}

func takesContext(fd *ast.FuncDecl) bool {
	for _, p := range fd.Type.Params.List {
		if sel, ok := p.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Context" {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "context" {
				return true
			}
		}
	}
	return false
}

// receiverType returns T for receivers T, *T, T[A] and *T[A].
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
