/* SPDX-License-Identifier: MIT */
/*
 * Part 3 of the demo: five threads that log, like the logging example
 * most threading tutorials open with.
 *
 * Kim, Lee, Park, Cho and Hong (all priority 5) each log when they start
 * and when their work, number * 2, is done.  The work takes number * 2
 * ticks (a sleep stands in for it), so the threads finish in another
 * order than they started.  Each line is
 *
 *   <seconds since boot> s - <thread> - <level> - <message>
 *
 * and is printed with one printf call: the console lock (kernel/libc.h)
 * makes each call whole, so lines never mix, whichever thread prints.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#include "demo.h"

#define WORKERS 5
#define PRIORITY 5
/* log_line's deepest point, measured: 684 to 780 bytes with newlib,
 * 632 to 692 with newlib-nano (which 16 KiB boards use). */
#define STACK_BYTES (CONFIG_NANO ? 896 : 1024)

struct worker {
	struct thread thread;
	unsigned number;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct worker workers[WORKERS];
static const char *const names[WORKERS] = {"Kim", "Lee", "Park", "Cho", "Hong"};
static const unsigned numbers[WORKERS] = {3, 1, 4, 2, 5};

/* Logs one line: time from the kernel's tick, the calling thread's name,
 * the level and the message. */
__attribute__((format(printf, 2, 3))) static void log_line(const char *level, const char *fmt,
							      ...)
{
	char message[64];
	va_list ap;
	uint64_t ms = (uint64_t)time_ticks() * 1000u / CONFIG_TICK_HZ;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	printf("  %lu.%03lu s - %s - %s - %s\n", (unsigned long)(ms / 1000),
	       (unsigned long)(ms % 1000), thread_name(thread_self()), level, message);
}

static void *work(void *arg)
{
	const struct worker *w = arg;

	log_line("INFO", "started, working on %u", w->number);
	thread_sleep(w->number * 2); /* the work takes a while */
	log_line("INFO", "done: %u * 2 = %u", w->number, w->number * 2);
	return NULL;
}

void logging_demo(void)
{
	printf("\nPart 3: logging. Kim, Lee, Park, Cho and Hong (priority 5) log when they\n"
	       "start and when their work (number * 2, taking that many ticks) is done.\n\n");
	for (unsigned i = 0; i < WORKERS; i++) {
		struct worker *w = &workers[i];
		w->number = numbers[i];
		int err = thread_create(&w->thread, names[i], work, w, PRIORITY, w->stack,
					STACK_BYTES);
		if (err)
			printf("thread_create(%s): %s\n", names[i], error_name(err));
	}
	for (unsigned i = 0; i < WORKERS; i++)
		thread_join(&workers[i].thread, NULL, TIMEOUT_FOREVER);
}
