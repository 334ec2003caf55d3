/* SPDX-License-Identifier: MIT */
/*
 * Software timers (see timer.h).  The list of active timers is sorted by
 * deadline (wrap-safe) and guarded by the kernel lock; callbacks run with
 * the lock released.
 */
#include <stddef.h>

#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"

#define TIMER_MAGIC 0x54494d52u /* "TIMR" */

static struct list_node active = LIST_HEAD_INIT(active);

static void insert_sorted(struct timer *t)
{
	struct list_node *pos;

	list_for_each(pos, &active)
		if (tick_before(t->deadline, list_entry(pos, struct timer, node)->deadline))
			break;
	list_insert_before(pos, &t->node);
}

int timer_init(struct timer *t, timer_callback_t callback, void *arg)
{
	if (t == NULL || callback == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	if (t->magic == TIMER_MAGIC && list_node_linked(&t->node)) {
		kernel_unlock(key);
		return ERR_STATE;
	}
	t->callback = callback;
	t->arg = arg;
	t->period_ticks = 0;
	t->expiries = 0;
	list_node_init(&t->node);
	t->magic = TIMER_MAGIC;
	kernel_unlock(key);
	return 0;
}

int timer_start(struct timer *t, uint32_t delay_ticks, uint32_t period_ticks)
{
	if (t == NULL)
		return ERR_NULL;
	if (delay_ticks == 0)
		return ERR_INVALID;
	if (delay_ticks > TIMEOUT_MAX_TICKS || period_ticks > TIMEOUT_MAX_TICKS)
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	if (t->magic != TIMER_MAGIC) {
		kernel_unlock(key);
		return ERR_STALE;
	}
	if (list_node_linked(&t->node))
		list_remove(&t->node);
	t->deadline = time_ticks() + delay_ticks;
	t->period_ticks = period_ticks;
	insert_sorted(t);
	kernel_unlock(key);
	return 0;
}

int timer_stop(struct timer *t)
{
	if (t == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	int err = 0;
	if (t->magic != TIMER_MAGIC)
		err = ERR_STALE;
	else if (!list_node_linked(&t->node))
		err = ERR_STATE;
	else
		list_remove(&t->node);
	kernel_unlock(key);
	return err;
}

bool timer_active(const struct timer *t)
{
	return t->magic == TIMER_MAGIC && list_node_linked(&t->node);
}

bool timer_next_deadline_locked(uint32_t *deadline)
{
	struct list_node *first = list_first(&active);

	if (first == NULL)
		return false;
	*deadline = list_entry(first, struct timer, node)->deadline;
	return true;
}

void timer_run_expired(uint32_t now)
{
	for (;;) {
		uint32_t key = kernel_lock();
		struct list_node *first = list_first(&active);
		struct timer *t = first ? list_entry(first, struct timer, node) : NULL;

		if (t == NULL || !tick_reached(now, t->deadline)) {
			kernel_unlock(key);
			return;
		}
		list_remove(&t->node);
		if (t->period_ticks != 0) {
			t->deadline += t->period_ticks;
			insert_sorted(t);
		}
		t->expiries++;
		timer_callback_t callback = t->callback;
		void *arg = t->arg;
		kernel_unlock(key);
		callback(t, arg);
	}
}
