/* SPDX-License-Identifier: MIT */
/* Wait queues (see waitq.h).  Pure list work: no locking, no CPU. */
#include "kernel/thread.h"
#include "kernel/waitq.h"

void wait_queue_init(struct wait_queue *wq, void (*changed)(struct wait_queue *wq))
{
	list_init(&wq->waiters);
	wq->changed = changed;
}

void wait_queue_insert(struct wait_queue *wq, struct thread *t)
{
	struct list_node *pos;

	list_for_each(pos, &wq->waiters)
		if (list_entry(pos, struct thread, sched_node)->priority < t->priority)
			break;
	list_insert_before(pos, &t->sched_node);
}
