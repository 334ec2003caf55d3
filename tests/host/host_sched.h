/* SPDX-License-Identifier: MIT */
/*
 * The real scheduler core on the host, for tests of what is built on it:
 * kernel/sched.c, readyq.c, waitq.c and thread.c as they are, against the
 * stand-in arch (tests/host/arch: the lock is a nesting counter, a switch
 * request is counted).
 *
 * Nothing runs on the host: a thread is a record.  The test acts as the
 * running thread (sched_current) by calling the kernel in its place, and
 * plays the switch where the target would make it, when the outermost
 * kernel lock is released with a switch asked for: host_sched_switch runs
 * the core's choice, sched_pick_locked, as sched_switch does after PendSV
 * (and the direct switch does in thread mode).
 *
 * Two calls never return on the target, sched_start and thread_exit:
 * host_sched_start and host_sched_exit make them and come back at the
 * point where the target leaves for good.
 */
#ifndef TESTS_HOST_HOST_SCHED_H
#define TESTS_HOST_HOST_SCHED_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/process.h"
#include "kernel/thread.h"

/* The kernel's process (ceiling PRIORITY_MAX): the idle thread's, and
 * any thread's made at boot unless a test says otherwise. */
extern struct process host_kernel_process;

/* A fresh core: no thread but idle (kernel_idle_thread), ready; the tick
 * counter just below its wrap.  Threads are added, then started. */
void host_sched_boot(void);

/* An empty process whose threads run at most at ceiling. */
void host_process_init(struct process *p, const char *name, unsigned ceiling);

/* Adds a READY thread of p before the start, as kernel_start adds main:
 * thread_setup_locked, then sched_ready_locked. */
void host_sched_add(struct thread *t, struct process *p, const char *name, unsigned priority,
		    void *stack, size_t stack_bytes);

/* sched_start: the most urgent thread becomes RUNNING and sched_current. */
void host_sched_start(void);

/* Plays the switch if the core asked for one since the last; returns
 * whether it did.  Where the core asked for none, checks that it needed
 * none: the running thread heads the ready queue. */
bool host_sched_switch(void);

/* One tick, as the tick interrupt's core work (sched_tick_locked), then
 * the switch it may ask for. */
void host_sched_tick(void);

/* thread_exit(NULL) as the running thread; returns once it released the
 * lock with the switch away asked for (where the target never returns). */
void host_sched_exit(void);

#endif
