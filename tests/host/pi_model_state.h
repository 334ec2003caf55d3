/* SPDX-License-Identifier: MIT */
/*
 * The reference's account (pi_model.h), shared by the two halves of it
 * and nothing else: pi_model.c keeps the account and predicts, following
 * the puppets; pi_checks.c compares the kernel with it after every step.
 */
#ifndef TESTS_HOST_PI_MODEL_STATE_H
#define TESTS_HOST_PI_MODEL_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/mutex.h"
#include "kernel/process.h"
#include "ktest.h"
#include "pi_model.h"
#include "puppet.h"

enum pi_state_of { M_FREE, M_RUNNABLE, M_BLOCKED, M_SUSPENDED, M_EXITED };

struct pi_thread {
	enum pi_state_of state;
	const struct process *process;
	unsigned base;
	unsigned eff;           /* effective priority, from scratch */
	int waits_on;           /* M_BLOCKED: the mutex, -1 for a sleep */
	bool has_deadline;
	uint32_t deadline;
	bool suspend_requested;
	bool in_call;           /* inside a call that blocked */
	bool woken;             /* ... and its wait has ended */
	int wake_result;        /* what that call returns when it runs again */
	uint64_t placed;        /* when it took its place in its mutex's queue */
};

struct pi_mutex {
	bool live;
	uint32_t flags;
	int owner; /* -1: free */
	unsigned depth;
};

struct pi_state {
	struct puppet *const *puppets; /* the threads followed, by index */
	unsigned n_threads, n_mutexes;
	struct mutex *mutexes;
	struct pi_thread th[PI_MODEL_THREADS];
	struct pi_mutex mx[PI_MODEL_MUTEXES];
	uint64_t moment; /* steps and ticks so far */
	bool ok;         /* no check has failed */
	struct pi_model_counts counts;
};

extern struct pi_state pi;

/* Reports a difference (printf arguments); pi.ok becomes false.
 * Returns false. */
__attribute__((format(printf, 1, 2))) bool pi_fail(const char *fmt, ...);

/* A check of the kernel against the reference: on failure the case
 * fails and the message says what differs. */
#define EXPECT(cond, ...) \
	((cond) ? true : (ktest_check(false, #cond, __FILE__, __LINE__), pi_fail(__VA_ARGS__)))

/* Every check (pi_checks.c). */
void pi_check_all(void);

static inline const char *pi_name(int i)
{
	return i < 0 ? "idle" : pi.puppets[i]->name;
}

/* The index of the puppet whose record t is; -1 for idle. */
static inline int pi_index(const struct thread *t)
{
	for (unsigned i = 0; i < pi.n_threads; i++)
		if (&pi.puppets[i]->thread == t)
			return (int)i;
	return -1;
}

static inline bool pi_live(int i)
{
	return pi.th[i].state != M_FREE;
}

static inline unsigned pi_ceiling(int i)
{
	return pi.th[i].process->priority_ceiling;
}

#endif
