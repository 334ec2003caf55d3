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

#include <stdint.h>

#include "arch.h"
#include "kernel/list.h"
#include "kernel/thread.h"
#include "kernel/trace.h"
#include "kernel/waitq.h"

/* The running thread.  Read by the switch code and the GDB extension. */
extern struct thread *sched_current;

static inline uint32_t kernel_lock(void)
{
	return arch_irq_lock();
}

static inline void kernel_unlock(uint32_t key)
{
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

/* READY or RUNNING -> SUSPENDED. */
void sched_suspend_locked(struct thread *t);

/* The calling thread -> EXITED; switches away when the lock is released. */
void sched_exit_locked(void);

/* Makes t (not the running thread; READY or SUSPENDED) EXITED: its
 * process is ending.  The caller releases what it holds. */
void sched_end_locked(struct thread *t);

/* p's PCB is being reused: the MPU regions loaded for it are stale. */
struct process;
void sched_forget_process_locked(const struct process *p);

/* Changes t's effective priority, keeping it in the right place in the
 * ready queue or in its wait queue; preempts if needed.  It does not tell
 * the wait queue's owner: callers walking an inheritance chain do that. */
void sched_set_priority_locked(struct thread *t, unsigned priority);

/* The SysTick handler's work: advance time, wake expired waits, rotate
 * the time slice.  Context: ISR. */
void sched_tick(void);

/* Called by the switch code (PendSV) after it saved the outgoing thread:
 * checks that thread's stack, picks the next one and makes it current.
 * Context: PendSV. */
struct thread *sched_switch(void);

/* The idle thread, for statistics and checks. */
static inline struct thread *sched_idle_thread(void)
{
	extern struct thread kernel_idle_thread; /* kernel/boot.c */

	return &kernel_idle_thread;
}

#endif
