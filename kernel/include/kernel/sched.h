/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's interface inside the kernel.  Only these functions move
 * a thread between states; thread.c and the synchronization objects call
 * them with the kernel lock held (the _locked suffix).
 *
 * The kernel lock masks every interrupt that may call the kernel
 * (arch_irq_lock: BASEPRI on ARMv7-M); interrupts above that level are
 * never masked and must not call the kernel.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "kernel/list.h"
#include "kernel/readyq.h"
#include "kernel/thread.h"
#include "kernel/trace.h"
#include "kernel/waitq.h"

/* The running thread.  Written only by the core and the switch; read by
 * the switch code and the GDB extension.  The rest of the kernel asks
 * sched_self(), so that the one place to change for a second core (the
 * running thread becomes a per-CPU value) is here. */
extern struct thread *sched_current;

/* The thread running on this CPU: the caller itself, in thread mode; the
 * interrupted thread, in a handler. */
static inline struct thread *sched_self(void)
{
	return sched_current;
}

/* A switch the core asked for, not made yet: kernel_unlock makes it when
 * it releases the outermost lock (profiles with ARCH_SWITCH_DIRECT; the
 * others pend a PendSV at once). */
extern bool sched_switch_requested;

/* kernel_unlock's way out when a switch was asked for (sched_switch.c),
 * which happens only in thread mode: when key is the outermost lock's,
 * the direct switch, which runs the switch's stages and
 * arch_switch_direct and returns when the calling thread runs again
 * (where it cannot be made, a PendSV); in a nested section nothing. */
void sched_unlock_switch(uint32_t key);

static inline uint32_t kernel_lock(void)
{
	return arch_irq_lock();
}

static inline void kernel_unlock(uint32_t key)
{
#if ARCH_SWITCH_DIRECT
	if (sched_switch_requested)
		sched_unlock_switch(key);
#endif
	arch_irq_unlock(key);
}

/* The same, for a section that readied, woke and suspended nothing, so
 * that no switch can be asked for (a fast path's uncontended case). */
static inline void kernel_unlock_quiet(uint32_t key)
{
	arch_irq_unlock_quiet(key);
}

/* Releases the lock of the section in which the calling thread exited
 * (sched_exit_locked): the switch away is a PendSV, whatever the section
 * asked for after the exit (a joiner woken), since only the PendSV path
 * reclaims a record, once nothing runs on its stack. */
static inline void sched_exit_unlock(uint32_t key)
{
	sched_switch_requested = false;
	arch_switch_pend();
	arch_irq_unlock(key);
}

void sched_init(void);
/* Starts the highest-priority READY thread; never returns. */
__attribute__((noreturn)) void sched_start(void);

/* A new or resumed thread becomes READY at the tail of its level. */
void sched_ready_locked(struct thread *t, enum trace_reason why);

/* Blocks the calling thread on wq (NULL: a plain sleep) until woken or
 * until timeout_ticks pass (TIMEOUT_FOREVER: no deadline).  Releases the
 * kernel lock (key must be the outermost one) and returns the result the
 * waker gave, or ERR_TIMEOUT.  object and reason describe the wait for
 * debuggers.  The same in two steps, for a caller with work to do between
 * queueing and releasing the lock: sched_block_locked, then sched_wait. */
int sched_block(struct wait_queue *wq, const void *object, const char *reason,
		uint32_t timeout_ticks, uint32_t key);
void sched_block_locked(struct wait_queue *wq, const void *object, const char *reason,
			uint32_t timeout_ticks);
int sched_wait(uint32_t key);

/* Ends t's wait with result: READY, or SUSPENDED if a suspend was
 * requested meanwhile.  Preempts if t now outranks the running thread. */
void sched_wake_locked(struct thread *t, int result);

/* The calling thread goes behind its equals. */
void sched_yield_locked(void);

/* Asks for a switch away from the running thread, which leaves for why
 * (the trace's reason): the rotation of sched_rotate_locked done, the
 * switch that the caller could not make itself. */
void sched_request_locked(enum trace_reason why);

/* thread_yield: the same, and when the calling thread has an equal to
 * yield to, the switch to it, made at once (sched_switch.c). */
void sched_yield(void);

/* READY or RUNNING -> SUSPENDED. */
void sched_suspend_locked(struct thread *t);

/* The calling thread -> EXITED, a switch asked for; the caller releases
 * the lock with sched_exit_unlock, which switches away from it for good. */
void sched_exit_locked(void);

/* Makes t (not the running thread; READY, BLOCKED or SUSPENDED) EXITED:
 * its process is ending, or thread_terminate ends it.  A BLOCKED thread
 * leaves its wait, whose object is told.  The caller releases what it
 * holds. */
void sched_end_locked(struct thread *t);

/* p's PCB is being reused: the MPU regions loaded for it are stale. */
struct process;
void sched_forget_process_locked(const struct process *p);

/* Changes t's effective priority, keeping it in the right place in the
 * ready queue or in its wait queue; preempts if needed.  It does not tell
 * the wait queue's owner: callers walking an inheritance chain do that. */
void sched_set_priority_locked(struct thread *t, unsigned priority);

/* The tick handler's work: advance time (one tick; with CONFIG_TICKLESS
 * the ticks the board clock says have passed), wake expired waits,
 * rotate the time slice, then run the software timers due
 * (sched_switch.c).  Context: ISR. */
void sched_tick(void);

/* One pass of the idle thread's loop: sleeps until an interrupt; with
 * CONFIG_TICKLESS with the tick moved to the next deadline, and time
 * caught up on waking (sched_switch.c).  Context: the idle thread. */
void sched_idle(void);

/* How many times the idle thread's sleep has ended (a wake-up of the CPU
 * from idle), for statistics and tests. */
extern uint32_t sched_idle_wakeups;

/* Called by the switch code (PendSV) after it saved the outgoing thread:
 * runs the switch's stages (sched_switch.c: stack check, pick, errno,
 * MPU, observers, reclaim) and returns the thread to restore.
 * Context: PendSV. */
struct thread *sched_switch(void);

/* ---- the core's own steps, for sched_switch.c, the self-check and the
 * host tests ---------------------------------------------------------- */

/* The tick's work in the core: counts it, wakes the expired waits with
 * ERR_TIMEOUT, rotates the running thread's slice.  Returns the new tick. */
uint32_t sched_tick_locked(void);

/* The same for n ticks at once (n >= 1), as after an idle period without
 * the tick (CONFIG_TICKLESS): the count moves on by n, the waits whose
 * deadline the new count has reached end in deadline order, and the
 * running thread's slice loses n ticks (at most the whole slice). */
uint32_t sched_ticks_advance_locked(uint32_t n);

/* The nearest deadline of a wait: true with *deadline set, false when no
 * wait has one. */
bool sched_next_deadline_locked(uint32_t *deadline);

/* The tick counter (time_ticks() is the API: kernel/time.c). */
uint32_t sched_ticks(void);

/* What the switch's choice did, for the switch's observers. */
struct sched_pick {
	struct thread *prev;   /* the outgoing thread */
	enum trace_reason why; /* why it left (preempted, yielded, its slice ran out) */
	bool switched;         /* another thread comes in */
	bool prev_was_running; /* it was RUNNING and is READY now */
};

/* The core's state that the switch's choice below reads; nothing else
 * outside sched.c touches it. */
extern struct readyq sched_ready;
extern enum trace_reason sched_leave_reason;
/* The BLOCKED threads with a deadline, by deadline (via timeout_node);
 * read outside sched.c only by its self-check (sched_check.c). */
extern struct list_node sched_timeouts;

/* The switch's choice carried out: next (the head of the highest ready
 * level) becomes RUNNING and sched_current; prev, when it was RUNNING,
 * becomes READY.  Context: the switch, lock held. */
static inline void sched_switch_to_locked(struct thread *prev, struct thread *next,
					  bool prev_was_running)
{
	if (prev_was_running)
		prev->state = THREAD_READY;
	next->state = THREAD_RUNNING;
	sched_current = next;
}

/* The switch's choice: the head of the highest ready level. */
static inline struct thread *sched_choice_locked(void)
{
	return list_entry(readyq_first(&sched_ready), struct thread, sched_node);
}

/* The choice carried out: next (sched_choice_locked) becomes RUNNING
 * and sched_current; prev (sched_current), if it was RUNNING, becomes
 * READY.  Inline: it is the middle of the switch's straight line.
 * Context: the switch, lock held. */
static inline void sched_take_locked(struct sched_pick *pick, struct thread *prev,
				     struct thread *next)
{
	pick->prev = prev;
	pick->why = sched_leave_reason;
	pick->switched = next != prev;
	pick->prev_was_running = false;
	sched_leave_reason = TRACE_PREEMPTED;
	if (pick->switched) {
		/* The state changes; the switch's observers report them. */
		pick->prev_was_running = prev->state == THREAD_RUNNING;
		sched_switch_to_locked(prev, next, pick->prev_was_running);
	} else if (next->state != THREAD_RUNNING) {
		/* prev itself, woken again before this switch ran */
		next->state = THREAD_RUNNING;
		trace_state_locked(next, TRACE_SCHEDULED);
	}
}

/* Both at once: returns the incoming thread (the outgoing one if it
 * should go on). */
static inline struct thread *sched_pick_locked(struct sched_pick *pick)
{
	struct thread *next = sched_choice_locked();

	sched_take_locked(pick, sched_current, next);
	return next;
}

/* Round robin for the running thread, the choice made at once: it goes
 * behind its equals, with a fresh slice, and the head of its level is
 * returned (itself when it has no equal).  With no switch pending (from
 * thread mode, outside any other section) the running thread heads the
 * highest level, since any thread above it would have preempted it: the
 * new head is then the next thread to run.  The caller switches to it,
 * or asks for the switch (sched_request_locked).
 * Context: thread, lock held. */
static inline struct thread *sched_rotate_locked(void)
{
	struct thread *self = sched_current;

	self->slice_left = CONFIG_TIME_SLICE_TICKS;
	return list_entry(readyq_rotate(&sched_ready, self->priority), struct thread, sched_node);
}

/* The core's invariants, for kernel_check (kernel/check.c; in
 * sched_check.c): the ready queue and the timeout list, then one
 * thread's place in them.  Each problem found is passed to problem;
 * returns how many. */
unsigned sched_check_locked(void (*problem)(const char *what, const struct thread *t));
unsigned sched_check_thread_locked(const struct thread *t,
				   void (*problem)(const char *what, const struct thread *t));


/* The idle thread, for statistics and checks. */
static inline struct thread *sched_idle_thread(void)
{
	extern struct thread kernel_idle_thread; /* kernel/boot.c */

	return &kernel_idle_thread;
}

#endif
