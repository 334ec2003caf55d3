/* SPDX-License-Identifier: MIT */
/*
 * The shared-counter race, as a function the demo (part 4) and the
 * target test tests/target/counter_race.c both run.
 *
 * COUNTER_THREADS threads, at most COUNTER_WINDOW alive at a time, each
 * read the counter, do a job, and write back what they read plus one.
 * Most jobs are short; every COUNTER_LONG_EVERY-th runs longer than a
 * time slice.  See counter.c for why the long ones matter.
 */
#ifndef DEMO_COUNTER_H
#define DEMO_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/config.h"

#define COUNTER_THREADS 10000u
#define COUNTER_WINDOW CONFIG_THREAD_POOL_SIZE /* threads alive at once */
#define COUNTER_PRIORITY 5u                    /* every counting thread */
#define COUNTER_LONG_EVERY 500u                /* one job in this many is long */
#define COUNTER_LONG_JOB_TICKS (CONFIG_TIME_SLICE_TICKS + 1u)

struct counter_result {
	uint32_t total;     /* the counter at the end */
	uint32_t threads;   /* threads created, run and joined */
	uint32_t long_jobs; /* of which had a long job */
	uint32_t ticks;     /* how long the run took */
};

/* Runs the threads, with every read-modify-write under a mutex if locked
 * is true, and reports the result.  The caller must run above
 * COUNTER_PRIORITY, and the thread pool must be free.
 * Returns: 0; a kernel error code from thread or mutex creation. */
int counter_run(bool locked, struct counter_result *out);

#endif
