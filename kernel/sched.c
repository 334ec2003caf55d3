/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: fixed priorities, round robin among equals, O(1) choice.
 *
 * Owns the ready queue, the timeout list, the tick counter and
 * sched_current.  All of them are guarded by the kernel lock.
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
 * itself is a PendSV (arch), which saves the outgoing thread and calls
 * sched_switch() to learn the incoming one.
 *
 * Limits: sorted insertion into a wait queue or the timeout list is
 * O(waiters); every other operation, including the tick's work per
 * expired timeout, is O(1).
 */
#include "kernel/sched.h"

#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/kprintf.h"
#include "kernel/libc.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/stats.h"
#include "kernel/timer.h"
#include "kernel/trace.h"

struct thread *sched_current;

static struct readyq ready;
static struct list_node timeouts = LIST_HEAD_INIT(timeouts);
static volatile uint32_t ticks;

/* Why the running thread will next leave the CPU while still READY. */
static enum trace_reason leave_reason = TRACE_PREEMPTED;

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

/* Pends a switch if the thread that should run is not the one running. */
static inline void reschedule_locked(void)
{
	struct thread *best = thread_of(readyq_first(&ready));

	if (best != sched_current || sched_current->state != THREAD_RUNNING)
		arch_switch_pend();
}

void sched_init(void)
{
	readyq_init(&ready);
	ticks = kernel_tick_initial;
}

uint32_t time_ticks(void)
{
	return ticks;
}

void sched_start(void)
{
	struct thread *first = thread_of(readyq_first(&ready));

	set_state(first, THREAD_RUNNING, TRACE_SCHEDULED);
	first->switches_in++;
	sched_current = first;
	arch_start_first(first);
}

void sched_ready_locked(struct thread *t, enum trace_reason why)
{
	set_state(t, THREAD_READY, why);
	t->slice_left = CONFIG_TIME_SLICE_TICKS;
	readyq_push_back(&ready, &t->sched_node, t->priority);
	if (sched_current)
		reschedule_locked();
}

static void timeout_insert(struct thread *t, uint32_t deadline)
{
	struct list_node *pos;

	t->wait_deadline = deadline;
	list_for_each(pos, &timeouts) {
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

	readyq_remove(&ready, &self->sched_node, self->priority);
	self->wait_queue = wq;
	self->wait_object = object;
	self->wait_reason = reason;
	self->wait_result = 0;
	if (wq)
		wait_queue_insert(wq, self);
	if (timeout_ticks != TIMEOUT_FOREVER)
		timeout_insert(self, ticks + timeout_ticks);
	set_state(self, THREAD_BLOCKED, TRACE_BLOCKED);
	arch_switch_pend();
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

void sched_wake_locked(struct thread *t, int result)
{
	struct wait_queue *wq = t->wait_queue;

	kassert(t->state == THREAD_BLOCKED);

	if (wq)
		list_remove(&t->sched_node);
	if (list_node_linked(&t->timeout_node))
		list_remove(&t->timeout_node);
	t->wait_queue = NULL;
	t->wait_object = NULL;
	t->wait_reason = NULL;
	t->wait_result = result;
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
	struct thread *self = sched_current;

	self->slice_left = CONFIG_TIME_SLICE_TICKS;
	if (list_is_singular(&ready.level[self->priority]))
		return; /* no equal to yield to */
	/* self ran, so its level is the highest: its new head runs next. */
	readyq_rotate(&ready, self->priority);
	leave_reason = TRACE_YIELDED;
	arch_switch_pend();
}

void sched_suspend_locked(struct thread *t)
{
	kassert(t->state == THREAD_READY || t->state == THREAD_RUNNING);

	readyq_remove(&ready, &t->sched_node, t->priority);
	set_state(t, THREAD_SUSPENDED, TRACE_SUSPENDED);
	reschedule_locked();
}

void sched_exit_locked(void)
{
	struct thread *self = sched_current;

	kassert(self->state == THREAD_RUNNING);
	readyq_remove(&ready, &self->sched_node, self->priority);
	set_state(self, THREAD_EXITED, TRACE_EXITED);
	arch_switch_pend();
}

void sched_end_locked(struct thread *t)
{
	kassert(t != sched_current);
	kassert(t->state == THREAD_READY || t->state == THREAD_SUSPENDED);

	if (t->state == THREAD_READY)
		readyq_remove(&ready, &t->sched_node, t->priority);
	t->suspend_requested = false;
	set_state(t, THREAD_EXITED, TRACE_EXITED);
}

void sched_set_priority_locked(struct thread *t, unsigned priority)
{
	if (t->priority == priority)
		return;
	switch (t->state) {
	case THREAD_RUNNING:
		/* Stays at the head of its new level: it keeps running unless
		 * something now outranks it. */
		readyq_remove(&ready, &t->sched_node, t->priority);
		t->priority = (uint8_t)priority;
		readyq_push_front(&ready, &t->sched_node, priority);
		break;
	case THREAD_READY:
		readyq_remove(&ready, &t->sched_node, t->priority);
		t->priority = (uint8_t)priority;
		readyq_push_back(&ready, &t->sched_node, priority);
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

void sched_tick(void)
{
	uint32_t key = kernel_lock();
	struct thread *self = sched_current;
	uint32_t now = ++ticks;
	struct list_node *first;

	self->ticks_run++;
	while ((first = list_first(&timeouts)) != NULL) {
		struct thread *t = list_entry(first, struct thread, timeout_node);
		if (!tick_reached(now, t->wait_deadline))
			break;
		sched_wake_locked(t, ERR_TIMEOUT);
	}
	if (self->state == THREAD_RUNNING && --self->slice_left == 0) {
		self->slice_left = CONFIG_TIME_SLICE_TICKS;
		if (!list_is_singular(&ready.level[self->priority])) {
			readyq_rotate(&ready, self->priority);
			leave_reason = TRACE_SLICE;
		}
	}
	reschedule_locked();
	kernel_unlock(key);
	timer_run_expired(now);
}

/* The process whose MPU regions are loaded (NULL: none yet). */
static const struct process *mpu_process;

void sched_forget_process_locked(const struct process *p)
{
	if (mpu_process == p)
		mpu_process = NULL;
}

__attribute__((noinline, cold, noreturn)) static void report_stack_overflow(const struct thread *t)
{
	panic("stack overflow: thread '%s' (tid %lu) of process '%s': stack 0x%08lx..0x%08lx, "
	      "canary at 0x%08lx overwritten, saved sp 0x%08lx",
	      t->name, (unsigned long)t->tid, t->process->name,
	      (unsigned long)(uintptr_t)t->stack_base,
	      (unsigned long)((uintptr_t)t->stack_base + t->stack_bytes),
	      (unsigned long)(uintptr_t)t->stack_limit, (unsigned long)(uintptr_t)t->saved_sp);
}

/* The switch's quick stack test failed: a kernel thread has overflowed,
 * unless prev is a user thread that stopped inside a syscall (its SP is
 * on its kernel stack), one that faulted and will never run again, or one
 * whose overflow is contained to its process. */
__attribute__((noinline, cold)) static void check_stack_slow(struct thread *t)
{
	if (t->user && *t->kernel_stack_limit == THREAD_STACK_CANARY) {
		bool on_kernel_stack = t->saved_sp >= t->kernel_stack_limit &&
				       (uint8_t *)t->saved_sp < t->kernel_stack_base + t->kernel_stack_bytes;
		if (t->killed && (t->state == THREAD_EXITED || on_kernel_stack))
			return; /* ending: its own stack no longer matters */
		if (on_kernel_stack && *t->stack_limit == THREAD_STACK_CANARY)
			return; /* stopped inside a syscall, both stacks intact */
		/* Its own stack overflowed past the guard: the overflow stayed in
		 * its process's memory, so only that process ends. */
		if (process_stack_overflow_locked(t))
			return;
	}
	report_stack_overflow(t);
}

/* What the switch tells the trace and the statistics, when either is on:
 * kept out of the switch's straight line. */
__attribute__((noinline)) static void observe_switch(struct thread *prev, struct thread *next,
						     bool prev_was_running)
{
	if (prev_was_running)
		trace_state_locked(prev, leave_reason);
	trace_switch_locked(prev, next, leave_reason);
	trace_state_locked(next, TRACE_SCHEDULED);
	stats_switch_locked(prev);
}

struct thread *sched_switch(void)
{
	uint32_t key = kernel_lock();
	struct thread *prev = sched_current;
	struct thread *next = thread_of(readyq_first(&ready));

	if (*prev->stack_limit != THREAD_STACK_CANARY || prev->saved_sp < prev->stack_limit)
		check_stack_slow(prev);
	if (next != prev) {
		/* The state changes of set_state, with one test for observers. */
		bool prev_was_running = prev->state == THREAD_RUNNING;
		if (prev_was_running)
			prev->state = THREAD_READY;
		next->state = THREAD_RUNNING;
		next->switches_in++;
		libc_switch_errno(prev, next);
		sched_current = next;
		if (next->user && next->process != mpu_process) {
			arch_process_activate(&next->process->arch);
			mpu_process = next->process;
		}
		if ((CONFIG_TRACE && trace_classes != 0) ||
		    (CONFIG_STATS_CYCLES && stats_counting_cycles))
			observe_switch(prev, next, prev_was_running);
		if (prev->state == THREAD_EXITED && prev->detached)
			thread_reclaim_locked(prev);
	} else if (next->state != THREAD_RUNNING) {
		/* prev itself, woken again before this switch ran */
		set_state(next, THREAD_RUNNING, TRACE_SCHEDULED);
	}
	leave_reason = TRACE_PREEMPTED;
	kernel_unlock(key);
	return next;
}

/* ---- self-check (kernel/check.h) ---------------------------------------- */

static unsigned problems;

static void problem(const char *what, const struct thread *t)
{
	kprintf("kernel_check: %s (thread '%s', tid %lu)\n", what, t ? t->name : "-",
		t ? (unsigned long)t->tid : 0ul);
	problems++;
}

static bool in_list(const struct list_node *head, const struct list_node *node)
{
	const struct list_node *pos;

	list_for_each(pos, head)
		if (pos == node)
			return true;
	return false;
}

/* Every list is well linked (next->prev == pos) and not longer than max. */
static bool list_sane(const struct list_node *head, unsigned max)
{
	const struct list_node *pos = head;
	unsigned n = 0;

	do {
		if (pos->next->prev != pos)
			return false;
		pos = pos->next;
	} while (pos != head && ++n <= max);
	return pos == head;
}

unsigned kernel_check(void)
{
	uint32_t key = kernel_lock();
	const struct list_node *pos;
	unsigned running = 0, ready_count = 0, queued = 0;

	problems = 0;
	if (!list_sane(&thread_all, 100000) || !list_sane(&timeouts, 100000)) {
		problem("a list is broken", NULL);
		kernel_unlock(key);
		return problems;
	}
	for (unsigned p = 0; p < PRIORITY_LEVELS; p++) {
		if (!list_sane(&ready.level[p], 100000))
			problem("a ready level is broken", NULL);
		if (((ready.bitmap >> p) & 1u) != !list_empty(&ready.level[p]))
			problem("ready bitmap disagrees with its level", NULL);
		list_for_each(pos, &ready.level[p]) {
			const struct thread *t = thread_of((struct list_node *)pos);
			queued++;
			if (t->priority != p)
				problem("in the ready level of another priority", t);
		}
	}
	list_for_each(pos, &thread_all) {
		const struct thread *t = list_entry(pos, struct thread, all_node);
		bool runnable = t->state == THREAD_READY || t->state == THREAD_RUNNING;

		if (t->magic != THREAD_MAGIC)
			problem("record without its magic", t);
		running += t->state == THREAD_RUNNING;
		ready_count += runnable;
		if (runnable && !in_list(&ready.level[t->priority], &t->sched_node))
			problem("runnable but not in the ready queue", t);
		if (t->state == THREAD_BLOCKED && t->wait_queue &&
		    !in_list(&t->wait_queue->waiters, &t->sched_node))
			problem("blocked but not in its wait queue", t);
		if (list_node_linked(&t->timeout_node) &&
		    (t->state != THREAD_BLOCKED || !in_list(&timeouts, &t->timeout_node)))
			problem("deadline set outside a wait", t);
		if (t->priority < t->base_priority)
			problem("effective priority below base", t);
		if (*t->stack_limit != THREAD_STACK_CANARY)
			problem("stack canary overwritten", t);
		if (!in_list(&t->process->threads, &t->process_node))
			problem("not in its process's thread list", t);
	}
	problems += process_check_locked();
	if (running != 1 || sched_current->state != THREAD_RUNNING)
		problem("not exactly one running thread, or it is not sched_current", sched_current);
	if (queued != ready_count)
		problem("ready queue holds threads that are not runnable", NULL);
	uint32_t last = 0;
	bool first = true;
	list_for_each(pos, &timeouts) {
		const struct thread *t = list_entry(pos, struct thread, timeout_node);
		if (!first && tick_before(t->wait_deadline, last))
			problem("timeout list out of order", t);
		last = t->wait_deadline;
		first = false;
	}
	kernel_unlock(key);
	return problems;
}
