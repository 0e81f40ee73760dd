package main

import "time"

// mutation is one small, deliberate bug in package asyncio: replacing old by
// new in file, where old must occur exactly once (so that the list fails
// loudly, rather than testing nothing, when the source drifts). tests is the
// -run pattern of the tests that should notice it.
type mutation struct {
	name     string
	file     string // relative to the module root
	old, new string
	tests    string
	timeout  time.Duration // for go test; 0 means defaultTimeout
}

const defaultTimeout = 90 * time.Second

var mutations = []mutation{
	{
		name:  "Condition: a waiter notified onto the lock's list, then cancelled, is taken for one never notified",
		file:  "asyncio/condition.go",
		old:   "\t\tnotified := l.unqueue(w)\n",
		new:   "\t\tnotified := false\n",
		tests: "^(TestTaskContext|TestStormCondition)",
	},
	{
		name:  "a grant goes to a waiter whose task's context was cancelled first, and is lost",
		file:  "asyncio/waitlist.go",
		old:   "\t\tif w.wake(wokeGrant) {\n\t\t\treturn w\n\t\t}\n",
		new:   "\t\tw.wake(wokeGrant)\n\t\treturn w\n",
		tests: "^(TestTaskContext|TestStorm)",
	},
	{
		name:  "Event.Set does not wake the waiters with a task's context",
		file:  "asyncio/event.go",
		old:   "\t\tfor e.hooked.grant() != nil {\n\t\t}\n",
		new:   "",
		tests: "^(TestEvent|FuzzEvent|TestTaskContext)",
	},
	{
		name:  "wait list serves the newest waiter first (LIFO, not FIFO)",
		file:  "asyncio/waitlist.go",
		old:   "\tfor w := l.head; w != nil; w = l.head {\n\t\tl.remove(w)\n\t\tif w.wake(wokeGrant) {",
		new:   "\tfor w := l.tail; w != nil; w = l.tail {\n\t\tl.remove(w)\n\t\tif w.wake(wokeGrant) {",
		tests: "^(TestLock|TestSemaphore|TestCondition|TestQueue|FuzzLock|FuzzSemaphore)",
	},
	{
		name:  "Lock hand-off frees the lock as well as handing it over",
		file:  "asyncio/lock.go",
		old:   "\tif l.waiters.grant() == nil {\n\t\tl.state.Store(0)\n",
		new:   "\tif l.waiters.grant() == nil || true {\n\t\tl.state.Store(0)\n",
		tests: "^(TestLock|FuzzLock)",
	},
	{
		name:  "a Lock waiter canceled as it is handed the lock drops it",
		file:  "asyncio/lock.go",
		old:   "l.waiters.block(ctx, w, l.handOffLocked)",
		new:   "l.waiters.block(ctx, w, func() {})",
		tests: "^(TestLock|FuzzLock)",
	},
	{
		name:  "Semaphore starts with one permit too many",
		file:  "asyncio/semaphore.go",
		old:   "s := &Semaphore{}\n\ts.sem.state.Store(int64(value) << 1)",
		new:   "s := &Semaphore{}\n\ts.sem.state.Store(int64(value+1) << 1)",
		tests: "^(TestSemaphore|TestNewSemaphore|FuzzSemaphore)",
	},
	{
		name:  "Semaphore.Release with waiters frees the permit without waking one",
		file:  "asyncio/semaphore.go",
		old:   "\tif s.grantLocked() {\n\t\ts.settleLocked()\n\t\treturn\n\t}\n",
		new:   "\tif s.waiters.len() > 0 {\n\t\ts.state.Add(2)\n\t\treturn\n\t}\n",
		tests: "^(TestSemaphore|TestBoundedSemaphore|FuzzSemaphore)",
	},
	{
		name:  "BoundedSemaphore: a permit passed back by a canceled waiter ignores the bound",
		file:  "asyncio/semaphore.go",
		old:   "\t\tif next>>1 < bound {\n",
		new:   "\t\tif true {\n",
		tests: "^(TestBoundedSemaphore|FuzzBoundedSemaphore)",
	},
	{
		name:  "Event.Clear does nothing",
		file:  "asyncio/event.go",
		old:   "\te.mu.Lock()\n\te.set.Store(false)\n\te.mu.Unlock()\n",
		new:   "\te.mu.Lock()\n\te.mu.Unlock()\n",
		tests: "^(TestEvent|FuzzEvent)",
	},
	{
		name:  "Event.Set does not wake the waiters",
		file:  "asyncio/event.go",
		old:   "\t\t\tclose(e.ch)\n\t\t\te.ch = nil\n",
		new:   "\t\t\te.ch = nil\n",
		tests: "^(TestEvent|FuzzEvent)",
	},
	{
		name:  "Condition.Notify(n) wakes n+1 waiters",
		file:  "asyncio/condition.go",
		old:   "for i := 0; i < n && c.notifyLocked(l); i++ {",
		new:   "for i := 0; i <= n && c.notifyLocked(l); i++ {",
		tests: "^TestCondition",
	},
	{
		name:  "Barrier index counts the waiters who left",
		file:  "asyncio/barrier.go",
		old:   "\treturn c.index(arrival), nil\n",
		new:   "\treturn arrival, nil\n",
		tests: "^(TestBarrier|FuzzBarrier)",
	},
	{
		name:  "Barrier keeps counting a canceled waiter as waiting",
		file:  "asyncio/barrier.go",
		old:   "\tc.leave(arrival)\n",
		new:   "\t_ = arrival\n",
		tests: "^(TestBarrier|FuzzBarrier)",
	},
	{
		name:  "Queue: a canceled getter puts its item back at the tail",
		file:  "asyncio/queue.go",
		old:   "\tc.head = (c.head - 1) & (len(c.buf) - 1)\n\tc.buf[c.head] = v\n\tc.n++\n",
		new:   "\tc.buf[(c.head+c.n)&(len(c.buf)-1)] = v\n\tc.n++\n",
		tests: "^(TestQueue|TestLifoQueue|FuzzQueue|FuzzLifoQueue)",
	},
	{
		name:  "Queue: a putter canceled as it is handed a slot frees it instead of passing it on",
		file:  "asyncio/queue.go",
		old:   "\tif !c.shutdown && c.putters.grant() == nil {\n",
		new:   "\tif !c.shutdown {\n",
		tests: "^(TestQueue|FuzzQueue)",
	},
	{
		name:  "Queue: full one item late",
		file:  "asyncio/queue.go",
		old:   "c.n+c.claimed+c.reserved >= c.maxsize",
		new:   "c.n+c.claimed+c.reserved > c.maxsize",
		tests: "^(TestQueue|FuzzQueue)",
	},
	{
		name:  "Queue.TaskDone does not count the item done",
		file:  "asyncio/queue.go",
		old:   "\tc.unfinished--\n\tc.checkAllDone()\n",
		new:   "\tc.checkAllDone()\n",
		tests: "^(TestQueue|FuzzQueue)",
	},
	{
		name:  "Gather does not cancel the other tasks on the first failure",
		file:  "asyncio/gather.go",
		old:   "\t\t\terr = tasks[i].err\n\t\t\tcancelAll(tasks)\n",
		new:   "\t\t\terr = tasks[i].err\n",
		tests: "^TestGather",
	},
	{
		name:  "TaskGroup: a failure does not cancel the group",
		file:  "asyncio/task.go",
		old:   "\tif g := c.group; g != nil && g.failure(err) {\n",
		new:   "\tif g := c.group; false && g != nil && g.failure(err) {\n",
		tests: "^TestTaskGroup",
	},
	{
		name:  "a panic with context.Canceled counts as a cancellation",
		file:  "asyncio/errors.go",
		old:   "\tvar pe *PanicError\n\treturn !errors.As(err, &pe)\n",
		new:   "\treturn true\n",
		tests: "^TestPanic",
	},
	{
		name:  "Queue: TryPut takes a slot promised to a woken putter",
		file:  "asyncio/queue.go",
		old:   "c.n+c.claimed+c.reserved >= c.maxsize",
		new:   "c.n+c.claimed >= c.maxsize",
		tests: "^(TestQueue|FuzzQueue)",
	},
	{
		name:  "Queue: a woken getter does not pass the slot it frees to a waiting putter",
		file:  "asyncio/queue.go",
		old:   "\tif c.putters.grant() != nil { // the item's slot is free now\n\t\tc.reserved++\n\t}\n",
		new:   "",
		tests: "^(TestQueue|FuzzQueue)",
	},
	{
		name:  "Queue: Shutdown(immediate) does not count items handed to woken getters as done",
		file:  "asyncio/queue.go",
		old:   "c.unfinished -= min(c.n+c.claimed, c.unfinished)",
		new:   "c.unfinished -= min(c.n, c.unfinished)",
		tests: "^(TestQueue|FuzzQueue)",
	},
	{
		name:  "PriorityQueue: sifting down follows the greater child",
		file:  "asyncio/queue.go",
		old:   "r < n && c.less(c.buf[r], c.buf[child])",
		new:   "r < n && c.less(c.buf[child], c.buf[r])",
		tests: "^(TestPriorityQueue|TestQueue|FuzzPriorityQueue)",
	},
	{
		name:  "Semaphore: a waiter canceled as it is handed a permit frees it, and free permits are not handed to waiters",
		file:  "asyncio/semaphore.go",
		old:   "\tfor s.waiters.len() > 0 && s.state.Load() >= 2 {\n",
		new:   "\tfor false && s.waiters.len() > 0 && s.state.Load() >= 2 {\n",
		tests: "^(TestSemaphore|TestBoundedSemaphore|FuzzSemaphore|FuzzBoundedSemaphore)",
	},
	{
		name:  "Condition: a waiter canceled as it is notified drops the notification",
		file:  "asyncio/condition.go",
		old:   "c.waiters.block(ctx, w, c.notifyOneLocked)",
		new:   "c.waiters.block(ctx, w, func() {})",
		tests: "^TestCondition",
	},
	{
		name:  "Condition: a canceled Wait returns without re-acquiring the lock",
		file:  "asyncio/condition.go",
		old:   "_ = l.Lock(context.WithoutCancel(ctx))",
		new:   "_ = l.Lock(ctx)",
		tests: "^TestCondition",
	},
	{
		name:  "TaskGroup: a deadline from the parent counts as a failure",
		file:  "asyncio/taskgroup.go",
		old:   "\t\treturn g.parent.Err() == nil\n",
		new:   "\t\treturn true\n",
		tests: "^TestTaskGroup",
	},
	{
		name:  "Lock hand-off to the last waiter frees the lock as well",
		file:  "asyncio/lock.go",
		old:   "\t\tl.state.Store(lockHeld | lockHandedOff) // the last waiter took it: no more hand-offs\n",
		new:   "\t\tl.state.Store(0)\n",
		tests: "^(TestLock|FuzzLock)",
	},
	{
		name:  "Condition.NotifyAll wakes only the first waiter",
		file:  "asyncio/condition.go",
		old:   "\tfor c.notifyLocked(l) {\n\t}\n",
		new:   "\tc.notifyLocked(l)\n",
		tests: "^TestCondition",
	},
	{
		name:  "Barrier.Reset leaves an aborted barrier broken",
		file:  "asyncio/barrier.go",
		old:   "\tb.endCycleLocked(ErrBrokenBarrier)\n\tb.broken = false\n",
		new:   "\tb.endCycleLocked(ErrBrokenBarrier)\n",
		tests: "^(TestBarrier|FuzzBarrier)",
	},
}
