/* SPDX-License-Identifier: MIT */
/*
 * make trace: the classic demos of examples/demo, each run under the
 * kernel trace and printed with trace_dump for tools/trace_convert.py,
 * which draws one timeline per trace (the pictures in README):
 *
 *   logging          five named threads log (logging.c)
 *   counter-race     the shared counter without a lock (counter.c),
 *                    around its first long job: its slice runs out
 *                    between its read and its write, the threads behind
 *                    it count, and its write erases their updates
 *   inversion        priority inversion without inheritance (inversion.c)
 *   inheritance      the same with priority inheritance
 *
 * The demos run exactly as in make run; only the trace is added.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "kernel/trace.h"

#include "../demo/counter.h"
#include "../demo/demo.h"
#include "../demo/inversion.h"

#define RING_EVENTS_MAX 2048 /* 64 KiB; less if the heap is smaller, */
#define RING_EVENTS_MIN 8    /* down to this (the micro:bit: its last 8 events) */

static struct trace_event *ring;
static uint32_t ring_events = RING_EVENTS_MAX;

static void start(void)
{
	trace_start_classes(ring, ring_events, TRACE_CLASS_ALL);
}

static void finish(const char *label)
{
	trace_stop();
	trace_dump(label);
}

/* ---- the counter race: a trace started by a trigger ---------------------- */

/* The counter race runs 10,000 threads; the interesting part is one long
 * job.  A timer looks at the running thread every tick: the same counting
 * thread at two ticks in a row is a long job (the short ones take
 * microseconds), and the trace starts.  Once that job is back on the CPU
 * after its slice ran out, the trace records its exit and main's wake-up
 * (RACE_AFTER_EVENTS: the end of the tick handler, its exit, main woken,
 * switched to, running) and stops. */
#define RACE_AFTER_EVENTS 5

static struct timer watch;
static const struct thread *last_running, *long_job;
static uint32_t long_job_switches;

static void watch_counter(struct timer *t, void *arg)
{
	const struct thread *now = thread_self();

	if (long_job == NULL) {
		if (now == last_running && now != sched_idle_thread()) {
			long_job = now;
			long_job_switches = now->switches_in;
			start();
		}
		last_running = now;
	} else if (now == long_job && now->switches_in != long_job_switches) {
		trace_stop_after(RACE_AFTER_EVENTS);
		timer_stop(t);
	}
}

static void counter_race(void)
{
	struct counter_result r;

	last_running = long_job = NULL;
	trace_stop();
	timer_init(&watch, watch_counter, NULL);
	timer_start(&watch, 1, 1);
	int err = counter_run(false, &r);
	if (timer_active(&watch))
		timer_stop(&watch);
	finish("counter-race");
	if (err)
		printf("counter_run: %s\n", error_name(err));
	else
		printf("counter race: %lu of %lu updates lost\n",
		       (unsigned long)(r.threads - r.total), (unsigned long)r.threads);
}

static void inversion(const char *label, uint32_t flags)
{
	struct inversion_result r;

	start();
	int err = inversion_run(flags, &r);
	finish(label);
	int locks = inversion_find(&r, INVERSION_HIGH_LOCKS);
	int waits = inversion_find(&r, INVERSION_HIGH_WAITS);
	if (err || locks < 0 || waits < 0)
		printf("%s: %s\n", label, err ? error_name(err) : "a step is missing");
	else
		printf("%s: high waited %lu ticks for the mutex\n", label,
		       (unsigned long)(r.events[locks].tick - r.events[waits].tick));
}

int main(void)
{
	while ((ring = malloc(ring_events * sizeof(*ring))) == NULL &&
	       ring_events > RING_EVENTS_MIN)
		ring_events /= 2;
	if (ring == NULL) {
		printf("trace: no room in the heap for a ring of %u events (%u bytes)\n",
		       RING_EVENTS_MIN, RING_EVENTS_MIN * (unsigned)sizeof(*ring));
		return 1;
	}
	printf("\nThe classic demos, each traced into %lu events (tools/trace_convert.py draws"
	       " them).\n", (unsigned long)ring_events);
	start();
	logging_demo();
	finish("logging");
	counter_race();
	inversion("inversion", MUTEX_NO_INHERIT);
	inversion("inheritance", 0);
	return 0;
}
