/* SPDX-License-Identifier: MIT */
/*
 * The switch and the tick around the scheduler core (sched.c): what the
 * arch's PendSV and tick handlers call, and the one place where
 * processes, newlib, statistics, the trace, software timers and the
 * reclaiming of records hang off them.
 *
 * The switch, after the arch code saved the outgoing thread, runs these
 * stages in this order, each a step of its own:
 *
 *   1. stack check   the outgoing thread's canary, and that its context
 *                    was saved on the stack it belongs on
 *   2. pick          the core's choice (sched_pick_locked): the head of
 *                    the highest ready level becomes RUNNING
 *   3. errno         newlib's errno follows the thread (libc.c)
 *   4. MPU           an unprivileged process other than the one loaded
 *                    gets its regions loaded
 *   5. observers     the trace and the statistics, when either is on
 *   6. reclaim       a detached thread that has exited gives back its
 *                    record, now that nothing runs on its stack
 *
 * All under the kernel lock (an interrupt may change the ready queue).
 */
#include "kernel/sched.h"

#include "kernel/libc.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/stats.h"
#include "kernel/timer.h"
#include "kernel/trace.h"

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
 * unless prev is a user thread with both stacks intact (its context is
 * on its kernel stack, in a syscall or not), one that faulted and will
 * never run again, or one whose overflow is contained to its process. */
__attribute__((noinline, cold)) static void check_stack_slow(struct thread *t)
{
	if (t->user && *t->kernel_stack_limit == THREAD_STACK_CANARY) {
		bool on_kernel_stack = t->saved_sp >= t->kernel_stack_limit &&
				       (uint8_t *)t->saved_sp < t->kernel_stack_base + t->kernel_stack_bytes;
		if (t->killed && (t->state == THREAD_EXITED || on_kernel_stack))
			return; /* ending: its own stack no longer matters */
		if (on_kernel_stack && *t->stack_limit == THREAD_STACK_CANARY)
			return; /* both stacks intact */
		/* Its own stack overflowed past the guard: the overflow stayed in
		 * its process's memory, so only that process ends. */
		if (process_stack_overflow_locked(t))
			return;
	}
	report_stack_overflow(t);
}

/* Stage 5, kept out of the straight line: what the switch tells the
 * trace and the statistics. */
__attribute__((noinline)) static void observe_switch(struct thread *prev, struct thread *next,
						     enum trace_reason why, bool prev_was_running)
{
	if (prev_was_running)
		trace_state_locked(prev, why);
	trace_switch_locked(prev, next, why);
	trace_state_locked(next, TRACE_SCHEDULED);
	stats_switch_locked(prev);
}

struct thread *sched_switch(void)
{
	uint32_t key = kernel_lock();
	struct thread *prev = sched_current;
	struct sched_pick pick;

	/* 1. The context is saved on the stack it belongs on: a kernel
	 * thread's one stack, an unprivileged thread's kernel stack (always,
	 * switch.S; its own SP is its own business). */
	if (*prev->stack_limit != THREAD_STACK_CANARY || prev->saved_sp < prev->kernel_stack_limit)
		check_stack_slow(prev);
	/* 2. */
	struct thread *next = sched_pick_locked(&pick);
	if (pick.switched) {
		next->switches_in++;
		libc_switch_errno(prev, next); /* 3. */
		if (next->user && next->process != mpu_process) { /* 4. */
			arch_process_activate(&next->process->arch);
			mpu_process = next->process;
		}
		if ((CONFIG_TRACE && trace_classes != 0) ||
		    (CONFIG_STATS_CYCLES && stats_counting_cycles))
			observe_switch(prev, next, pick.why, pick.prev_was_running); /* 5. */
		if (prev->state == THREAD_EXITED && prev->detached)
			thread_reclaim_locked(prev); /* 6. */
	}
	kernel_unlock(key);
	return next;
}

void sched_tick(void)
{
	uint32_t key = kernel_lock();

	sched_current->ticks_run++;
	uint32_t now = sched_tick_locked();
	kernel_unlock(key);
	timer_run_expired(now);
}
