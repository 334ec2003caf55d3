/* SPDX-License-Identifier: MIT */
/*
 * Parts 1 and 2 of the demo: preemption and round robin, shown as the
 * scheduler's own log of state changes.
 *
 * Part 1, preemption: "worker" (priority 5) computes without pause;
 * "sensor" (priority 10) sleeps 3 ticks at a time.  Each time its sleep
 * ends it preempts the worker at once, does a little work and sleeps
 * again, and the worker resumes where it was.
 *
 * Part 2, round robin: "rr-a", "rr-b" and "rr-c" share priority 5 and
 * never block; each runs for one time slice (CONFIG_TIME_SLICE_TICKS)
 * and goes to the back of the line.
 *
 * The caller (main, priority 16) starts each part's threads from the
 * thread pool, sleeps while the part runs, then prints the trace the
 * kernel recorded.
 */
#include <stdint.h>
#include <stdio.h>

#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/trace.h"

#include "demo.h"

static struct thread *threads[3]; /* from the thread pool */
static struct trace_event events[32];
static volatile bool stop;
static volatile uint32_t work_done[3];

static void *compute(void *arg)
{
	volatile uint32_t *counter = arg;

	while (!stop)
		(*counter)++;
	return NULL;
}

static void *sensor(void *arg)
{
	volatile uint32_t *readings = arg;

	for (int i = 0; i < 3; i++) {
		thread_sleep(3);
		(*readings)++;
	}
	return NULL;
}

static void start(unsigned i, const char *name, thread_entry_t entry, void *arg,
		  unsigned priority)
{
	int err = thread_create_pooled(&threads[i], name, entry, arg, priority);

	if (err) {
		threads[i] = NULL;
		printf("thread_create_pooled(%s): %s\n", name, error_name(err));
	}
}

static void print_trace(void)
{
	uint32_t first_tick = trace_get(0) ? trace_get(0)->tick : 0;

	printf("  tick  thread   now        because\n");
	for (uint32_t i = 0; i < trace_count(); i++) {
		const struct trace_event *e = trace_get(i);
		if (e == NULL)
			break;
		if (e->thread == thread_self())
			continue; /* main's own sleeps and wake-ups */
		printf("  %4lu  %-8s %-10s %s\n", (unsigned long)(e->tick - first_tick),
		       thread_name(e->thread), thread_state_name(e->state),
		       trace_reason_name(e->reason));
	}
	if (trace_count() > sizeof(events) / sizeof(events[0]))
		printf("  (%lu earlier events dropped)\n",
		       (unsigned long)(trace_count() - sizeof(events) / sizeof(events[0])));
}

static void print_shares(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct thread *t = threads[i];
		if (t == NULL)
			continue;
		printf("  %-8s priority %2u: ran %2lu ticks, switched in %2lu times, stack used %lu of %u bytes\n",
		       t->name, thread_priority(t), (unsigned long)t->ticks_run,
		       (unsigned long)t->switches_in,
		       (unsigned long)(CONFIG_POOL_STACK_BYTES - thread_stack_unused(t)),
		       CONFIG_POOL_STACK_BYTES);
	}
}

static void join(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (threads[i] != NULL)
			thread_join(threads[i], NULL, TIMEOUT_FOREVER);
}

void scheduling_demo(void)
{
	printf("\nPart 1: preemption. 'sensor' (priority 10) wakes every 3 ticks and\n"
	       "preempts 'worker' (priority 5), which never blocks.\n\n");
	stop = false;
	thread_sleep(1);
	trace_start(events, sizeof(events) / sizeof(events[0]));
	start(0, "worker", compute, (void *)&work_done[0], 5);
	start(1, "sensor", sensor, (void *)&work_done[1], 10);
	thread_sleep(11);
	stop = true;
	trace_stop();
	print_shares(2);
	join(2);
	printf("\n");
	print_trace();

	printf("\nPart 2: round robin. 'rr-a', 'rr-b' and 'rr-c' share priority 5 and never\n"
	       "block; each runs one %u-tick slice, then goes to the back of the line.\n\n",
	       CONFIG_TIME_SLICE_TICKS);
	stop = false;
	thread_sleep(1);
	trace_start(events, sizeof(events) / sizeof(events[0]));
	start(0, "rr-a", compute, (void *)&work_done[0], 5);
	start(1, "rr-b", compute, (void *)&work_done[1], 5);
	start(2, "rr-c", compute, (void *)&work_done[2], 5);
	thread_sleep(6 * CONFIG_TIME_SLICE_TICKS);
	stop = true;
	trace_stop();
	print_shares(3);
	join(3);
	printf("\n");
	print_trace();
}
