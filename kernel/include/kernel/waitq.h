/* SPDX-License-Identifier: MIT */
/*
 * Wait queues: the threads blocked on one kernel object, most urgent
 * (highest effective priority) first, FIFO among equals.
 *
 * The queue's owner may ask to hear of changes it did not make itself (a
 * waiter timing out, being deleted away, or changing priority): the
 * mutex uses this to recompute the priority its owner inherits.
 *
 * Guarded by the kernel lock.  Limits: insertion is O(waiters).
 */
#ifndef KERNEL_WAITQ_H
#define KERNEL_WAITQ_H

#include <stddef.h>

#include "kernel/list.h"

struct thread;

struct wait_queue {
	struct list_node waiters; /* struct thread, via sched_node */
	/* Called with the lock held after a waiter left by timeout or
	 * deletion, or changed priority; NULL if the object does not care. */
	void (*changed)(struct wait_queue *wq);
};

#define WAIT_QUEUE_INIT(name, on_change) { LIST_HEAD_INIT((name).waiters), (on_change) }

void wait_queue_init(struct wait_queue *wq, void (*changed)(struct wait_queue *wq));

/* Inserts t after every waiter of equal or higher priority. */
void wait_queue_insert(struct wait_queue *wq, struct thread *t);

#include "kernel/thread.h"

/* The most urgent waiter, or NULL. */
static inline struct thread *wait_queue_first(const struct wait_queue *wq)
{
	return list_empty(&wq->waiters) ? NULL
					: list_entry(wq->waiters.next, struct thread, sched_node);
}

#endif
