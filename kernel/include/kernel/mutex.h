/* SPDX-License-Identifier: MIT */
/*
 * Mutexes: ownership, optional recursion, timeouts, and priority
 * inheritance that stays right across chains and several held mutexes.
 *
 * A thread's effective priority is its base priority raised to the
 * priority of the most urgent waiter of every mutex it holds (unless that
 * mutex was made with MUTEX_NO_INHERIT).  The kernel keeps this true after
 * every event that can change it: a thread starting to wait, a mutex
 * being handed over or released (in any order), a waiter timing out or
 * being woken by deletion, and a waiter's own priority changing.  A
 * change walks the chain of owners (A waits for a mutex B holds, B waits
 * for one C holds, ...) until a priority stops changing.
 *
 * Bound: one chain step costs O(h + w): h mutexes held by that owner,
 * w waiters on the mutex it waits for; a chain has at most as many steps
 * as there are threads blocked on mutexes.  Locking a mutex whose owner
 * chain leads back to the caller returns ERR_DEADLOCK instead of waiting.
 *
 * A thread that exits holding mutexes releases them: each goes to its
 * most urgent waiter, whose lock call returns ERR_OWNER_DIED (it owns the
 * mutex, but what the mutex protected may be half-updated).
 *
 * Context: threads only (mutexes have owners; interrupts have none).
 */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/waitq.h"

struct thread;

#define MUTEX_RECURSIVE (1u << 0)  /* the owner may lock it again */
#define MUTEX_NO_INHERIT (1u << 1) /* waiters do not lend the owner their priority */

struct mutex {
	struct list_node held_node;    /* in owner->held_mutexes; first, so that its
	                                * address is the mutex's (one add less) */
	uint32_t magic;
	uint32_t flags;
	struct thread *owner;          /* NULL when free */
	uint32_t recursions;           /* times the owner holds it beyond the first */
	struct wait_queue waiters;
	bool from_pool;
};

/* Returns: 0; ERR_NULL; ERR_INVALID (unknown flags); ERR_STATE (m is a
 * live mutex). */
int mutex_init(struct mutex *m, uint32_t flags);

/* Returns: 0 with *out set; ERR_NULL, ERR_INVALID, ERR_NO_MEMORY. */
int mutex_create_pooled(struct mutex **out, uint32_t flags);

/* Takes m, waiting up to timeout_ticks.
 * Returns: 0; ERR_OWNER_DIED (taken; the last owner exited holding it);
 * ERR_NULL, ERR_STALE, ERR_CONTEXT (ISR), ERR_RANGE; ERR_DEADLOCK (locked
 * again by its owner without MUTEX_RECURSIVE, or a cycle of owners);
 * ERR_WOULD_BLOCK (TIMEOUT_NO_WAIT); ERR_TIMEOUT; ERR_DELETED. */
int mutex_lock(struct mutex *m, uint32_t timeout_ticks);

static inline int mutex_try_lock(struct mutex *m)
{
	return mutex_lock(m, 0);
}

/* Returns: 0; ERR_NULL, ERR_STALE, ERR_CONTEXT; ERR_PERMISSION (the
 * caller is not the owner: nothing changes). */
int mutex_unlock(struct mutex *m);

/* Wakes every waiter with ERR_DELETED, takes the mutex from its owner
 * and frees the record (and its pool slot).
 * Returns: 0; ERR_NULL, ERR_STALE, ERR_CONTEXT. */
int mutex_delete(struct mutex *m);

/* Free mutexes in the pool. */
unsigned mutex_pool_free(void);

/* Inside the kernel. */

/* The priority t is owed: its base, raised by the most urgent waiter of
 * every inheriting mutex it holds, but not above its process's priority
 * ceiling. */
unsigned mutex_owed_priority(const struct thread *t);

/* Re-establishes effective priorities from t along its chain of owners
 * after t's base priority or t's mutexes' waiters changed. */
void mutex_update_priority_locked(struct thread *t);

/* Releases every mutex t holds (t is exiting). */
void mutex_release_all_locked(struct thread *t);

#endif
