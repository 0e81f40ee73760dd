// Package asyncio gives Go the vocabulary of Python's asyncio: tasks that carry
// a typed result, gather, wait, wait_for, as_completed, task groups and
// timeouts, and the synchronisation primitives Lock, Event, Condition,
// Semaphore, Barrier and Queue, all context-aware.
//
// # Python to Go
//
//	Python asyncio                          package asyncio
//	--------------------------------------  -----------------------------------------------
//	asyncio.run(main())                     Run(ctx, main)
//	asyncio.create_task(coro)               CreateTask(ctx, fn) *Task[T]; Go(ctx, fn) for no result
//	await task                              task.Await(ctx)
//	task.cancel(), cancelled(), done()      task.Cancel(), Canceled(), Done()
//	task.result(), exception()              task.Result(), Err()
//	await asyncio.gather(*aws)              Gather(ctx, tasks...) ([]T, error)
//	gather(..., return_exceptions=True)     GatherAll(ctx, tasks...) ([]Result[T], error)
//	asyncio.wait(fs, timeout, return_when)  Wait(ctx, tasks, FirstCompleted, WithTimeout(d))
//	asyncio.wait_for(aw, timeout)           WaitFor(ctx, timeout, fn)
//	asyncio.as_completed(aws, timeout)      for v, err := range AsCompleted(ctx, tasks, WithTimeout(d))
//	async with asyncio.timeout(d)           Timeout(ctx, d, fn); TimeoutAt(ctx, t, fn)
//	async with asyncio.TaskGroup() as tg    tg, ctx := NewTaskGroup(ctx); tg.Go(fn); CreateTaskIn(tg, fn); tg.Wait()
//	asyncio.shield(aw)                      Shield(ctx, fn)
//	await asyncio.sleep(d)                  Sleep(ctx, d)
//	await asyncio.to_thread(f)              ToThread(ctx, f)
//	asyncio.Lock()                          var mu Lock; mu.Lock(ctx); mu.Unlock(); TryLock; Locked
//	asyncio.Event()                         var ev Event; ev.Set(); ev.Clear(); ev.IsSet(); ev.Wait(ctx)
//	asyncio.Condition(lock)                 NewCondition(lock); Wait(ctx); WaitFor(ctx, pred); Notify(n); NotifyAll()
//	asyncio.Semaphore(n)                    NewSemaphore(n); Acquire(ctx); TryAcquire(); Release()
//	asyncio.BoundedSemaphore(n)             NewBoundedSemaphore(n); Release() panics when over-released
//	asyncio.Barrier(n)                      NewBarrier(n); Wait(ctx) (index, error); Reset(); Abort()
//	asyncio.Queue(maxsize)                  NewQueue[T](maxsize); Put/Get(ctx); TryPut/TryGet; TaskDone; Join(ctx); Shutdown(immediate)
//	asyncio.PriorityQueue, LifoQueue        NewPriorityQueue[T](maxsize, less), NewLifoQueue[T](maxsize)
//	ThreadPoolExecutor(max_workers)         NewExecutor(n); Submit(ctx, ex, fn); Map(ctx, ex, xs, fn); ex.Shutdown(ctx); ShutdownNow()
//	ProcessPoolExecutor(max_workers)        package process: f := process.Register(name, fn); process.ServeIfChild();
//	                                        pool := process.NewPool(n); f.Submit(ctx, pool, arg); f.Map; pool.Shutdown(ctx)
//	asyncio.TimeoutError, CancelledError    ErrTimeout, context.Canceled (match with errors.Is)
//	QueueFull, QueueEmpty, QueueShutDown    ErrQueueFull, ErrQueueEmpty, ErrQueueShutdown
//	BrokenBarrierError                      ErrBrokenBarrier
//	(none: other schedules, in a test)      asynciotest.Explore(t, n, fn); asynciotest.Replay(t, seed, fn)
//
// # How Go differs
//
// An await becomes a method or function that takes a context.Context and
// blocks the calling goroutine. Cancellation is the context's: canceling it
// makes every blocking call return promptly with an error that matches
// context.Canceled or context.DeadlineExceeded, and leaves the primitive as it
// was. A task's context is canceled by Task.Cancel and by its parent, so work
// is canceled with its owner.
//
// Programming errors panic with an *ArgError that names the call and the
// argument: a nil ctx given to any function or method of the package, a nil
// function, the zero value of a type that must be made by its constructor.
//
// Goroutines run in parallel, on every core, not one at a time on an event
// loop. Two consequences: plain shared data needs a lock even between tasks
// (asyncio code gets away without one), and tasks that wake at the same
// instant run in no fixed order, where asyncio runs them first-in first-out.
// Blocking a goroutine (time.Sleep, a CPU loop, a system call) does not block
// the others, so ToThread exists for symmetry and for cancellation, not for
// progress.
//
// Waiters on Lock, Semaphore, Condition and Queue are served first-in
// first-out, and a waiter canceled at the moment it is woken passes what it
// was given to the next waiter, so nothing is lost.
//
// Blocking is built on channels that the primitives create, never on a
// sync.Mutex or sync.Cond held across a wait, so code that uses this package is
// durably blocked under testing/synctest and its tests run in virtual time.
//
// # Errors and misuse
//
// The package follows the standard library: a programming error panics, a
// run-time condition returns an error. Programming errors are what CPython
// reports with ValueError or RuntimeError: a negative Semaphore value, a
// Barrier for fewer than one party, an Executor with no workers, a nil
// function, Unlock of an unlocked Lock, Condition.Wait or Notify without its
// lock held, a BoundedSemaphore released more often than acquired, TaskDone
// called more times than items were put, Wait on no tasks. They panic with an
// *ArgError whose message names the call and the argument, e.g.
// "asyncio: NewSemaphore: value must be >= 0, got -1", and change nothing.
//
// Everything a correct program can meet at run time is an error value that
// errors.Is matches: a full or empty queue (ErrQueueFull, ErrQueueEmpty), a
// shut-down queue or executor (ErrQueueShutdown, ErrExecutorShutdown), a
// timeout (ErrTimeout), a broken barrier (ErrBrokenBarrier), and cancellation
// (context.Canceled, context.DeadlineExceeded). A panic inside a task is not
// the caller's programming error: it becomes that task's *PanicError.
//
// # Observing tasks
//
// WithRecorder installs a Recorder that receives every task's lifecycle:
// created, started, blocked (on what), resumed, finished or canceled, with
// timestamps. rexasyncio's --timeline draws its charts from it.
package asyncio
