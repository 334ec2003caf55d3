/* SPDX-License-Identifier: MIT */
/*
 * The scheduler core's self-check (sched.h): the ready queue, the timeout
 * list and one thread's place in them, against the invariants sched.c
 * states, for kernel_check (kernel/check.c) and the host tests.  Kept
 * out of sched.c, whose object holds only what the scheduler runs.
 */
#include "kernel/sched.h"

unsigned sched_check_locked(void (*problem)(const char *what, const struct thread *t))
{
	unsigned problems = 0;
	const struct list_node *pos;

#define PROBLEM(what, t) (problem((what), (t)), problems++)
	if (!list_sane(&sched_timeouts, 100000)) {
		PROBLEM("the timeout list is broken", NULL);
		return problems;
	}
	for (unsigned p = 0; p < PRIORITY_LEVELS; p++) {
		if (!list_sane(&sched_ready.level[p], 100000)) {
			PROBLEM("a ready level is broken", NULL);
			continue;
		}
		if (readyq_marked(&sched_ready, p) != !list_empty(&sched_ready.level[p]))
			PROBLEM("ready bitmap disagrees with its level", NULL);
		list_for_each(pos, &sched_ready.level[p]) {
			const struct thread *t = list_entry(pos, const struct thread, sched_node);
			if (t->priority != p)
				PROBLEM("in the ready level of another priority", t);
			if (t->state != THREAD_READY && t->state != THREAD_RUNNING)
				PROBLEM("in the ready queue but not runnable", t);
		}
	}
	uint32_t last = 0;
	bool first = true;
	list_for_each(pos, &sched_timeouts) {
		const struct thread *t = list_entry(pos, struct thread, timeout_node);
		if (t->state != THREAD_BLOCKED)
			PROBLEM("deadline set outside a wait", t);
		if (!first && tick_before(t->wait_deadline, last))
			PROBLEM("timeout list out of order", t);
		last = t->wait_deadline;
		first = false;
	}
	if (sched_current == NULL || sched_current->state != THREAD_RUNNING)
		PROBLEM("sched_current is not RUNNING", sched_current);
	return problems;
}

unsigned sched_check_thread_locked(const struct thread *t,
				   void (*problem)(const char *what, const struct thread *t))
{
	unsigned problems = 0;
	bool runnable = t->state == THREAD_READY || t->state == THREAD_RUNNING;

	if (runnable && !list_contains(&sched_ready.level[t->priority], &t->sched_node))
		PROBLEM("runnable but not in the ready queue", t);
	if (t->state == THREAD_RUNNING && t != sched_current)
		PROBLEM("RUNNING but not sched_current", t);
	if (t->state == THREAD_BLOCKED && t->wait_queue &&
	    !list_contains(&t->wait_queue->waiters, &t->sched_node))
		PROBLEM("blocked but not in its wait queue", t);
	if (list_node_linked(&t->timeout_node) &&
	    (t->state != THREAD_BLOCKED || !list_contains(&sched_timeouts, &t->timeout_node)))
		PROBLEM("deadline set outside a wait", t);
	if (t->priority < t->base_priority)
		PROBLEM("effective priority below base", t);
#undef PROBLEM
	return problems;
}
