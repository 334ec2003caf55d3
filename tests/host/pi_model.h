/* SPDX-License-Identifier: MIT */
/*
 * A reference for priority inheritance, as docs/sync.md and mutex.h
 * specify it, that follows puppet threads (puppet.h) step by step and
 * checks the real kernel after every step and tick.
 *
 * It keeps its own account of every thread (state, base priority,
 * process, what it waits for and until when) and every mutex (live,
 * owner, depth), predicts each call's result from it, and computes the
 * effective priorities from scratch: a thread's base priority raised by
 * every thread that waits for a mutex it holds, directly or through a
 * chain, not above its process's ceiling (MUTEX_NO_INHERIT mutexes lend
 * nothing).  After every step it checks that
 *  - each call returned what the reference predicts, and a blocked call
 *    returns, once its thread runs again, how its wait ended;
 *  - every thread's effective priority is the reference's, and is
 *    max(base, the priority of the first waiter of each inheriting mutex
 *    it owns), capped by the ceiling, read off the kernel's own records;
 *  - the running thread is a highest-priority ready thread;
 *  - each wait queue holds exactly the threads waiting for its mutex,
 *    ordered by effective priority and, among equals, by the time each
 *    took its place (queued, or re-queued when its priority changed), and
 *    a released mutex went to the first of them;
 *  - no thread is lost or duplicated: each is in the ready queue, in one
 *    wait queue or in neither, as its state says, and once in the list
 *    of all threads; the scheduler's self-check finds nothing;
 *  - ownership agrees: owner and depth, each owner's list of held
 *    mutexes, a free mutex with no waiters.
 * pi_model.c keeps the account, pi_checks.c makes the checks.
 */
#ifndef TESTS_HOST_PI_MODEL_H
#define TESTS_HOST_PI_MODEL_H

#include <stdbool.h>

#include "kernel/mutex.h"
#include "puppet.h"

#define PI_MODEL_THREADS 12
#define PI_MODEL_MUTEXES 8

/* What the steps so far did (for a random test to show it covered the
 * cases that matter). */
struct pi_model_counts {
	unsigned steps, ticks;
	unsigned blocked;      /* lock calls that waited */
	unsigned handed_over;  /* unlocks that gave the mutex to a waiter */
	unsigned owner_died;   /* mutexes handed on by an exiting owner */
	unsigned timed_out;    /* lock waits that timed out */
	unsigned deleted_away; /* waiters woken by a deletion */
	unsigned refused;      /* ERR_DEADLOCK: a cycle of owners, or a relock */
	unsigned capped;       /* changes where a ceiling held a lent priority down */
	unsigned requeued;     /* waiters moved in their queue by a priority change */
	unsigned longest_chain; /* most owners behind one waiter */
};

/* Starts following puppets[0..n) (puppets[i]->index == i) and mutexes[0..m),
 * taking the kernel's state now as the start: call after
 * host_sched_start, with every mutex initialised and free.  Installs
 * itself as the puppet observer and checks at once. */
void pi_model_start(struct puppet *const *puppets, unsigned n, struct mutex *mutexes, unsigned m);

/* Stops following (the puppet observer is removed). */
void pi_model_stop(void);

/* False once any check failed since the start. */
bool pi_model_ok(void);

const struct pi_model_counts *pi_model_counts(void);

#endif
