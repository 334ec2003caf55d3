/* SPDX-License-Identifier: MIT */
/*
 * Something for the shell to show: three threads that sample, log and
 * compute, and the trace ring the shell's trace command reads.
 *
 *   sensor   (10)  every 50 ms sends a reading to a queue
 *   logger   (6)   receives readings; keeps a running total under a mutex
 *   crunch   (3)   computes in bursts of 3 ticks, sleeping 7 between them
 *                  (about 30% of the CPU)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel/mutex.h"
#include "kernel/queue.h"
#include "kernel/stats.h"
#include "kernel/thread.h"
#include "kernel/trace.h"
#include "shell.h"

#define STACK_BYTES (CONFIG_NANO ? 512 : 1024) /* the 16 KiB microbit links newlib-nano */
#define TRACE_EVENTS_MAX 1024                   /* 32 KiB; less if the heap is smaller */

struct workload_thread {
	struct thread thread;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct workload_thread threads[3];
static struct queue readings;
static uint32_t reading_buffer[8];
static struct mutex total_lock;
static uint32_t total;

static void *sensor(void *arg)
{
	for (uint32_t value = 0;; value++) {
		thread_sleep_ms(50);
		queue_send(&readings, &value, TIMEOUT_NO_WAIT);
	}
	return NULL;
}

static void *logger(void *arg)
{
	uint32_t value;

	for (;;) {
		if (queue_receive(&readings, &value, TIMEOUT_FOREVER) != 0)
			continue;
		mutex_lock(&total_lock, TIMEOUT_FOREVER);
		total += value;
		mutex_unlock(&total_lock);
	}
	return NULL;
}

static void *crunch(void *arg)
{
	const volatile uint32_t *ran = &thread_self()->ticks_run;

	for (;;) {
		uint32_t start = *ran;
		while (*ran - start < 3)
			;
		thread_sleep(7);
	}
	return NULL;
}

static void start(struct workload_thread *w, const char *name, thread_entry_t entry,
		  unsigned priority)
{
	int err = thread_create(&w->thread, name, entry, NULL, priority, w->stack, STACK_BYTES);

	if (err)
		printf("shell: cannot start %s (error %d)\n", name, err);
}

/* The trace ring comes from the heap: TRACE_EVENTS_MAX events, or as
 * many as fit on a small board. */
static void start_trace(void)
{
	struct trace_event *ring = NULL;
	uint32_t events = TRACE_EVENTS_MAX;

	while ((ring = malloc(events * sizeof(*ring))) == NULL && events > 32)
		events /= 2;
	if (ring == NULL) {
		printf("shell: no room for a trace ring; trace will show nothing\n");
		return;
	}
	trace_start_classes(ring, events,
			    TRACE_CLASS_STATE | TRACE_CLASS_NAME | TRACE_CLASS_SWITCH |
				    TRACE_CLASS_MUTEX);
}

void workload_start(void)
{
	stats_count_cycles(true); /* exact CPU time for top and threads */
	start_trace();
	queue_init(&readings, reading_buffer, sizeof(reading_buffer[0]), 8);
	mutex_init(&total_lock, 0);
	start(&threads[0], "sensor", sensor, 10);
	start(&threads[1], "logger", logger, 6);
	start(&threads[2], "crunch", crunch, 3);
}
