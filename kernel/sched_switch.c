/* SPDX-License-Identifier: MIT */
/*
 * The switch, the tick and the idle thread's loop around the scheduler
 * core (sched.c): what the arch's PendSV and tick handlers and the idle
 * thread call, and the one place where processes, newlib, statistics,
 * the trace, software timers and the reclaiming of records hang off them.
 *
 * A switch runs these stages in this order, each a step of its own,
 * after the arch code saved the outgoing thread (PendSV: sched_switch)
 * or before it saves it (the direct switch, a plain call from thread
 * mode: sched_unlock_switch, and a yield's own, sched_yield):
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
 *                    record, now that nothing runs on its stack (PendSV
 *                    only: every exit switches by PendSV)
 *
 * All under the kernel lock (an interrupt may change the ready queue).
 */
#include "kernel/sched.h"

#include "board.h"
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

__attribute__((noinline, cold, noreturn)) static void report_stack_overflow(const struct thread *t,
									    const uint32_t *sp)
{
	panic("stack overflow: thread '%s' (tid %lu) of process '%s': stack 0x%08lx..0x%08lx, "
	      "canary at 0x%08lx overwritten, saved sp 0x%08lx",
	      t->name, (unsigned long)t->tid, t->process->name,
	      (unsigned long)(uintptr_t)t->stack_base,
	      (unsigned long)((uintptr_t)t->stack_base + t->stack_bytes),
	      (unsigned long)(uintptr_t)t->stack_limit, (unsigned long)(uintptr_t)sp);
}

/* The switch's quick stack test failed: a kernel thread has overflowed,
 * unless prev is a user thread with both stacks intact (its context is
 * on its kernel stack, in a syscall or not), one that faulted and will
 * never run again, or one whose overflow is contained to its process.
 * sp: where its context is (or is about to be) saved. */
__attribute__((noinline, cold)) static void check_stack_slow(struct thread *t, const uint32_t *sp)
{
	if (t->user && *t->kernel_stack_limit == THREAD_STACK_CANARY) {
		const struct thread_user *u = t->user;
		const uint8_t *top = u->kernel_stack_base + u->kernel_stack_bytes;
		bool on_kernel_stack = sp >= t->kernel_stack_limit && (const uint8_t *)sp < top;
		if (t->killed && (t->state == THREAD_EXITED || on_kernel_stack))
			return; /* ending: its own stack no longer matters */
		if (on_kernel_stack && *t->stack_limit == THREAD_STACK_CANARY)
			return; /* both stacks intact */
		/* Its own stack overflowed past the guard: the overflow stayed in
		 * its process's memory, so only that process ends. */
		if (process_stack_overflow_locked(t))
			return;
	}
	report_stack_overflow(t, sp);
}

/* Stage 1: the outgoing thread's canary is intact and its context is
 * saved on the stack it belongs on: a kernel thread's one stack, an
 * unprivileged thread's kernel stack (always, switch.S; its own SP is its
 * own business). */
static inline bool stack_intact(const struct thread *t, const uint32_t *sp)
{
	return __builtin_expect(sp >= t->kernel_stack_limit && *t->stack_limit == THREAD_STACK_CANARY,
				1);
}

static inline void check_stack(struct thread *t, const uint32_t *sp)
{
	if (!stack_intact(t, sp))
		check_stack_slow(t, sp);
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

/* Stages 3 to 5, once the choice is made and another thread comes in. */
static inline void switch_stages(struct thread *prev, struct thread *next, enum trace_reason why,
				 bool prev_was_running)
{
	next->switches_in++;
	libc_switch_errno(prev, next); /* 3. */
	if (next->user && next->process != mpu_process) { /* 4. */
		arch_process_activate(&next->process->arch);
		mpu_process = next->process;
	}
	if ((CONFIG_TRACE && trace_classes != 0) || (CONFIG_STATS_CYCLES && stats_counting_cycles))
		observe_switch(prev, next, why, prev_was_running); /* 5. */
}

struct thread *sched_switch(void)
{
	uint32_t key = kernel_lock();
	struct thread *prev = sched_current;
	struct sched_pick pick;

	sched_switch_requested = false; /* this is the switch asked for */
	check_stack(prev, prev->saved_sp); /* 1. */
	struct thread *next = sched_pick_locked(&pick); /* 2. */
	if (pick.switched) {
		switch_stages(prev, next, pick.why, pick.prev_was_running); /* 3.-5. */
		if (prev->state == THREAD_EXITED && prev->detached)
			thread_reclaim_locked(prev); /* 6. */
	}
	/* Quiet: from a handler nothing asks for a direct switch (a request
	 * pends a PendSV), and the exception return synchronizes. */
	kernel_unlock_quiet(key);
	return next;
}

/* The direct switch, from thread mode by a plain call: the same stages,
 * with arch_switch_direct in place of the PendSV's save and restore.
 * Where the incoming context needs an exception return (unprivileged
 * code, an FP frame) or the outgoing thread's FP state needs the exception
 * frame, PendSV does it instead, as it does every exit (whose record may
 * be reclaimed only once nothing runs on its stack).
 *
 * The choice (the head of the highest level) is read once.  Where the
 * quick stack test fails, the full one runs out of line before the
 * switch goes on (it panics, or marks a user thread's process as ending:
 * the thread, inside a syscall, ends at the call's boundary). */
void sched_unlock_switch(uint32_t key)
{
	/* Only thread mode asks this way (switch_request_any pends a PendSV
	 * from a handler at once, and no handler runs inside a thread's
	 * section), so only the nesting needs testing. */
	if (key != ARCH_IRQ_UNLOCKED)
		return; /* a nested section: the outermost unlock switches */
	sched_switch_requested = false;
#if ARCH_SWITCH_DIRECT
	struct thread *prev = sched_current;
	struct thread *next = sched_choice_locked();
	struct sched_pick pick;

	if (next != prev) {
		if (!arch_switch_direct_ok(next->saved_sp, next->arch.control)) {
			arch_switch_pend(); /* taken at the unlock */
			return;
		}
		check_stack(prev, arch_sp() - ARCH_DIRECT_CONTEXT_WORDS); /* 1. */
	}
	sched_take_locked(&pick, prev, next); /* 2. */
	if (pick.switched) {
		switch_stages(prev, next, pick.why, pick.prev_was_running); /* 3.-5. */
		arch_switch_direct(prev, next); /* returns when prev runs again */
	}
#else
	arch_switch_pend();
#endif
}

/* The yield that cannot switch at once: asks for the switch. */
__attribute__((noinline)) static void yield_request(uint32_t key)
{
	sched_request_locked(TRACE_YIELDED);
	kernel_unlock(key);
}

/* thread_yield.  The choice is made where the event is (the rotation
 * names the next thread), so that from thread mode, outside any other
 * section, the direct switch is made right here, with the same stages,
 * neither asking for itself nor looking for the highest level again.
 * Anywhere else, or where the direct switch cannot be made (an incoming
 * context that needs an exception return, live FP state), the switch is
 * asked for; so it is where the quick stack test fails, since the slow one
 * may end prev's process and change the choice (the switch asked for runs
 * it, and chooses again). */
void sched_yield(void)
{
	uint32_t key = kernel_lock();
	struct thread *prev = sched_current;
	struct thread *next = sched_rotate_locked();

	if (next == prev) {
		kernel_unlock_quiet(key); /* no equal to yield to: nothing changed */
		return;
	}
#if ARCH_SWITCH_DIRECT
	if (__builtin_expect(key == ARCH_IRQ_UNLOCKED && !arch_in_isr() &&
				     arch_switch_direct_ok(next->saved_sp, next->arch.control) &&
				     stack_intact(prev, arch_sp() - ARCH_DIRECT_CONTEXT_WORDS), /* 1. */
			     1)) {
		sched_switch_to_locked(prev, next, true);       /* 2. */
		switch_stages(prev, next, TRACE_YIELDED, true); /* 3.-5. */
		arch_switch_direct(prev, next); /* returns when prev runs again */
		/* Whoever switched back to prev made the switch it had asked
		 * for: only the unlock is left, whose ISB puts prev's guard
		 * region in force. */
		arch_irq_unlock(key);
		return;
	}
#endif
	yield_request(key);
}

/* The tick handler's work: the ticks to count (one; with CONFIG_TICKLESS
 * as many as the board clock says have passed, none when the alarm only
 * moved), then the software timers due. */
void sched_tick(void)
{
	uint32_t key = kernel_lock();
	uint32_t now = sched_ticks();
#if CONFIG_TICKLESS
	uint32_t passed = arch_tick_catch_up();
#else
	uint32_t passed = 1;
#endif

	if (passed != 0) {
		sched_current->ticks_run += passed;
		now = sched_ticks_advance_locked(passed);
	}
	kernel_unlock(key);
	timer_run_expired(now);
}

#if CONFIG_TICKLESS
/* Ticks from now to deadline, 0 once it is reached. */
static uint32_t ticks_until(uint32_t now, uint32_t deadline)
{
	return tick_reached(now, deadline) ? 0 : deadline - now;
}

/* The ticks until the next deadline of a wait or a software timer
 * (UINT32_MAX: none). */
static uint32_t next_deadline_locked(uint32_t now)
{
	uint32_t until = UINT32_MAX, deadline;

	if (sched_next_deadline_locked(&deadline))
		until = ticks_until(now, deadline);
	if (timer_next_deadline_locked(&deadline) && ticks_until(now, deadline) < until)
		until = ticks_until(now, deadline);
	return until;
}
#endif

uint32_t sched_idle_wakeups;

void sched_idle(void)
{
#if CONFIG_TICKLESS
	/* Only the idle thread can run, so no slice needs the tick: its
	 * alarm moves to the next deadline.  The wait ends at any interrupt,
	 * which is taken only once the tick has caught up here, so that its
	 * handler reads the right time; a woken thread runs at the unlock. */
	uint32_t key = kernel_lock();
	uint32_t now = sched_ticks();
	uint32_t until = next_deadline_locked(now);

	if (until == 0) {
		kernel_unlock(key); /* a software timer is due: the tick handler runs it */
		return;
	}
	board_idle_wait(until >= 2 ? arch_tick_alarm_after(until) : 1);
	sched_idle_wakeups++;
	/* A tick's boundary has passed: the tick handler's work is done
	 * here, and the trace shows it as the tick's interrupt, as it would
	 * with the periodic tick. */
	bool tick = arch_tick_due();
	if (tick)
		trace_isr_enter(TRACE_IRQ_TICK);
	uint32_t passed = arch_tick_catch_up();
	if (passed != 0) {
		sched_current->ticks_run += passed;
		now = sched_ticks_advance_locked(passed);
		if (next_deadline_locked(now) == 0)
			arch_tick_pend(); /* a software timer is due: its handler runs it */
	}
	if (tick)
		trace_isr_exit();
	kernel_unlock(key);
#else
	arch_idle();
	sched_idle_wakeups++;
#endif
}
