// Package process runs registered functions in child processes, like
// Python's concurrent.futures.ProcessPoolExecutor.
//
// A [Pool]'s workers are the current program, started again (Go cannot fork
// a running program). So a program that uses a pool registers its functions
// at package initialisation, in package-level variables, where the workers,
// which run the same initialisation, register them too. [Register] returns a
// typed handle, a [Func]:
//
//	var square = process.Register("square", func(ctx context.Context, n int) (int, error) {
//		return n * n, nil
//	})
//
// And it calls [ServeIfChild] first thing in main (and in TestMain of a test
// binary that uses a pool): in a worker it serves calls and never returns;
// otherwise it returns at once.
//
//	func main() {
//		process.ServeIfChild()
//		...
//	}
//
// Then a call is typed end to end:
//
//	pool := process.NewPool(4, process.WithTimeout(time.Minute))
//	defer pool.Shutdown(ctx)
//	task, err := square.Submit(ctx, pool, 3) // task is an *asyncio.Task[int]
//
// Arguments and results cross the process boundary as JSON, each at most
// [MaxFrameSize] bytes. An error the function returns comes back as a
// [*RemoteError], and the worker is reused. A worker that panics, exits, is
// killed, or exceeds the call timeout makes the call fail with an [*Error];
// it is killed with its process group and reaped, and replaced on the next
// call. Canceling a running call's context kills its worker too: that is how
// a call is stopped, since the function's own context is never canceled.
// Calls run on an [asyncio.Executor], so on an asyncio loop they run off it.
//
// # When to use it
//
// For isolation, not speed. A function that may crash its process (a panic
// on another goroutine, a fault in cgo, os.Exit in a library), exhaust its
// memory, leak, hang, or that drives foreign code, cannot take the parent
// down from a worker; a per-call timeout kills a worker that runs too long,
// which no goroutine can be made to do. For CPU parallelism use goroutines,
// or an [asyncio.Executor] with runtime.GOMAXPROCS(0) workers: they already
// run on every core, without starting processes or encoding every argument
// and result.
//
// # Differences from ProcessPoolExecutor
//
//   - Functions are registered by name at initialisation, and workers find them
//     by that name; CPython pickles a reference to the function.
//   - Arguments and results are JSON, not pickles. An error crosses as its
//     message only ([*RemoteError]), so errors.Is cannot match the original.
//   - A worker that dies fails only its own call and is replaced; CPython's
//     pool breaks (BrokenProcessPool) and fails every pending call.
//   - A worker whose function panicked exits once it has reported it; a Python
//     worker goes on after an exception.
//   - [WithTimeout] kills a call's worker; CPython can only stop waiting for a
//     result, and the work runs on.
//   - Canceling a running call kills its worker; Future.cancel cannot stop a
//     running call. [Pool.ShutdownNow] kills the running calls too.
//   - [Func.Map] fails on the first error, as [asyncio.Map] does, and returns
//     a slice; map raises when its iterator reaches the failed item.
//   - [NewPool] has no default size.
package process
