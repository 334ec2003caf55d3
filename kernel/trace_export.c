/* SPDX-License-Identifier: MIT */
/*
 * Taking a trace out: trace_dump prints the ring as framed text lines on
 * the console, and the boot trace (CONFIG_TRACE_BOOT_EVENTS) is dumped
 * when the system exits.
 *
 * Why text on the console rather than a semihosting file: it needs
 * nothing but the UART, so it works the same on a real board without a
 * debugger attached, with SEMIHOSTING=0, and from the shell; the host
 * tool picks the lines out of whatever else the console printed.  A ring
 * of 4096 events is about 300 KB of text, well under a second under QEMU.
 *
 * The format (one event per line; fields separated by one space; the
 * last field of P, T and E lines is free text and may hold spaces):
 *
 *   KTRACE BEGIN <label> 1
 *   KTRACE CLOCK <clock_hz> <tick_hz> <period>
 *   KTRACE RING <capacity> <recorded> <kept> <classes>
 *   KTRACE P <pid> <parent pid> <state> <name>
 *   KTRACE T <addr> <tid> <pid> <base> <prio> <state> <switches_in> <ticks_run> <cycles_run> <name>
 *   KTRACE E <seq> <tick> <cycles> <type> <addr> <tid> <state> <reason> <prio> <object> <pid> <text>
 *   KTRACE END <label> <kept>
 *
 * Numbers are decimal except addresses, object and cycles_run (hex);
 * type, state and reason are the enums' values (trace.h, thread.h);
 * object is the irq for ISR events; text is the wait reason of a blocked
 * thread, the name for TRACE_NAME, else "-".  T lines list the threads
 * alive at the dump, then those the ring names that have ended but whose
 * record still holds them (state 0, free: a trace without TRACE_NAME
 * events gets their names from there); P lines the processes.  A time in
 * cycles is tick * period + cycles; clock_hz cycles make a second.
 *
 * Each line is one printf: the console lock keeps it whole even if
 * another thread prints meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/stats.h"
#include "kernel/trace.h"

#define FORMAT_VERSION 1

/* The last trace dumped, so that the exit does not print it again. */
static const struct trace_event *dumped_ring;
static uint32_t dumped_count;

static const char *text_of(const struct trace_event *e)
{
	if (e->type == TRACE_NAME)
		return e->name;
	if (e->type == TRACE_STATE && e->wait_reason != NULL)
		return e->wait_reason;
	return "-";
}

static void dump_processes(void)
{
	struct stats_process p;

	for (unsigned i = 0; stats_process_at(i, &p); i++)
		printf("KTRACE P %lu %lu %u %s\n", (unsigned long)p.pid, (unsigned long)p.parent_pid,
		       p.state, p.name);
}

static void print_thread(const struct stats_thread *t)
{
	printf("KTRACE T %08lx %lu %lu %u %u %u %lu %lu %lx%08lx %s\n",
	       (unsigned long)(uintptr_t)t->thread, (unsigned long)t->tid, (unsigned long)t->pid,
	       t->base_priority, t->priority, t->state, (unsigned long)t->switches_in,
	       (unsigned long)t->ticks_run, (unsigned long)(t->cycles_run >> 32),
	       (unsigned long)t->cycles_run, t->name);
}

static bool is_live(const struct thread *t)
{
	struct stats_thread s;

	for (unsigned i = 0; stats_thread_at(i, &s); i++)
		if (s.thread == t)
			return true;
	return false;
}

/* Threads the ring mentions that have ended: their records are static
 * or pooled memory, which keeps the name until the record is reused (the
 * tid tells).  Read without the lock: a figure may be stale, never
 * unsafe to read. */
static void dump_ended_threads(uint32_t kept)
{
	const struct thread *done[16];
	unsigned n = 0;

	for (uint32_t i = 0; i < kept && n < sizeof(done) / sizeof(done[0]); i++) {
		const struct trace_event *e = trace_get(i);
		const struct thread *t = e ? e->thread : NULL;
		bool seen = false;
		if (t == NULL || t->tid != e->tid || t->magic == THREAD_MAGIC)
			continue;
		for (unsigned j = 0; j < n; j++)
			seen |= done[j] == t;
		if (seen || is_live(t))
			continue;
		done[n++] = t;
		struct stats_thread s = {
			.thread = t, .tid = t->tid, .pid = t->process ? t->process->pid : 0,
			.base_priority = t->base_priority, .priority = t->priority,
			.state = THREAD_FREE, .switches_in = t->switches_in,
			.ticks_run = t->ticks_run, .cycles_run = t->cycles_run,
		};
		memcpy(s.name, t->name, sizeof(s.name));
		s.name[sizeof(s.name) - 1] = '\0';
		print_thread(&s);
	}
}

static void dump_threads(uint32_t kept)
{
	struct stats_thread t;

	for (unsigned i = 0; stats_thread_at(i, &t); i++)
		print_thread(&t);
	dump_ended_threads(kept);
}

void trace_dump(const char *label)
{
	struct stats_snapshot s;
	uint32_t capacity, classes;
	uint32_t recorded = trace_count();

	trace_buffer(&capacity, &classes);
	uint32_t kept = recorded < capacity ? recorded : capacity;

	stats_snapshot(&s);
	fflush(stdout);
	printf("KTRACE BEGIN %s %d\n", label, FORMAT_VERSION);
	printf("KTRACE CLOCK %lu %u %lu\n", (unsigned long)s.clock_hz, CONFIG_TICK_HZ,
	       (unsigned long)(s.clock_hz / CONFIG_TICK_HZ));
	printf("KTRACE RING %lu %lu %lu %lu\n", (unsigned long)capacity, (unsigned long)recorded,
	       (unsigned long)kept, (unsigned long)classes);
	dump_processes();
	dump_threads(kept);
	for (uint32_t i = 0; i < kept; i++) {
		const struct trace_event *e = trace_get(i);
		if (e == NULL)
			break;
		uint32_t object = e->type == TRACE_NAME ? 0 : (uint32_t)(uintptr_t)e->object;
		uint32_t pid = e->type == TRACE_NAME ? 0 : e->pid;
		printf("KTRACE E %lu %lu %lu %u %08lx %lu %u %u %u %08lx %lu %s\n",
		       (unsigned long)i, (unsigned long)e->tick, (unsigned long)e->cycles, e->type,
		       (unsigned long)(uintptr_t)e->thread, (unsigned long)e->tid, e->state,
		       e->reason, e->priority, (unsigned long)object, (unsigned long)pid,
		       text_of(e));
	}
	printf("KTRACE END %s %lu\n", label, (unsigned long)kept);
	dumped_ring = trace_buffer(NULL, NULL);
	dumped_count = recorded;
}

/* ---- the boot trace ------------------------------------------------------- */

#define BOOT_EVENTS (CONFIG_TRACE_BOOT_EVENTS > 0 ? CONFIG_TRACE_BOOT_EVENTS : 1)

static struct trace_event boot_ring[BOOT_EVENTS];

/* At exit: the trace running then, the boot trace or one the application
 * started, unless the application dumped it already. */
static void boot_trace_dump(void)
{
	const struct trace_event *ring = trace_buffer(NULL, NULL);

	if (ring == NULL || trace_count() == 0 ||
	    (ring == dumped_ring && trace_count() == dumped_count))
		return;
	trace_stop();
	trace_dump(ring == boot_ring ? "boot" : "exit");
}

void trace_boot_start(void)
{
	if (CONFIG_TRACE && CONFIG_TRACE_BOOT_EVENTS > 0) {
		trace_start_classes(boot_ring, CONFIG_TRACE_BOOT_EVENTS, TRACE_CLASS_ALL);
		atexit(boot_trace_dump);
	}
}
