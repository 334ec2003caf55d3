/* SPDX-License-Identifier: MIT */
/*
 * Event flags (see event.h).  Guarded by the kernel lock.
 * Invariant: no waiter's condition holds for the current bits (event_set
 * wakes every such waiter before it returns).
 */
#include "kernel/errors.h"
#include "kernel/event.h"
#include "kernel/panic.h"
#include "kernel/pool.h"
#include "kernel/sched.h"

#define EVENT_MAGIC 0x45564e54u /* "EVNT" */
#define EVENT_OPTIONS (EVENT_ALL | EVENT_CLEAR)

static bool is_live(const struct event_flags *e)
{
	return e->magic == EVENT_MAGIC;
}

static bool satisfied(uint32_t bits, uint32_t mask, uint32_t options)
{
	return (options & EVENT_ALL) ? (bits & mask) == mask : (bits & mask) != 0;
}

int event_init(struct event_flags *e, uint32_t initial)
{
	if (e == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	if (is_live(e)) {
		kernel_unlock(key);
		return ERR_STATE;
	}
	e->bits = initial;
	e->from_pool = false;
	wait_queue_init(&e->waiters, NULL);
	e->magic = EVENT_MAGIC;
	kernel_unlock(key);
	return 0;
}

static struct event_flags pool_storage[CONFIG_EVENT_POOL_SIZE] __attribute__((aligned(8)));
static struct pool event_pool;

static struct pool *object_pool(void)
{
	return pool_once(&event_pool, pool_storage, sizeof(pool_storage), sizeof(pool_storage[0]));
}

int event_create_pooled(struct event_flags **out, uint32_t initial)
{
	if (out == NULL)
		return ERR_NULL;
	struct event_flags *e = pool_alloc(object_pool());
	if (e == NULL)
		return ERR_NO_MEMORY;
	e->magic = 0;
	event_init(e, initial);
	e->from_pool = true;
	*out = e;
	return 0;
}

unsigned event_pool_free(void)
{
	return object_pool()->free_count;
}

int event_set(struct event_flags *e, uint32_t bits)
{
	if (e == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	if (!is_live(e)) {
		kernel_unlock(key);
		return ERR_STALE;
	}
	e->bits |= bits;
	if (list_empty(&e->waiters.waiters)) {
		kernel_unlock_quiet(key); /* nobody to wake */
		return 0;
	}

	uint32_t to_clear = 0;
	struct list_node *pos, *next;
	list_for_each_safe(pos, next, &e->waiters.waiters) {
		struct thread *t = list_entry(pos, struct thread, sched_node);
		if (!satisfied(e->bits, t->wait_mask, t->wait_options))
			continue;
		if (t->wait_options & EVENT_CLEAR)
			to_clear |= t->wait_mask;
		t->wait_mask = e->bits; /* what it saw */
		sched_wake_locked(t, 0);
	}
	e->bits &= ~to_clear;
	kernel_unlock(key);
	return 0;
}

int event_clear(struct event_flags *e, uint32_t bits)
{
	if (e == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	int err = 0;
	if (!is_live(e))
		err = ERR_STALE;
	else
		e->bits &= ~bits;
	kernel_unlock_quiet(key); /* clearing wakes nobody */
	return err;
}

int event_wait(struct event_flags *e, uint32_t mask, uint32_t options, uint32_t *seen,
	       uint32_t timeout_ticks)
{
	if (e == NULL)
		return ERR_NULL;
	if (mask == 0 || (options & ~EVENT_OPTIONS))
		return ERR_INVALID;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	int err = 0;

	if (!is_live(e)) {
		err = ERR_STALE;
	} else if (satisfied(e->bits, mask, options)) {
		if (seen)
			*seen = e->bits;
		if (options & EVENT_CLEAR)
			e->bits &= ~mask;
	} else if (timeout_ticks == TIMEOUT_NO_WAIT) {
		err = ERR_WOULD_BLOCK;
	} else if (arch_in_isr()) {
		err = ERR_CONTEXT;
	} else {
		struct thread *self = sched_self();
		self->wait_mask = mask;
		self->wait_options = options;
		err = sched_block(&e->waiters, e, "event flags", timeout_ticks, key);
		if (err == 0 && seen)
			*seen = self->wait_mask;
		return err;
	}
	kernel_unlock_quiet(key); /* a wait that did not wait readied nobody */
	return err;
}

int event_delete(struct event_flags *e)
{
	if (e == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	if (!is_live(e)) {
		kernel_unlock(key);
		return ERR_STALE;
	}
	struct thread *t;
	while ((t = wait_queue_first(&e->waiters)) != NULL)
		sched_wake_locked(t, ERR_DELETED);
	e->magic = 0;
	if (e->from_pool) {
		int freed = pool_free(object_pool(), e);
		kassert(freed == 0);
	}
	kernel_unlock(key);
	return 0;
}

uint32_t event_bits(const struct event_flags *e)
{
	return e->bits;
}
