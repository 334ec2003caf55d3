/* SPDX-License-Identifier: MIT */
/*
 * A model of the scheduler's contract (kernel/include/kernel/sched.h) for
 * host tests of the objects built on it: threads change state and move
 * between wait queues exactly as the real scheduler moves them, but
 * nothing runs.  "Blocking" returns at once; the test then plays the
 * other threads by setting sched_current.
 */
#include <stdio.h>

#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "sched_model.h"

struct thread *sched_current;
unsigned host_lock_depth;
unsigned host_switch_pends;

/* The process model threads belong to unless a test says otherwise: no
 * ceiling below the top priority. */
struct process model_process = { .priority_ceiling = PRIORITY_MAX };

void model_thread_init(struct thread *t, const char *name, unsigned priority)
{
	*t = (struct thread){ 0 };
	t->process = &model_process;
	t->magic = THREAD_MAGIC;
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->state = THREAD_READY;
	t->base_priority = t->priority = (uint8_t)priority;
	list_node_init(&t->sched_node);
	list_node_init(&t->timeout_node);
	list_init(&t->held_mutexes);
}

void sched_block_locked(struct wait_queue *wq, const void *object, const char *reason,
			uint32_t timeout_ticks)
{
	struct thread *self = sched_current;

	(void)timeout_ticks;
	if (self->state != THREAD_READY && self->state != THREAD_RUNNING)
		kernel_panic(__FILE__, __LINE__, "model: %s blocks while not runnable", self->name);
	self->state = THREAD_BLOCKED;
	self->wait_queue = wq;
	self->wait_object = object;
	self->wait_reason = reason;
	self->wait_result = 0;
	if (wq)
		wait_queue_insert(wq, self);
}

int sched_wait(uint32_t key)
{
	kernel_unlock(key);
	return sched_current->wait_result;
}

int sched_block(struct wait_queue *wq, const void *object, const char *reason,
		uint32_t timeout_ticks, uint32_t key)
{
	sched_block_locked(wq, object, reason, timeout_ticks);
	return sched_wait(key);
}

void sched_wake_locked(struct thread *t, int result)
{
	struct wait_queue *wq = t->wait_queue;

	if (t->state != THREAD_BLOCKED)
		kernel_panic(__FILE__, __LINE__, "model: waking %s, not blocked", t->name);
	if (wq)
		list_remove(&t->sched_node);
	t->wait_queue = NULL;
	t->wait_object = NULL;
	t->wait_result = result;
	t->state = THREAD_READY;
	if (wq && wq->changed)
		wq->changed(wq);
}

void sched_set_priority_locked(struct thread *t, unsigned priority)
{
	t->priority = (uint8_t)priority;
	if (t->state == THREAD_BLOCKED && t->wait_queue) {
		list_remove(&t->sched_node);
		wait_queue_insert(t->wait_queue, t);
	}
}

