/* SPDX-License-Identifier: MIT */
/*
 * Puppet threads: kernel threads on the host (host_sched.h) that do what
 * a script says, one step at a time, when the scheduler runs them.
 *
 * A step is one kernel call (lock a mutex, set a priority, sleep, ...)
 * made as the running thread, with the result it should return.  Only
 * the running thread acts: puppets_run makes the running puppet do its
 * next step, plays the switch the call asked for, and goes on with
 * whoever runs then, until the running thread has nothing left to do (a
 * puppet with an empty script keeps the CPU, as a thread computing).  A
 * call that blocks leaves its puppet inside the call; when the scheduler
 * makes the puppet current again, the call returns (with what the call
 * returns on the target once its thread runs again) and the script goes
 * on.  Time passes only in puppets_tick.
 *
 * An observer (pi_model.h) may follow every step and tick and check the
 * kernel after each.
 */
#ifndef TESTS_HOST_PUPPET_H
#define TESTS_HOST_PUPPET_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/mutex.h"
#include "kernel/thread.h"

#define PUPPET_STACK_BYTES 512
#define PUPPET_SCRIPT_STEPS 48

/* A step's expected result when any will do. */
#define PUPPET_ANY INT_MIN

enum puppet_op {
	PUPPET_LOCK,         /* mutex_lock(mutex, ticks) */
	PUPPET_UNLOCK,       /* mutex_unlock(mutex) */
	PUPPET_DELETE,       /* mutex_delete(mutex) */
	PUPPET_INIT,         /* mutex_init(mutex, flags) */
	PUPPET_SPAWN,        /* thread_create of other (joined first if it exited) */
	PUPPET_SET_PRIORITY, /* thread_set_priority(other, priority) */
	PUPPET_PRIORITY,     /* thread_priority(other): a check */
	PUPPET_SLEEP,        /* thread_sleep(ticks) */
	PUPPET_YIELD,        /* thread_yield() */
	PUPPET_SUSPEND,      /* thread_suspend(other) */
	PUPPET_RESUME,       /* thread_resume(other) */
	PUPPET_EXIT,         /* thread_exit(NULL) */
};

struct puppet;

struct puppet_step {
	enum puppet_op op;
	const char *what; /* for messages: "lock", "unlock", ... */
	/* The kernel call, as self (the running thread). */
	int (*call)(struct puppet *self, const struct puppet_step *s);
	/* A call that can block: what it returns once its thread runs again. */
	int (*resumed)(struct puppet *self);
	struct mutex *mutex;
	uint32_t flags;        /* init */
	uint32_t ticks;        /* lock's timeout, sleep's length */
	struct puppet *other;  /* spawn, set priority, priority, suspend, resume */
	unsigned priority;     /* set priority */
	int expect;            /* the result, or PUPPET_ANY */
};

struct puppet {
	struct thread thread; /* the kernel's record */
	const char *name;
	unsigned priority;    /* the priority it is spawned at */
	unsigned index;       /* in the test's table of puppets */
	struct puppet_step script[PUPPET_SCRIPT_STEPS];
	unsigned next, count; /* script[next..count) is still to do */
	struct puppet_step call; /* the step it is inside while in_call */
	bool in_call;            /* blocked in call; it returns when the puppet runs */
	int result;              /* of its last finished step */
	uint8_t stack[PUPPET_STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

/* Follows the puppets (NULL: nobody).  self is the puppet making the
 * step, NULL for an interrupt handler.  before: s is about to be made;
 * after: it returned, or blocked; resumed: a blocked call returned;
 * tick: a tick is about to come; checkpoint: a step or tick is over and
 * its switch played. */
struct puppet_observer {
	void (*before)(struct puppet *self, const struct puppet_step *s);
	void (*after)(struct puppet *self, const struct puppet_step *s, int result, bool blocked);
	void (*resumed)(struct puppet *self, const struct puppet_step *s, int result);
	void (*tick)(void);
	void (*checkpoint)(void);
};
extern const struct puppet_observer *puppet_observer;

/* A record not yet created (THREAD_FREE), to be spawned at priority. */
void puppet_init(struct puppet *p, const char *name, unsigned priority, unsigned index);

/* Creates p at boot, in process proc (host_sched_add). */
void puppet_boot(struct puppet *p, struct process *proc);

/* Appends s to p's script. */
void puppet_queue(struct puppet *p, struct puppet_step s);

/* The puppet that is sched_current, or NULL (the idle thread). */
struct puppet *puppet_running(void);

/* The running puppet makes s now, then the switch is played.  Returns
 * false if the call blocked. */
bool puppet_act(struct puppet_step s);

/* An interrupt handler makes s (an ISR-safe call: resume) while the
 * running thread, puppet or idle, is interrupted; then the switch. */
void puppet_interrupt(struct puppet_step s);

/* Runs scripts until the running thread has no step left; returns the
 * steps made. */
unsigned puppets_run(void);

/* n ticks; after each, the scripts run. */
void puppets_tick(unsigned n);

/* A step's result for a message: its error name, or the number. */
const char *puppet_result_text(int result, char buf[16]);

/* The thread steps.  expect: the call's result (PUPPET_ANY: any). */
struct puppet_step step_spawn(struct puppet *other, int expect);
struct puppet_step step_set_priority(struct puppet *other, unsigned priority, int expect);
struct puppet_step step_priority_is(struct puppet *other, unsigned priority);
struct puppet_step step_sleep(uint32_t ticks);
struct puppet_step step_yield(void);
struct puppet_step step_suspend(struct puppet *other, int expect);
struct puppet_step step_resume(struct puppet *other, int expect);
struct puppet_step step_exit(void);

#endif
