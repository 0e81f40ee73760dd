// Package asyncio gives Go the vocabulary of Python's asyncio: tasks that
// carry a typed result, gather, wait, wait_for, as_completed, task groups and
// timeouts, and the synchronisation primitives Lock, Event, Condition,
// Semaphore, Barrier and Queue, all driven by a [context.Context].
//
// Tasks run in one of two modes, with the same API and contracts. Under
// [Run], or with no runner at all, each task is a goroutine and tasks run in
// parallel. Under [RunLoop], main and every task created from its context run
// on one event loop, one at a time, in CPython's order (see "The event loop").
// Only ordering differs between the modes.
//
// # Python to Go
//
//	Python asyncio                          package asyncio
//	--------------------------------------  -----------------------------------------------
//	asyncio.run(main())                     RunLoop(ctx, main) on one loop; Run(ctx, main) on goroutines
//	asyncio.create_task(coro, name=n)       CreateTask(ctx, fn, WithName(n)) *Task[T]; Go(ctx, fn) for no result
//	await task                              task.Await(ctx)
//	task.cancel(), cancelled(), done()      task.Cancel(), Canceled(), Done()
//	task.result(), exception(), get_name()  task.Result(), Err(), Name()
//	await asyncio.gather(*aws)              Gather(ctx, tasks...) ([]T, error)
//	gather(..., return_exceptions=True)     GatherAll(ctx, tasks...) ([]Result[T], error)
//	asyncio.wait(fs, timeout, return_when)  Wait(ctx, tasks, FirstCompleted, WithTimeout(d))
//	asyncio.wait_for(aw, timeout)           WaitFor(ctx, timeout, fn)
//	asyncio.as_completed(aws, timeout)      for v, err := range AsCompleted(ctx, tasks, WithTimeout(d))
//	async with asyncio.timeout(d)           Timeout(ctx, d, fn); TimeoutAt(ctx, t, fn)
//	async with asyncio.TaskGroup() as tg    tg, ctx := NewTaskGroup(ctx); tg.Go(fn); CreateTaskIn(tg, fn); tg.Wait(ctx)
//	asyncio.shield(aw)                      Shield(ctx, fn)
//	await asyncio.sleep(d), sleep(0)        Sleep(ctx, d), Sleep(ctx, 0)
//	await asyncio.to_thread(f)              ToThread(ctx, f)
//	asyncio.Lock()                          var mu Lock; mu.Lock(ctx); mu.Unlock(); TryLock(); Locked()
//	asyncio.Event()                         var ev Event; ev.Set(); ev.Clear(); ev.IsSet(); ev.Wait(ctx)
//	asyncio.Condition(lock)                 NewCondition(lock) or var c Condition; Wait(ctx); WaitFor(ctx, pred); Notify(n); NotifyAll()
//	asyncio.Semaphore(n)                    NewSemaphore(n); Acquire(ctx); TryAcquire(); Release(); Locked()
//	asyncio.BoundedSemaphore(n)             NewBoundedSemaphore(n); Release() panics when over-released
//	asyncio.Barrier(n)                      NewBarrier(n); Wait(ctx) (index, error); Reset(); Abort(); Parties(); NWaiting(); Broken()
//	asyncio.Queue(maxsize)                  NewQueue[T](maxsize) or var q Queue[T]; Put/Get(ctx); TryPut/TryGet; TaskDone(); Join(ctx)
//	qsize(), maxsize, empty(), full()       Len(), Cap(), Empty(), Full()
//	queue.shutdown(immediate)               Shutdown(immediate)
//	asyncio.PriorityQueue, LifoQueue        NewPriorityQueue[T](maxsize, less), NewLifoQueue[T](maxsize)
//	ThreadPoolExecutor(max_workers)         ex := NewExecutor(n); Submit(ctx, ex, fn); Map(ctx, ex, xs, fn)
//	executor.shutdown(wait=True)            ex.Shutdown(ctx)
//	shutdown(False, cancel_futures=True)    ex.ShutdownNow()
//	ProcessPoolExecutor(max_workers)        package process: var f = process.Register(name, fn); process.ServeIfChild();
//	                                        pool := process.NewPool(n); f.Submit(ctx, pool, arg); f.Map(ctx, pool, args);
//	                                        pool.Shutdown(ctx); pool.ShutdownNow()
//	asyncio.TimeoutError, CancelledError    ErrTimeout, context.Canceled (match with errors.Is)
//	InvalidStateError                       ErrTaskNotDone
//	QueueFull, QueueEmpty, QueueShutDown    ErrQueueFull, ErrQueueEmpty, ErrQueueShutdown
//	BrokenBarrierError                      ErrBrokenBarrier
//	RuntimeError (executor shut down)       ErrExecutorShutdown
//	(none: other schedules, in a test)      asynciotest.Explore(t, n, fn); asynciotest.Replay(t, seed, fn)
//
// # Contexts and cancellation
//
// An await becomes a call that takes a context.Context and blocks the calling
// goroutine. Canceling the context makes every blocking call return promptly
// with an error that matches context.Canceled or context.DeadlineExceeded, and
// leaves the primitive as it was: a canceled waiter never keeps, loses or
// duplicates a lock, permit, item or notification. A task's context is
// canceled by [Task.Cancel], by its parent, and when its function returns.
//
// Waiting is built on channels that the primitives make, never on a mutex
// held across a wait, so code that uses this package is durably blocked under
// testing/synctest, and its tests run in virtual time, in either mode.
//
// # The event loop
//
// [RunLoop] runs main, and every task created from its context, on one event
// loop. It guarantees:
//
//   - One task at a time. A task gives the loop up only when it blocks in this
//     package: [Sleep], [Task.Await], [Gather], [GatherAll], [Wait],
//     [AsCompleted], [TaskGroup.Wait], [ToThread], the blocking methods of
//     [Lock], [Event], [Condition], [Semaphore], [Barrier] and the queues, and
//     Sleep(ctx, 0), a bare yield. Between two such calls a task runs alone,
//     so data shared only by tasks of one loop needs no lock.
//   - Ready tasks run first-in first-out, in the order they became ready.
//   - A new task first runs when its creator next yields, as with create_task.
//   - Timers fire in (deadline, creation) order: those of Sleep, [Timeout],
//     [TimeoutAt], [WaitFor], and the timeouts of Wait and AsCompleted.
//   - A release, put, set or notify makes the waiters it wakes ready in the
//     primitive's first-in first-out order.
//   - Cancellation by Task.Cancel (which [Gather] also uses) or by a
//     [TaskGroup] (a failure, or Wait's ctx), and the expiry of Timeout,
//     TimeoutAt, WaitFor and Wait's and AsCompleted's timeouts, are loop
//     events: the tasks they wake become ready in a fixed order.
//
// So the same program prints the same lines in the same order on every run.
// It does not guarantee:
//
//   - An order for wake-ups that reach the loop from outside: the
//     cancellation of a context of the standard library (context.WithCancel,
//     WithTimeout, WithDeadline, even one made on the loop), of RunLoop's ctx
//     (a signal, a parent's deadline), and the end of work off the loop. They wake their task
//     promptly, but in no fixed order relative to loop events of the same
//     instant.
//   - Progress while a task blocks outside this package. time.Sleep, a channel
//     operation, a sync.Mutex or a system call holds the loop and freezes every
//     task, as time.sleep does in a coroutine: use Sleep, or move the blocking
//     call off the loop.
//
// Work off the loop runs on goroutines of its own, in parallel with the loop:
// ToThread's function, and the functions given to an [Executor] or a process
// pool (package process). The loop waits for it, and its end makes the waiting
// task ready; waiting for it ([Map], [Executor.Shutdown]) gives the loop up.
//
// A goroutine started with the go statement is not a task. It must not call a
// blocking function of this package with a loop task's context: such a call
// panics when it detects that it has to wait off the task's turn. Start the
// goroutine with [CreateTask], or the blocking work with ToThread.
//
// Deadlock is an error, not a hang: when every task is blocked and nothing can
// wake one, RunLoop cancels them all and returns a [*DeadlockError] (matching
// [ErrDeadlock]) that names each blocked task and what it waits on. What can
// wake a task is a pending timer, work running off the loop, or the deadline
// of a context a task waits with (RunLoop's ctx's included). A context with
// no deadline that only code outside the loop can cancel (the caller's
// context.WithCancel, signal.NotifyContext) does not count: if nothing else
// can wake a task, RunLoop reports the deadlock rather than wait for it.
//
// [WithRandomSchedule] replaces first-in first-out by a seeded random choice
// among the ready tasks, to look for bugs that one order hides (package
// asynciotest runs many such schedules in a test).
// [WithVirtualTime] gives the loop a clock of its own ([Now]) that jumps to
// the next timer whenever every task is blocked.
//
// # Differences from CPython
//
// Beyond the spelling in the table above, the package departs from CPython
// 3.13 in these places; the identifiers concerned point here.
//
//   - Off a loop ([Run], or no runner), tasks run in parallel, so data they
//     share needs a lock. [CreateTask] starts the task at once; tasks woken at
//     the same instant run in no fixed order; time.Sleep blocks only its own
//     task, so [ToThread] serves only to stop waiting on cancellation; and
//     Sleep(ctx, 0) calls runtime.Gosched.
//   - [Run] does not cancel the tasks main leaves behind (Go cannot find them):
//     main must await or cancel what it creates, as a [TaskGroup] does.
//     [RunLoop] cancels them, as asyncio.run does.
//   - Canceling the caller of [Task.Await] does not cancel the task: a task
//     belongs to the context it was created with. [Shield] exists to create a
//     task out of reach of its creator's cancellation.
//   - [Gather]'s first failure cancels the other tasks and waits for them, as
//     errgroup does; CPython propagates it and leaves them running. Gather and
//     [GatherAll] cancel shielded tasks too; gather(shield(x)) leaves x running.
//   - [Wait] returns two slices in argument order, not two sets.
//   - [AsCompleted]'s iterator may be ranged over more than once.
//   - [WaitFor] takes a function, run on the calling goroutine: it does not
//     recover its panic, and to bound an existing task, await it in fn and
//     cancel it on error (wait_for cancels it).
//   - [TimeoutAt] has no reschedule, when or expired: a context's deadline is
//     fixed when it is made.
//   - [TaskGroup.Wait] joins the failures in creation order (the ExceptionGroup
//     lists them in completion order). A task added once the group is shutting
//     down starts canceled, and one added after Wait returned never runs and
//     fails with [ErrTaskGroupFinished]; CPython raises RuntimeError for both.
//   - Off a loop, a hand-off is final when Unlock, Release, Put or Get makes
//     it: a waiter woken with the lock, a permit, an item or a slot keeps it
//     and returns nil even if its context is canceled before it runs again
//     (if both happen before its goroutine has begun to wait, it may do either).
//     On a loop, as in CPython, the woken task decides when it resumes: if its
//     context is canceled by then, it passes what it was given on and returns
//     the error. Nothing is lost either way.
//   - Off a loop, a [Semaphore] waiter counts as served once Release wakes it:
//     [Semaphore.Locked] may be false, and a newcomer's Acquire succeed, before
//     it runs. On a loop, as in CPython, the semaphore stays locked until the
//     woken waiter resumes, which then wakes as many others as permits allow.
//   - [Lock.Locked] stays true while Unlock hands the lock to a waiter; locked()
//     is False until the waiter runs.
//   - [Condition.Wait] passes a notification on only when the failed waiter
//     had been notified (CPython passes one on whenever a wait fails), and once
//     notified it returns nil even if ctx is canceled while it re-acquires the
//     lock (CPython raises CancelledError). [Condition.WaitFor] checks the lock
//     before calling pred.
//   - [Semaphore.Release] panics past 2^62-1 free permits; CPython counts on.
//   - [Barrier]: tasks that arrive while one cycle is released join the next at
//     once (no draining state), and [Barrier.Wait]'s indices count only the
//     tasks released together, so no two share one after a cancellation.
//   - [Queue]: a woken getter is promised its item and a woken putter its slot,
//     so later callers cannot take them first. [Queue.Len] leaves out items
//     promised to woken getters, which qsize() counts. [PriorityQueue] orders
//     by a less function rather than by comparing items.
//   - [Executor]: [NewExecutor] has no default size. Task.Cancel reaches a
//     running function through its context (Future.cancel cannot stop it), and
//     [Executor.ShutdownNow] cancels running functions too. [Map] fails on the
//     first error and cancels the rest; map raises when its iterator reaches
//     the failed item.
//
// Package process lists the differences of its pool from ProcessPoolExecutor.
//
// # Errors and misuse
//
// The package follows the standard library: a programming error panics, a
// run-time condition returns an error. Programming errors are what CPython
// reports with ValueError or RuntimeError: a nil ctx or function, a negative
// Semaphore value, a Barrier for fewer than one party, an Executor with no
// workers, Unlock of an unlocked Lock, Condition.Wait or Notify without its
// lock held, a BoundedSemaphore released more often than acquired, TaskDone
// called more times than items were put, Wait on no tasks, and the zero value
// of a type that its constructor must make. They panic with an [*ArgError]
// whose message names the call and the argument, e.g. "asyncio: NewSemaphore:
// value must be >= 0, got -1", and change nothing. A blocking call made with a
// loop task's context from another goroutine panics too (see "The event
// loop").
//
// Everything a correct program can meet at run time is an error value that
// errors.Is matches: a full or empty queue ([ErrQueueFull], [ErrQueueEmpty]),
// a shut-down queue or executor ([ErrQueueShutdown], [ErrExecutorShutdown]),
// a timeout ([ErrTimeout]), a broken barrier ([ErrBrokenBarrier]), a result
// asked for too early ([ErrTaskNotDone]), a task awaiting itself
// ([ErrAwaitSelf]), a task added to a finished group ([ErrTaskGroupFinished]),
// a deadlocked loop ([ErrDeadlock]), and cancellation (context.Canceled,
// context.DeadlineExceeded). A panic inside a task is not the caller's
// programming error: it becomes that task's error, a [*PanicError].
//
// # Observing tasks
//
// [WithRecorder] installs a [Recorder] that receives every task's lifecycle
// with timestamps: created, started, blocked (on what), resumed, finished or
// canceled, and on a loop ready (runnable, waiting for its turn).
// rexasyncio's --timeline draws its charts from it.
//
// What each operation costs, measured against plain Go and other libraries,
// is in the repository's bench/RESULTS.md.
package asyncio
