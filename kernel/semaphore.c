/* SPDX-License-Identifier: MIT */
/*
 * Semaphores (see semaphore.h).  Guarded by the kernel lock.
 * Invariant: waiters exist only while count == 0.
 *
 * A take above zero and a give with no waiter ready nobody: they run
 * straight through and release the lock quietly; waiting, waking and
 * refusing are out of line.
 */
#include <stddef.h>

#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/pool.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"

#define SEMAPHORE_MAGIC 0x53454d41u /* "SEMA" */

static bool is_live(const struct semaphore *s)
{
	return s->magic == SEMAPHORE_MAGIC;
}

int semaphore_init(struct semaphore *s, uint32_t initial, uint32_t max)
{
	if (s == NULL)
		return ERR_NULL;
	if (max == 0 || initial > max)
		return ERR_INVALID;

	uint32_t key = kernel_lock();
	if (is_live(s)) {
		kernel_unlock(key);
		return ERR_STATE;
	}
	s->count = initial;
	s->max = max;
	s->from_pool = false;
	wait_queue_init(&s->waiters, NULL);
	s->magic = SEMAPHORE_MAGIC;
	kernel_unlock(key);
	return 0;
}

static struct semaphore pool_storage[CONFIG_SEMAPHORE_POOL_SIZE] __attribute__((aligned(8)));
static struct pool semaphore_pool;

static struct pool *object_pool(void)
{
	return pool_once(&semaphore_pool, pool_storage, sizeof(pool_storage), sizeof(pool_storage[0]));
}

int semaphore_create_pooled(struct semaphore **out, uint32_t initial, uint32_t max)
{
	if (out == NULL)
		return ERR_NULL;
	if (max == 0 || initial > max)
		return ERR_INVALID;
	struct semaphore *s = pool_alloc(object_pool());
	if (s == NULL)
		return ERR_NO_MEMORY;
	s->magic = 0;
	semaphore_init(s, initial, max);
	s->from_pool = true;
	*out = s;
	return 0;
}

unsigned semaphore_pool_free(void)
{
	return object_pool()->free_count;
}

/* The take that cannot take at once (or of a record that is not live):
 * refuses, or waits.  Called with the lock held (key); releases it. */
__attribute__((noinline)) static int take_slow(struct semaphore *s, uint32_t timeout_ticks,
					       uint32_t key)
{
	int err;

	if (!is_live(s))
		err = ERR_STALE;
	else if (timeout_ticks == TIMEOUT_NO_WAIT)
		err = ERR_WOULD_BLOCK;
	else if (arch_in_isr())
		err = ERR_CONTEXT;
	else
		return sched_block(&s->waiters, s, "semaphore", timeout_ticks, key);
	kernel_unlock_quiet(key); /* nothing changed */
	return err;
}

int semaphore_take(struct semaphore *s, uint32_t timeout_ticks)
{
	if (s == NULL)
		return ERR_NULL;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	if (__builtin_expect(is_live(s) && s->count > 0, 1)) {
		s->count--; /* nobody is readied */
		kernel_unlock_quiet(key);
		return 0;
	}
	return take_slow(s, timeout_ticks, key);
}

/* A give to a semaphore with a waiter: the unit goes straight to the
 * most urgent one.  Called with the lock held (key); releases it. */
__attribute__((noinline)) static int give_to(struct thread *waiter, uint32_t key)
{
	sched_wake_locked(waiter, 0);
	kernel_unlock(key);
	return 0;
}

int semaphore_give(struct semaphore *s)
{
	if (s == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	int err = 0;

	/* Waiters exist only while the count is zero, so without one the
	 * give only counts. */
	if (__builtin_expect(!is_live(s), 0))
		err = ERR_STALE;
	else if (__builtin_expect(!list_empty(&s->waiters.waiters), 0))
		return give_to(wait_queue_first(&s->waiters), key);
	else if (__builtin_expect(s->count < s->max, 1))
		s->count++; /* nobody is readied */
	else
		err = ERR_FULL;
	kernel_unlock_quiet(key);
	return err;
}

int semaphore_delete(struct semaphore *s)
{
	if (s == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	if (!is_live(s)) {
		kernel_unlock(key);
		return ERR_STALE;
	}
	struct thread *waiter;
	while ((waiter = wait_queue_first(&s->waiters)) != NULL)
		sched_wake_locked(waiter, ERR_DELETED);
	s->magic = 0;
	if (s->from_pool) {
		int freed = pool_free(object_pool(), s);
		kassert(freed == 0);
	}
	kernel_unlock(key);
	return 0;
}

uint32_t semaphore_count(const struct semaphore *s)
{
	return s->count;
}
