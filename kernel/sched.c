/* SPDX-License-Identifier: MIT */
/*
 * The scheduler core: fixed priorities, round robin among equals, O(1)
 * choice.
 *
 * Owns the ready queue, the timeout list, the tick counter and
 * sched_current, and makes every change of a thread's state.  All of them
 * are guarded by the kernel lock.  It depends on nothing above it: the
 * list and ready-queue code, wait queues, the arch's lock and switch
 * request, and the trace's state hooks (compiled out with CONFIG_TRACE=0).
 * Processes, newlib, statistics, software timers and the reclaiming of
 * records hang off the switch and the tick in sched_switch.c.  The host
 * tests compile this file as it is (tests/host/test_sched.c, and under
 * mutex.c and thread.c in tests/host/test_mutex_pi.c).
 *
 * Invariants (checked where cheap):
 *  - READY and RUNNING threads are exactly the threads in the ready queue;
 *    exactly one thread is RUNNING (sched_current) except between a state
 *    change and the switch that follows it.
 *  - The running thread is at the head of its level, so the head of the
 *    highest non-empty level is always the thread that should run;
 *    rescheduling means "is that head sched_current?".
 *  - A BLOCKED thread is in its wait queue (if any) and, when it has a
 *    deadline, in the timeout list sorted by deadline.
 *
 * Decisions are made here, in C, when the ready set changes; the switch
 * is asked for (switch_request) and made when the kernel lock is
 * released: in thread mode by a plain call where the profile allows it
 * (sched_unlock_switch), otherwise by a PendSV (arch), which saves the
 * outgoing thread and calls sched_switch().  Both are in sched_switch.c
 * and both choose the head of the highest ready level.  The core's
 * self-check, against these invariants, is sched_check.c.
 *
 * Limits: sorted insertion into a wait queue or the timeout list is
 * O(waiters); every other operation, including the tick's work per
 * expired timeout, is O(1).
 */
#include "kernel/sched.h"

#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/trace.h"

struct thread *sched_current;

struct readyq sched_ready;
bool sched_switch_requested;
struct list_node sched_timeouts = LIST_HEAD_INIT(sched_timeouts);
static volatile uint32_t ticks;

/* Why the running thread will next leave the CPU while still READY. */
enum trace_reason sched_leave_reason = TRACE_PREEMPTED;

/* Where the tick counter starts (kernel/boot.c; a test image can start
 * it just below the 32-bit wrap by defining its own). */
extern const uint32_t kernel_tick_initial;

static struct thread *thread_of(struct list_node *node)
{
	return list_entry(node, struct thread, sched_node);
}

/* Every state change goes through here, so each one can be traced. */
static inline void set_state(struct thread *t, enum thread_state state, enum trace_reason why)
{
	t->state = state;
	trace_state_locked(t, why);
}

/* Asks for a switch: made when the outermost kernel lock is released,
 * directly in thread mode where the profile can (kernel_unlock,
 * sched_switch.c), by PendSV otherwise. */
static inline void switch_request(void)
{
#if ARCH_SWITCH_DIRECT
	sched_switch_requested = true; /* kernel_unlock makes it */
#else
	arch_switch_pend();
#endif
}

/* The same from code that may run in an interrupt handler (a wake-up,
 * the tick), whose switch is a PendSV in any case: pended here, it costs
 * the handler's unlock nothing. */
static inline void switch_request_any(void)
{
	if (ARCH_SWITCH_DIRECT && arch_in_isr())
		arch_switch_pend();
	else
		switch_request();
}

/* Asks for a switch if the thread that should run is not the one running. */
static inline void reschedule_locked(void)
{
	struct thread *best = thread_of(readyq_first(&sched_ready));

	if (best != sched_current || sched_current->state != THREAD_RUNNING)
		switch_request_any();
}

void sched_init(void)
{
	readyq_init(&sched_ready);
	list_init(&sched_timeouts);
	ticks = kernel_tick_initial;
}

void sched_start(void)
{
	struct thread *first = thread_of(readyq_first(&sched_ready));

	set_state(first, THREAD_RUNNING, TRACE_SCHEDULED);
	first->switches_in++;
	sched_current = first;
	sched_switch_requested = false; /* the choice is made */
	arch_start_first(first);
}

void sched_ready_locked(struct thread *t, enum trace_reason why)
{
	struct thread *self = sched_current;

	set_state(t, THREAD_READY, why);
	t->slice_left = CONFIG_TIME_SLICE_TICKS;
	readyq_push_back(&sched_ready, &t->sched_node, t->priority);
	/* The running thread heads the highest level, so t, at the back of
	 * its level, should run instead only if it is higher. */
	if (self == NULL)
		return; /* before sched_start */
	if (t->priority > self->priority)
		switch_request_any();
	else if (self->state != THREAD_RUNNING)
		reschedule_locked();
}

static void timeout_insert(struct thread *t, uint32_t deadline)
{
	struct list_node *pos;

	t->wait_deadline = deadline;
	list_for_each(pos, &sched_timeouts) {
		struct thread *other = list_entry(pos, struct thread, timeout_node);
		if (tick_before(deadline, other->wait_deadline))
			break;
	}
	list_insert_before(pos, &t->timeout_node);
}

void sched_block_locked(struct wait_queue *wq, const void *object, const char *reason,
			uint32_t timeout_ticks)
{
	struct thread *self = sched_current;

	kassert(!arch_in_isr());
	kassert(self->state == THREAD_RUNNING);
	kassert(timeout_ticks != TIMEOUT_NO_WAIT);
	if (self->killed) {
		/* Its process is ending: the call gives up instead of waiting. */
		self->wait_result = ERR_KILLED;
		return;
	}

	readyq_remove(&sched_ready, &self->sched_node, self->priority);
	self->wait_queue = wq;
	self->wait_object = object;
	self->wait_reason = reason;
	self->wait_result = 0;
	if (wq)
		wait_queue_insert(wq, self);
	if (timeout_ticks != TIMEOUT_FOREVER)
		timeout_insert(self, ticks + timeout_ticks);
	set_state(self, THREAD_BLOCKED, TRACE_BLOCKED);
	switch_request();
}

int sched_wait(uint32_t key)
{
	kassert(key == ARCH_IRQ_UNLOCKED);
	kernel_unlock(key); /* the switch happens here; we return once woken */
	return sched_current->wait_result;
}

int sched_block(struct wait_queue *wq, const void *object, const char *reason,
		uint32_t timeout_ticks, uint32_t key)
{
	sched_block_locked(wq, object, reason, timeout_ticks);
	return sched_wait(key);
}

/* t leaves the wait it is blocked in (its wait queue, if any, and the
 * timeout list) with result; returns the queue, whose object the caller
 * tells once t's new state is set. */
static struct wait_queue *wait_leave(struct thread *t, int result)
{
	struct wait_queue *wq = t->wait_queue;

	if (wq)
		list_remove(&t->sched_node);
	if (list_node_linked(&t->timeout_node))
		list_remove(&t->timeout_node);
	t->wait_queue = NULL;
	t->wait_object = NULL;
	t->wait_reason = NULL;
	t->wait_result = result;
	return wq;
}

void sched_wake_locked(struct thread *t, int result)
{
	kassert(t->state == THREAD_BLOCKED);

	struct wait_queue *wq = wait_leave(t, result);
	if (t->suspend_requested) {
		t->suspend_requested = false;
		set_state(t, THREAD_SUSPENDED, TRACE_SUSPENDED);
	} else {
		sched_ready_locked(t, result == ERR_TIMEOUT ? TRACE_TIMEOUT : TRACE_WOKEN);
	}
	if (wq && wq->changed)
		wq->changed(wq);
}

void sched_yield_locked(void)
{
	if (sched_rotate_locked() == sched_current)
		return; /* no equal to yield to */
	sched_request_locked(TRACE_YIELDED);
}

void sched_request_locked(enum trace_reason why)
{
	sched_leave_reason = why;
	switch_request_any();
}

void sched_suspend_locked(struct thread *t)
{
	kassert(t->state == THREAD_READY || t->state == THREAD_RUNNING);

	readyq_remove(&sched_ready, &t->sched_node, t->priority);
	set_state(t, THREAD_SUSPENDED, TRACE_SUSPENDED);
	if (t == sched_current)
		switch_request_any(); /* it leaves the CPU: no need to look */
	else
		reschedule_locked();
}

void sched_exit_locked(void)
{
	struct thread *self = sched_current;

	kassert(self->state == THREAD_RUNNING);
	readyq_remove(&sched_ready, &self->sched_node, self->priority);
	set_state(self, THREAD_EXITED, TRACE_EXITED);
	switch_request(); /* made a PendSV by sched_exit_unlock */
}

void sched_end_locked(struct thread *t)
{
	struct wait_queue *wq = NULL;

	kassert(t != sched_current);
	kassert(t->state == THREAD_READY || t->state == THREAD_BLOCKED ||
		t->state == THREAD_SUSPENDED);

	if (t->state == THREAD_READY)
		readyq_remove(&sched_ready, &t->sched_node, t->priority);
	else if (t->state == THREAD_BLOCKED)
		wq = wait_leave(t, ERR_KILLED);
	t->suspend_requested = false;
	set_state(t, THREAD_EXITED, TRACE_EXITED);
	if (wq && wq->changed)
		wq->changed(wq); /* it waits no more: a mutex's owner may owe less */
}

void sched_set_priority_locked(struct thread *t, unsigned priority)
{
	if (t->priority == priority)
		return;
	switch (t->state) {
	case THREAD_RUNNING:
		/* Stays at the head of its new level: it keeps running unless
		 * something now outranks it. */
		readyq_remove(&sched_ready, &t->sched_node, t->priority);
		t->priority = (uint8_t)priority;
		readyq_push_front(&sched_ready, &t->sched_node, priority);
		break;
	case THREAD_READY:
		readyq_remove(&sched_ready, &t->sched_node, t->priority);
		t->priority = (uint8_t)priority;
		readyq_push_back(&sched_ready, &t->sched_node, priority);
		break;
	case THREAD_BLOCKED:
		t->priority = (uint8_t)priority;
		if (t->wait_queue) {
			list_remove(&t->sched_node);
			wait_queue_insert(t->wait_queue, t);
		}
		break;
	default:
		t->priority = (uint8_t)priority;
		break;
	}
	reschedule_locked();
}

uint32_t sched_tick_locked(void)
{
	return sched_ticks_advance_locked(1);
}

uint32_t sched_ticks_advance_locked(uint32_t n)
{
	struct thread *self = sched_current;
	uint32_t now = ticks + n;
	struct list_node *first;

	ticks = now;
	while ((first = list_first(&sched_timeouts)) != NULL) {
		struct thread *t = list_entry(first, struct thread, timeout_node);
		if (!tick_reached(now, t->wait_deadline))
			break;
		sched_wake_locked(t, ERR_TIMEOUT);
	}
	if (self->state == THREAD_RUNNING) {
		if (self->slice_left > n) {
			self->slice_left -= n;
		} else {
			self->slice_left = CONFIG_TIME_SLICE_TICKS;
			if (!list_is_singular(&sched_ready.level[self->priority])) {
				readyq_rotate(&sched_ready, self->priority);
				sched_leave_reason = TRACE_SLICE;
			}
		}
	}
	reschedule_locked();
	return now;
}

bool sched_next_deadline_locked(uint32_t *deadline)
{
	struct list_node *first = list_first(&sched_timeouts);

	if (first == NULL)
		return false;
	*deadline = list_entry(first, struct thread, timeout_node)->wait_deadline;
	return true;
}

uint32_t sched_ticks(void)
{
	return ticks;
}
