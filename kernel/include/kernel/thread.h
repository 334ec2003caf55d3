/* SPDX-License-Identifier: MIT */
/*
 * Threads: the thread control block (TCB) and the thread API.
 *
 * States, and the only moves between them (all made by the scheduler,
 * kernel/sched.c):
 *
 *            create                 pick                 block / sleep
 *   (new) ----------> READY <-------------------> RUNNING -------------> BLOCKED
 *                       ^      preempt / yield /     |                      |
 *                       |      slice expired         | exit                 | woken, timeout
 *                       |                            v                      |
 *                       |  resume               EXITED (until joined        |
 *                   SUSPENDED <--- suspend ---  or detached; then free)     |
 *                       ^                                                   |
 *                       +--- woken while a suspend was requested ----------+
 *
 * A RUNNING thread stays at the head of its ready-queue level; READY and
 * RUNNING threads are exactly those in the ready queue.
 *
 * Priorities: PRIORITY_MIN (1) .. PRIORITY_MAX (63), higher runs first;
 * 0 belongs to the idle thread.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch_types.h"
#include "kernel/config.h"
#include "kernel/list.h"
#include "kernel/readyq.h"
#include "kernel/time.h"

struct process;
struct wait_queue;

enum thread_state {
	THREAD_FREE = 0, /* record not in use (never created, or reclaimed) */
	THREAD_READY,
	THREAD_RUNNING,
	THREAD_BLOCKED,
	THREAD_SUSPENDED,
	THREAD_EXITED,
};

#define THREAD_MAGIC 0x54435242u        /* "TCRB": a live record */
#define THREAD_STACK_CANARY 0xc0ffee11u /* lowest usable stack word */
#define THREAD_STACK_FILL 0xcdcdcdcdu   /* never-used stack words */

/* Smallest stack thread_create accepts: the guard, the switch frames and
 * a little room to run. */
#define THREAD_STACK_MIN_BYTES \
	((ARCH_STACK_OVERHEAD_BYTES + ARCH_CONTEXT_MAX_BYTES + 128 + 7) & ~7u)

typedef void *(*thread_entry_t)(void *arg);

/* What only a thread of an unprivileged process has: its record comes
 * from the pool, and this part with it (thread_pool_user_locked). */
struct thread_user {
	struct arch_thread_user arch; /* the syscall entry and exit's state: keep first */
	uint8_t *kernel_stack_base;   /* its syscall stack (the pool stack), where its */
	uint32_t kernel_stack_bytes;  /* context is saved */
	uint32_t syscalls;            /* syscalls made */
};

struct thread {
	/* What the switch and the scheduler touch, together and first; arch
	 * code reads the first four words. */
	uint32_t *saved_sp;           /* SP after the software frame was pushed */
	struct arch_thread arch;      /* per-thread MPU stack guard etc. */
	struct thread_user *user;     /* a thread of a spawned (unprivileged) process: its
	                               * part; NULL for a kernel thread */
	struct list_node sched_node;  /* in the ready queue or a wait queue */
	enum thread_state state;      /* (one byte, as every enum of the ABI) */
	uint8_t base_priority;        /* as set by create / thread_set_priority */
	uint8_t priority;             /* effective: base raised by inheritance */
	uint8_t slice_left;           /* ticks of round-robin slice left */
	bool suspend_requested;       /* suspended while BLOCKED: park on wake */
	bool killed;                  /* its process is ending: it ends at its next kernel
	                               * boundary */
	bool detached;                /* its record is freed when it exits, not joined */
	uint8_t stack_slot;           /* user: which of its image's stacks it runs on (in
	                               * a byte the flags leave free) */
	uint32_t *stack_limit;        /* first usable word, just above the guard: canary */
	uint32_t *kernel_stack_limit; /* the canary of the stack its context is saved on:
	                               * its one stack, or a user thread's syscall stack */
	struct process *process;
	int saved_errno;              /* newlib's errno while the thread is switched out */
	uint32_t switches_in;

	/* Waiting; guarded by the kernel lock. */
	struct wait_queue *wait_queue; /* queue it is blocked in, NULL for sleep */
	const void *wait_object;       /* the object waited for (a thread, a mutex) */
	const char *wait_reason;       /* "sleep", "join", "mutex", ... */
	uint32_t wait_deadline;        /* tick, when timeout_node is linked */
	struct list_node timeout_node; /* in the timeout list */
	int wait_result;               /* 0, or why the wait ended */
	/* What a wait exchanges, by what it waits on; a thread waits on one
	 * thing at a time, and once EXITED on nothing. */
	union {
		void *wait_buffer;             /* queue, IPC: the item or exchange */
		struct {
			uint32_t wait_mask;    /* event flags: bits wanted, then bits seen */
			uint32_t wait_options; /* event flags: EVENT_ALL, EVENT_CLEAR */
		};
		void *exit_value;              /* EXITED: the value for thread_join */
	};
	struct thread *joiner; /* the thread waiting in thread_join */

	/* Mutexes held (struct mutex via held_node), for priority
	 * inheritance and for release if the thread exits holding them. */
	struct list_node held_mutexes;

	/* Identity; fixed after creation. */
	uint32_t magic;
	uint32_t tid;
	char name[CONFIG_THREAD_NAME_BYTES];
	struct list_node process_node; /* in process->threads */
	struct list_node all_node;     /* in the list of all threads */
	uint8_t *stack_base;           /* lowest address of the caller's stack */
	uint32_t stack_bytes;

	/* Statistics. */
	uint32_t ticks_run;
	/* A layer above the kernel's record of the thread (the CMSIS-RTOS2
	 * layer's, compat/cmsis-rtos2), NULL for none: in the word that
	 * cycles_run's alignment leaves free. */
	void *extension;
	uint64_t cycles_run; /* core clock cycles on the CPU, counted at each switch (stats.h) */
};

_Static_assert(CONFIG_TIME_SLICE_TICKS >= 1 && CONFIG_TIME_SLICE_TICKS <= 255,
	       "thread.slice_left is one byte");

/* Every live thread (via all_node), for the self-check, statistics, the
 * trace and debuggers.  Guarded by the kernel lock. */
extern struct list_node thread_all;

/* Creates a thread on a caller-provided stack and makes it READY in the
 * calling thread's process.  The name is copied.
 * Context: a thread (main or later); before kernel_start, as from a C
 * constructor, there is no process to own it.
 * Returns: 0; ERR_NULL (t, entry or stack NULL), ERR_PRIORITY,
 * ERR_STACK_ALIGN, ERR_STACK_SIZE, ERR_STATE (t is a live thread, or the
 * kernel has not started). */
int thread_create(struct thread *t, const char *name, thread_entry_t entry, void *arg,
		  unsigned priority, void *stack, size_t stack_bytes);

/* As thread_create, drawing TCB and stack (CONFIG_POOL_STACK_BYTES) from
 * the fixed pool; join or detach returns them.
 * Returns: 0 with *out set; ERR_NULL, ERR_PRIORITY, ERR_NO_MEMORY,
 * ERR_STATE (the kernel has not started). */
int thread_create_pooled(struct thread **out, const char *name, thread_entry_t entry,
			 void *arg, unsigned priority);

/* Ends the calling thread with a value for thread_join.  Returning from
 * the entry function does the same. */
__attribute__((noreturn)) void thread_exit(void *value);

/* Waits until t exits, stores its exit value, and frees its record (and
 * its pool stack).  Returns: 0; ERR_NULL, ERR_STALE, ERR_DEADLOCK (self),
 * ERR_DETACHED, ERR_BUSY (another joiner), ERR_TIMEOUT, ERR_WOULD_BLOCK
 * (TIMEOUT_NO_WAIT and still running), ERR_RANGE, ERR_CONTEXT (ISR). */
int thread_join(struct thread *t, void **value, uint32_t timeout_ticks);

/* Lets t's record be freed as soon as it exits (at once if it has).
 * Returns: 0; ERR_NULL, ERR_STALE, ERR_DETACHED (already), ERR_BUSY. */
int thread_detach(struct thread *t);

/* Blocks the calling thread for this many ticks (0 yields).
 * Returns: 0; ERR_RANGE; ERR_CONTEXT. */
int thread_sleep(uint32_t ticks);
int thread_sleep_ms(uint32_t ms);

/* Moves the calling thread behind the other READY threads of its
 * priority; it gives up the rest of its slice. */
void thread_yield(void);

/* Ends t at once, wherever it is (ready, blocked, suspended), as if it
 * had called thread_exit(NULL): the mutexes it holds are passed on (their
 * next owners see ERR_OWNER_DIED), its joiner wakes, and a detached
 * record is reclaimed.  t == the caller: thread_exit(NULL).
 * Returns: 0; ERR_NULL, ERR_STALE, ERR_STATE (exited already),
 * ERR_PERMISSION (the idle thread, or a process's thread: process_kill
 * ends those), ERR_CONTEXT (an interrupt handler). */
int thread_terminate(struct thread *t);

/* Suspend: a READY or RUNNING thread stops until thread_resume; a BLOCKED
 * one finishes its wait first and then stops.
 * Returns: 0; ERR_NULL, ERR_STALE, ERR_STATE (already suspended, exited,
 * or the idle thread). */
int thread_suspend(struct thread *t);
/* Returns: 0; ERR_NULL, ERR_STALE, ERR_STATE (not suspended).
 * Context: thread or ISR. */
int thread_resume(struct thread *t);

/* Sets the base priority; takes effect at once (preempting if needed).
 * Returns: 0; ERR_NULL, ERR_STALE, ERR_PRIORITY, ERR_STATE (exited). */
int thread_set_priority(struct thread *t, unsigned priority);
unsigned thread_priority(const struct thread *t); /* effective */

struct thread *thread_self(void);
const char *thread_name(const struct thread *t);
const char *thread_state_name(enum thread_state state);

/* Bytes of t's stack never touched so far (CONFIG_STACK_FILL). */
uint32_t thread_stack_unused(const struct thread *t);

/* Free TCB+stack slots in the pool. */
unsigned thread_pool_free(void);

/* For the kernel's own use (boot, processes), with the lock held: */
/* Fills in a record and its stack; the caller makes it READY. */
void thread_setup_locked(struct thread *t, struct process *p, const char *name,
			 thread_entry_t entry, void *arg, unsigned priority, void *stack,
			 size_t stack_bytes);
/* Frees an EXITED record: joined, or detached and switched away from. */
void thread_reclaim_locked(struct thread *t);
/* A record (with its stack) from the pool, or NULL; and how many are left. */
struct thread *thread_pool_take_locked(void);
unsigned thread_pool_free_locked(void);
/* The user part that goes with a pool record, for a process's thread. */
struct thread_user *thread_pool_user_locked(const struct thread *t);

#endif
