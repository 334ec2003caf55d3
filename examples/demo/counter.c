/* SPDX-License-Identifier: MIT */
/*
 * Part 4 of the demo: a shared counter, incremented by COUNTER_THREADS
 * short-lived threads without a lock and then with a mutex.
 *
 * Each thread reads the counter, does its job, and writes back what it
 * read plus one.  An update is lost when another thread runs between one
 * thread's read and its write: the write puts back a stale value and
 * erases whatever was counted meanwhile.
 *
 * Why most jobs are short and a few are long: threads of equal priority
 * switch only when one blocks, yields, or runs out of its time slice,
 * and every new thread gets a full slice (CONFIG_TIME_SLICE_TICKS of its
 * own CPU time).  A thread whose job takes less than that is never
 * switched out between its read and its write, however many of them
 * run.  A job longer than a slice is: its slice runs out in mid-job, it
 * goes behind the other COUNTER_WINDOW - 1 threads, they count, and then
 * its write erases their updates.  Making every job that long would cost
 * 10,000 x 6 ticks, 60 s of guest time (minutes under QEMU); one long job
 * in COUNTER_LONG_EVERY shows the same race in a fraction of a second.
 *
 * The counting threads come from the thread pool, COUNTER_WINDOW at a
 * time: the caller creates one, and when the window is full first joins
 * the oldest.  With -icount, QEMU runs are exactly repeatable, so the
 * totals are the same every run.
 */
#include <stdint.h>
#include <stdio.h>

#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#include "counter.h"
#include "demo.h"

#define SHORT_JOB_ITERATIONS 100u

static volatile uint32_t counter;
static struct mutex counter_lock;
static bool use_lock;

/* A short job is a few hundred instructions; a long one computes until
 * its thread has been on the CPU for COUNTER_LONG_JOB_TICKS ticks. */
static void do_job(bool long_job)
{
	if (long_job) {
		const volatile uint32_t *ran = &thread_self()->ticks_run;
		uint32_t start = *ran;
		while (*ran - start < COUNTER_LONG_JOB_TICKS)
			;
	} else {
		for (volatile uint32_t i = 0; i < SHORT_JOB_ITERATIONS; i++)
			;
	}
}

/* One counting thread: read, job, write back read + 1. */
static void *count_once(void *arg)
{
	bool long_job = (uintptr_t)arg != 0;

	if (use_lock)
		mutex_lock(&counter_lock, TIMEOUT_FOREVER);
	uint32_t seen = counter;
	do_job(long_job);
	counter = seen + 1;
	if (use_lock)
		mutex_unlock(&counter_lock);
	return NULL;
}

static int join(struct thread **slot, int err)
{
	if (*slot != NULL) {
		int join_err = thread_join(*slot, NULL, TIMEOUT_FOREVER);
		*slot = NULL;
		if (err == 0)
			err = join_err;
	}
	return err;
}

int counter_run(bool locked, struct counter_result *out)
{
	struct thread *window[COUNTER_WINDOW] = {0};
	uint32_t start = time_ticks();
	uint32_t created = 0, long_jobs = 0;
	int err = 0;

	counter = 0;
	use_lock = locked;
	if (locked && (err = mutex_init(&counter_lock, 0)) != 0)
		return err;
	for (uint32_t i = 0; i < COUNTER_THREADS && err == 0; i++) {
		struct thread **slot = &window[i % COUNTER_WINDOW];
		bool long_job = i % COUNTER_LONG_EVERY == COUNTER_LONG_EVERY - 1;

		err = join(slot, err);
		if (err == 0)
			err = thread_create_pooled(slot, "counter", count_once,
						   (void *)(uintptr_t)long_job, COUNTER_PRIORITY);
		if (err == 0) {
			created++;
			long_jobs += long_job;
		}
	}
	for (unsigned i = 0; i < COUNTER_WINDOW; i++)
		err = join(&window[i], err);
	if (locked)
		mutex_delete(&counter_lock);

	out->total = counter;
	out->threads = created;
	out->long_jobs = long_jobs;
	out->ticks = time_ticks() - start;
	return err;
}

static bool run_and_print(bool locked, struct counter_result *r)
{
	int err = counter_run(locked, r);

	if (err) {
		printf("  counter_run: %s\n", error_name(err));
		return false;
	}
	printf("  %-15s counter = %5lu, %4lu updates lost  (%lu threads, %lu ticks)\n",
	       locked ? "with a mutex:" : "without a lock:", (unsigned long)r->total,
	       (unsigned long)(r->threads - r->total), (unsigned long)r->threads,
	       (unsigned long)r->ticks);
	return true;
}

void counter_demo(void)
{
	struct counter_result unlocked, locked;

	printf("\nPart 4: a shared counter. %u threads (priority %u, %u alive at a time) each\n"
	       "read it, do a job and write back what they read + 1. One job in %u takes\n"
	       "%u ticks, longer than a %u-tick time slice; the others take microseconds.\n\n",
	       COUNTER_THREADS, COUNTER_PRIORITY, COUNTER_WINDOW, COUNTER_LONG_EVERY,
	       COUNTER_LONG_JOB_TICKS, CONFIG_TIME_SLICE_TICKS);
	if (!run_and_print(false, &unlocked) || !run_and_print(true, &locked))
		return;
	printf("\nWithout the lock, each long job's time slice ran out between its read and\n"
	       "its write; the other threads alive (up to %u) counted meanwhile, and its stale\n"
	       "write erased their updates. The mutex makes read-job-write one step.\n",
	       COUNTER_WINDOW - 1);
}
