/* SPDX-License-Identifier: MIT */
/*
 * The kernel's self-check (check.h): the scheduler core's invariants
 * (sched_check_locked), then every live thread record's, then every
 * process's (process_check_locked).
 */
#include "kernel/check.h"

#include "kernel/kprintf.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

static void problem(const char *what, const struct thread *t)
{
	kprintf("kernel_check: %s (thread '%s', tid %lu)\n", what, t ? t->name : "-",
		t ? (unsigned long)t->tid : 0ul);
}

unsigned kernel_check(void)
{
	uint32_t key = kernel_lock();
	const struct list_node *pos;
	unsigned problems = 0, running = 0;

	if (!list_sane(&thread_all, 100000)) {
		problem("the list of all threads is broken", NULL);
		kernel_unlock(key);
		return 1;
	}
	problems += sched_check_locked(problem);
	list_for_each(pos, &thread_all) {
		const struct thread *t = list_entry(pos, struct thread, all_node);

		if (t->magic != THREAD_MAGIC) {
			problem("record without its magic", t);
			problems++;
			continue;
		}
		running += t->state == THREAD_RUNNING;
		problems += sched_check_thread_locked(t, problem);
		if (*t->stack_limit != THREAD_STACK_CANARY) {
			problem("stack canary overwritten", t);
			problems++;
		}
		if (!list_contains(&t->process->threads, &t->process_node)) {
			problem("not in its process's thread list", t);
			problems++;
		}
	}
	if (running != 1) {
		problem("not exactly one running thread", sched_self());
		problems++;
	}
	problems += process_check_locked();
	kernel_unlock(key);
	return problems;
}
