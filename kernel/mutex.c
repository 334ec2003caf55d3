/* SPDX-License-Identifier: MIT */
/*
 * Mutexes with priority inheritance (the algorithm and its bound are in
 * mutex.h).
 *
 * Owns: each mutex's owner, recursions and wait queue, and the owner's list of
 * held mutexes; all guarded by the kernel lock.
 *
 * Invariants:
 *  - m->owner == NULL <=> m is on no held list (held_node is linked
 *    exactly while m has an owner, and not reset when unlinked); then
 *    m->recursions == 0, and m has no waiters (a release hands the
 *    mutex straight to the most urgent waiter, so a free mutex is never
 *    waited for).
 *
 * The uncontended lock and unlock lend and take back no priority and
 * ready nobody: they run straight through, make no call and release the
 * lock quietly.  Everything else (recursion, waiting, handing over,
 * refusing, and the trace while it records mutexes) is out of line.
 *  - For every thread t: t->priority == mutex_owed_priority(t), except
 *    inside a chain update, which restores it before releasing the lock.
 *
 * Limits: the owner-chain walk in mutex_lock (deadlock check) and in
 * mutex_update_priority_locked is as long as the chain; see mutex.h.
 */
#include <stddef.h>

#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/pool.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

#define MUTEX_MAGIC 0x4d555458u /* "MUTX" */
#define MUTEX_FLAGS (MUTEX_RECURSIVE | MUTEX_NO_INHERIT)

static void waiters_changed(struct wait_queue *wq);

static struct mutex *mutex_of_queue(struct wait_queue *wq)
{
	return list_entry(wq, struct mutex, waiters);
}

/* The mutex t is blocked on, or NULL. */
static struct mutex *blocked_on_mutex(const struct thread *t)
{
	if (t->state != THREAD_BLOCKED || t->wait_queue == NULL ||
	    t->wait_queue->changed != waiters_changed)
		return NULL;
	return mutex_of_queue(t->wait_queue);
}

unsigned mutex_owed_priority(const struct thread *t)
{
	unsigned ceiling = t->process->priority_ceiling;
	unsigned owed = t->base_priority;
	struct list_node *pos;

	list_for_each(pos, &t->held_mutexes) {
		const struct mutex *m = list_entry(pos, struct mutex, held_node);
		const struct thread *top = wait_queue_first(&m->waiters);
		if (top != NULL && !(m->flags & MUTEX_NO_INHERIT) && top->priority > owed)
			owed = top->priority;
	}
	/* Inheritance never lifts a thread above its process's ceiling (its
	 * base priority is never above it). */
	return owed < ceiling ? owed : ceiling;
}

void mutex_update_priority_locked(struct thread *t)
{
	while (t != NULL) {
		unsigned owed = mutex_owed_priority(t);
		if (owed == t->priority)
			return;
		sched_set_priority_locked(t, owed); /* re-sorts t in its wait queue */
		trace_priority_locked(t);
		struct mutex *m = blocked_on_mutex(t);
		if (m == NULL)
			return;
		t = m->owner;
	}
}

/* A waiter left m's queue (timeout, deletion) or changed priority. */
static void waiters_changed(struct wait_queue *wq)
{
	mutex_update_priority_locked(mutex_of_queue(wq)->owner);
}

/* t now owns m once (a free mutex's recursions are 0 already). */
static void hold(struct mutex *m, struct thread *t)
{
	m->owner = t;
	list_push_back(&t->held_mutexes, &m->held_node);
}

/* m, held once (recursions 0), becomes free; held_node is unlinked, not
 * reset (m->owner says whether it is linked). */
static void release(struct mutex *m)
{
	list_unlink(&m->held_node);
	m->owner = NULL;
}

static void take(struct mutex *m, struct thread *t)
{
	hold(m, t);
	trace_mutex_locked(TRACE_MUTEX_LOCK, t, m);
}

static bool is_live(const struct mutex *m)
{
	return m->magic == MUTEX_MAGIC;
}

int mutex_init(struct mutex *m, uint32_t flags)
{
	if (m == NULL)
		return ERR_NULL;
	if (flags & ~MUTEX_FLAGS)
		return ERR_INVALID;

	uint32_t key = kernel_lock();
	if (is_live(m)) {
		kernel_unlock(key);
		return ERR_STATE;
	}
	m->flags = flags;
	m->owner = NULL;
	m->recursions = 0;
	m->from_pool = false;
	wait_queue_init(&m->waiters, waiters_changed);
	list_node_init(&m->held_node);
	m->magic = MUTEX_MAGIC;
	kernel_unlock(key);
	return 0;
}

static struct mutex pool_storage[CONFIG_MUTEX_POOL_SIZE] __attribute__((aligned(8)));
static struct pool mutex_pool;

static struct pool *object_pool(void)
{
	return pool_once(&mutex_pool, pool_storage, sizeof(pool_storage), sizeof(pool_storage[0]));
}

int mutex_create_pooled(struct mutex **out, uint32_t flags)
{
	if (out == NULL)
		return ERR_NULL;
	if (flags & ~MUTEX_FLAGS)
		return ERR_INVALID;
	struct mutex *m = pool_alloc(object_pool());
	if (m == NULL)
		return ERR_NO_MEMORY;
	m->magic = 0;
	mutex_init(m, flags);
	m->from_pool = true;
	*out = m;
	return 0;
}

unsigned mutex_pool_free(void)
{
	return object_pool()->free_count;
}

/* The lock that cannot take m at once (or of a record that is not
 * live): recursion, refusal or a wait.  Called with the lock held (key);
 * releases it. */
__attribute__((noinline)) static int lock_slow(struct mutex *m, uint32_t timeout_ticks,
					       uint32_t key)
{
	struct thread *self = sched_self();
	int err = 0;

	if (!is_live(m)) {
		err = ERR_STALE;
	} else if (m->owner == NULL) { /* free, with the trace on */
		take(m, self);
	} else if (m->owner == self) {
		if (m->flags & MUTEX_RECURSIVE)
			m->recursions++;
		else
			err = ERR_DEADLOCK;
	} else if (timeout_ticks == TIMEOUT_NO_WAIT) {
		err = ERR_WOULD_BLOCK;
	} else {
		/* Waiting would close a cycle of owners: refuse. */
		for (const struct thread *t = m->owner; t != NULL;) {
			if (t == self) {
				err = ERR_DEADLOCK;
				break;
			}
			const struct mutex *next = blocked_on_mutex(t);
			t = next ? next->owner : NULL;
		}
	}
	if (err != 0 || m->owner == self) {
		kernel_unlock_quiet(key); /* nobody was readied */
		return err;
	}

	sched_block_locked(&m->waiters, m, "mutex", timeout_ticks);
	mutex_update_priority_locked(m->owner); /* lend our priority down the chain */
	return sched_wait(key); /* 0 or ERR_OWNER_DIED: handed over to us */
}

int mutex_lock(struct mutex *m, uint32_t timeout_ticks)
{
	if (m == NULL)
		return ERR_NULL;
	if (arch_in_isr())
		return ERR_CONTEXT;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	/* The fast path: a free mutex has no waiters, so nobody lends or
	 * loses priority and nobody is readied.  While the trace records
	 * mutexes, the slow path takes it: the fast one makes no call. */
	if (__builtin_expect(is_live(m) && m->owner == NULL && !trace_on(TRACE_CLASS_MUTEX), 1)) {
		hold(m, sched_self());
		kernel_unlock_quiet(key);
		return 0;
	}
	return lock_slow(m, timeout_ticks, key);
}

/* Hands m to its most urgent waiter, or frees it.  why: the result the
 * waiter's lock call returns. */
static void pass_on(struct mutex *m, int why)
{
	struct thread *next = wait_queue_first(&m->waiters);

	trace_mutex_locked(TRACE_MUTEX_UNLOCK, m->owner, m);
	m->recursions = 0; /* an owner that exits may hold it more than once */
	release(m);
	if (next == NULL)
		return;
	take(m, next);
	sched_wake_locked(next, why); /* its queue changed: next's priority is recomputed */
}

/* The unlock that is not a plain release (a record that is not live, a
 * caller that is not the owner, a recursive hold, waiters to hand m to).
 * Called with the lock held (key); releases it. */
__attribute__((noinline)) static int unlock_slow(struct mutex *m, uint32_t key)
{
	struct thread *self = sched_self();
	int err = 0;

	if (!is_live(m)) {
		err = ERR_STALE;
	} else if (m->owner != self) {
		err = ERR_PERMISSION;
	} else if (m->recursions > 0) {
		m->recursions--;
	} else if (list_empty(&m->waiters.waiters)) {
		pass_on(m, 0); /* freed (the trace is recording): nothing was lent */
	} else {
		pass_on(m, 0);
		mutex_update_priority_locked(self); /* drop what only m's waiters lent */
	}
	kernel_unlock(key);
	return err;
}

int mutex_unlock(struct mutex *m)
{
	if (m == NULL)
		return ERR_NULL;
	if (arch_in_isr())
		return ERR_CONTEXT;

	uint32_t key = kernel_lock();
	struct thread *self = sched_self();

	/* The fast path: no waiter lent self anything through m, so its
	 * priority stands, and nobody is readied.  While the trace records
	 * mutexes, the slow path releases it. */
	if (__builtin_expect(is_live(m) && m->owner == self && m->recursions == 0 &&
				     list_empty(&m->waiters.waiters) && !trace_on(TRACE_CLASS_MUTEX),
			     1)) {
		release(m);
		kernel_unlock_quiet(key);
		return 0;
	}
	return unlock_slow(m, key);
}

void mutex_release_all_locked(struct thread *t)
{
	while (!list_empty(&t->held_mutexes)) {
		struct mutex *m = list_entry(t->held_mutexes.next, struct mutex, held_node);
		pass_on(m, ERR_OWNER_DIED);
	}
	mutex_update_priority_locked(t);
}

int mutex_delete(struct mutex *m)
{
	if (m == NULL)
		return ERR_NULL;
	if (arch_in_isr())
		return ERR_CONTEXT;

	uint32_t key = kernel_lock();
	if (!is_live(m)) {
		kernel_unlock(key);
		return ERR_STALE;
	}
	struct thread *owner = m->owner;
	struct thread *waiter;

	m->waiters.changed = NULL; /* the owner is recomputed once, below */
	while ((waiter = wait_queue_first(&m->waiters)) != NULL)
		sched_wake_locked(waiter, ERR_DELETED);
	if (owner != NULL) {
		release(m);
		mutex_update_priority_locked(owner);
	}
	m->magic = 0;
	if (m->from_pool) {
		int freed = pool_free(object_pool(), m);
		kassert(freed == 0);
	}
	kernel_unlock(key);
	return 0;
}
