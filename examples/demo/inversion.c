/* SPDX-License-Identifier: MIT */
/*
 * Part 5 of the demo: priority inversion, without and with priority
 * inheritance (see inversion.h for the scenario).
 *
 * Without inheritance (MUTEX_NO_INHERIT), medium outranks low, so once
 * medium wakes, low cannot run to release the mutex, and high, the most
 * urgent of the three, waits for all of medium's work.  With inheritance,
 * high's wait lends low priority 10: medium cannot preempt it, low
 * finishes its critical section, and high runs before medium.
 *
 * The three threads come from the thread pool.  Work is measured in
 * ticks of the thread's own CPU time, so the timeline depends only on the
 * scheduler, not on how fast the CPU is.  Threads log
 * into memory (the kernel lock keeps appends whole) and the log is
 * printed after the run: printing during it would take the console mutex
 * and change the schedule being shown.
 */
#include <stdint.h>
#include <stdio.h>

#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#include "demo.h"
#include "inversion.h"

static struct mutex lock;
static struct inversion_result *log_to;
static uint32_t start_tick;

static void log_step(enum inversion_step step)
{
	uint32_t key = kernel_lock();
	if (log_to->count < INVERSION_STEPS) {
		struct inversion_event *e = &log_to->events[log_to->count++];
		e->tick = time_ticks() - start_tick;
		e->step = (uint8_t)step;
		e->priority = (uint8_t)thread_priority(thread_self());
	}
	kernel_unlock(key);
}

/* Computes until the calling thread has been on the CPU for this many
 * more ticks. */
static void work_ticks(uint32_t ticks)
{
	const volatile uint32_t *ran = &thread_self()->ticks_run;
	uint32_t start = *ran;

	while (*ran - start < ticks)
		;
}

static void *low_entry(void *arg)
{
	mutex_lock(&lock, TIMEOUT_FOREVER);
	log_step(INVERSION_LOW_LOCKS);
	work_ticks(INVERSION_LOW_TICKS);
	log_step(INVERSION_LOW_UNLOCKS);
	mutex_unlock(&lock);
	return NULL;
}

static void *high_entry(void *arg)
{
	thread_sleep(1);
	log_step(INVERSION_HIGH_WAITS);
	mutex_lock(&lock, TIMEOUT_FOREVER);
	log_step(INVERSION_HIGH_LOCKS);
	mutex_unlock(&lock);
	return NULL;
}

static void *medium_entry(void *arg)
{
	thread_sleep(2);
	log_step(INVERSION_MEDIUM_STARTS);
	work_ticks(INVERSION_MEDIUM_TICKS);
	log_step(INVERSION_MEDIUM_DONE);
	return NULL;
}

#define ACTORS 3

static const struct {
	const char *name;
	thread_entry_t entry;
	unsigned priority;
} actors[ACTORS] = {
	{"high", high_entry, INVERSION_HIGH},
	{"medium", medium_entry, INVERSION_MEDIUM},
	{"low", low_entry, INVERSION_LOW},
};

int inversion_run(uint32_t mutex_flags, struct inversion_result *out)
{
	int err = mutex_init(&lock, mutex_flags);

	if (err)
		return err;
	out->count = 0;
	log_to = out;
	thread_sleep(1); /* start on a tick boundary */
	start_tick = time_ticks();
	/* All three start when the caller blocks in join: high and medium
	 * go to sleep at once, then low takes the mutex. */
	struct thread *started[ACTORS];
	unsigned n;
	for (n = 0; n < ACTORS; n++) {
		err = thread_create_pooled(&started[n], actors[n].name, actors[n].entry, NULL,
					   actors[n].priority);
		if (err)
			break;
	}
	for (unsigned i = 0; i < n; i++)
		thread_join(started[i], NULL, TIMEOUT_FOREVER);
	mutex_delete(&lock);
	return err;
}

int inversion_find(const struct inversion_result *r, enum inversion_step step)
{
	for (unsigned i = 0; i < r->count; i++)
		if (r->events[i].step == step)
			return (int)i;
	return -1;
}

/* ---- the demo ----------------------------------------------------------- */

static const struct {
	const char *thread;
	const char *text;
} step_names[INVERSION_STEPS] = {
	[INVERSION_LOW_LOCKS] = {"low", "locks the mutex"},
	[INVERSION_HIGH_WAITS] = {"high", "waits for the mutex"},
	[INVERSION_MEDIUM_STARTS] = {"medium", "starts its job"},
	[INVERSION_MEDIUM_DONE] = {"medium", "finishes its job"},
	[INVERSION_LOW_UNLOCKS] = {"low", "unlocks the mutex"},
	[INVERSION_HIGH_LOCKS] = {"high", "gets the mutex"},
};

static void show(const char *title, uint32_t flags)
{
	struct inversion_result r;
	int err = inversion_run(flags, &r);

	printf("\n%s\n  tick  thread  priority  event\n", title);
	if (err) {
		printf("  inversion_run: %s\n", error_name(err));
		return;
	}
	for (unsigned i = 0; i < r.count; i++) {
		const struct inversion_event *e = &r.events[i];
		printf("  %4lu  %-6s  %8u  %s\n", (unsigned long)e->tick,
		       step_names[e->step].thread, e->priority, step_names[e->step].text);
	}
	int waits = inversion_find(&r, INVERSION_HIGH_WAITS);
	int locks = inversion_find(&r, INVERSION_HIGH_LOCKS);
	int unlocks = inversion_find(&r, INVERSION_LOW_UNLOCKS);
	int medium_done = inversion_find(&r, INVERSION_MEDIUM_DONE);
	if (waits < 0 || locks < 0 || unlocks < 0 || medium_done < 0) {
		printf("  (a step is missing from the log)\n");
		return;
	}
	unsigned long waited = (unsigned long)(r.events[locks].tick - r.events[waits].tick);
	if (locks < medium_done)
		printf("  -> high waited %lu ticks: low, running at %u, unlocked before medium"
		       " ran.\n", waited, r.events[unlocks].priority);
	else
		printf("  -> high waited %lu ticks: medium, less urgent than high, ran its whole"
		       " job first.\n", waited);
}

void inversion_demo(void)
{
	printf("\nPart 5: priority inversion. low (priority %u) holds a mutex for %u ticks of\n"
	       "work; a tick later high (%u) waits for it; a tick after that medium (%u)\n"
	       "wakes with %u ticks of work of its own.\n",
	       INVERSION_LOW, INVERSION_LOW_TICKS, INVERSION_HIGH, INVERSION_MEDIUM,
	       INVERSION_MEDIUM_TICKS);
	show("Without inheritance (the mutex made with MUTEX_NO_INHERIT):", MUTEX_NO_INHERIT);
	show("With priority inheritance (the default):", 0);
}
