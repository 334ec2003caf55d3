/* SPDX-License-Identifier: MIT */
/*
 * The shell's commands.  Each checks its arguments first and prints a
 * clear message for anything it cannot use; none of them can change the
 * system except exit.
 *
 * Figures come from kernel/stats.h (threads, processes, CPU time), the
 * pools' *_pool_free calls, newlib's mallinfo, the console's input
 * (kernel/console.h) and the kernel trace.
 */
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "kernel/console.h"
#include "kernel/errors.h"
#include "kernel/event.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/queue.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/stats.h"
#include "kernel/thread.h"
#include "kernel/trace.h"
#include "shell.h"

#define TOP_THREADS 32
#define TRACE_SHOW_MAX 64
#define TRACE_SHOW_DEFAULT 20

bool shell_number(const char *command, const char *text, uint32_t min, uint32_t max,
		  uint32_t *out)
{
	uint64_t value = 0;

	if (*text == '\0')
		goto bad;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		value = value * 10 + (uint64_t)(*p - '0');
		if (value > max)
			break;
	}
	if (value < min || value > max) {
		printf("%s: %s is out of range (%lu to %lu)\n", command, text, (unsigned long)min,
		       (unsigned long)max);
		return false;
	}
	*out = (uint32_t)value;
	return true;
bad:
	printf("%s: '%s' is not a number\n", command, text);
	return false;
}

bool shell_wait_key(uint32_t timeout_ticks)
{
	return console_getc(timeout_ticks) >= 0;
}

static bool usage(const char *name)
{
	for (unsigned i = 0; i < shell_command_count; i++)
		if (strcmp(shell_commands[i].name, name) == 0)
			printf("usage: %s\n", shell_commands[i].usage);
	return true;
}

/* "12.3 KiB": a size in a few digits, in a field of width characters. */
static void print_size(uint32_t bytes, int width)
{
	char text[16];

	if (bytes < 10 * 1024)
		snprintf(text, sizeof(text), "%lu B", (unsigned long)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(text, sizeof(text), "%lu.%lu KiB", (unsigned long)(bytes / 1024),
			 (unsigned long)(bytes % 1024 * 10 / 1024));
	else
		snprintf(text, sizeof(text), "%lu.%lu MiB", (unsigned long)(bytes >> 20),
			 (unsigned long)((bytes & 0xfffff) * 10 >> 20));
	printf("%*s", width, text);
}

static unsigned long cycles_to_ms(uint64_t cycles, uint32_t hz)
{
	return hz ? (unsigned long)(cycles * 1000u / hz) : 0;
}

/* ---- help, exit ---------------------------------------------------------- */

static bool cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return usage("help");
	for (unsigned i = 0; i < shell_command_count; i++) {
		const struct shell_command *c = &shell_commands[i];
		if (argc == 2 && strcmp(argv[1], c->name) != 0)
			continue;
		printf("  %-22s %s\n", c->usage, c->help);
		if (argc == 2)
			return true;
	}
	if (argc == 2)
		printf("help: no command '%s'\n", argv[1]);
	else
		printf("Line editing: Backspace, Ctrl-U erases the line, Ctrl-C cancels it,\n"
		       "Ctrl-L redraws it; Up and Down recall the lines run before.\n");
	return true;
}

static bool cmd_exit(int argc, char **argv)
{
	if (argc != 1)
		return usage("exit");
	printf("bye\n");
	return false;
}

/* ---- ps ------------------------------------------------------------------- */

static void print_region(const char *what, const struct mem_region *r)
{
	printf("             %-5s 0x%08lx ", what, (unsigned long)r->base);
	print_size(r->size, 10);
	printf("  %c%c%c\n", r->access & REGION_READ ? 'r' : '-',
	       r->access & REGION_WRITE ? 'w' : '-', r->access & REGION_EXECUTE ? 'x' : '-');
}

static bool cmd_ps(int argc, char **argv)
{
	struct stats_process p;

	if (argc != 1)
		return usage("ps");
	printf("  PID  PPID  STATE    THREADS  CPU ms    NAME\n");
	struct stats_snapshot s;
	stats_snapshot(&s);
	for (unsigned i = 0; stats_process_at(i, &p); i++) {
		printf("%5lu %5lu  %-8s %7lu %7lu    %*s%s%s\n", (unsigned long)p.pid,
		       (unsigned long)p.parent_pid, process_state_name(p.state),
		       (unsigned long)p.threads, cycles_to_ms(p.cycles_run, s.clock_hz),
		       2 * p.depth, "", p.depth ? "`- " : "", p.name);
		print_region("code", &p.code);
		print_region("data", &p.data);
		print_region("heap", &p.heap);
		printf("             stacks of its threads: ");
		print_size(p.stack_bytes, 0);
		printf("\n");
	}
	return true;
}

/* ---- threads -------------------------------------------------------------- */

static bool cmd_threads(int argc, char **argv)
{
	struct stats_thread t;
	struct stats_snapshot s;

	if (argc != 1)
		return usage("threads");
	stats_snapshot(&s);
	printf("  TID  NAME             PID  STATE      PRIO BASE  WAITING ON      "
	       "SWITCHES   CPU ms  STACK USED\n");
	for (unsigned i = 0; stats_thread_at(i, &t); i++)
		printf("%5lu  %-15s %4lu  %-9s %5u %4u  %-15s %8lu %8lu  %5lu/%lu\n",
		       (unsigned long)t.tid, t.name, (unsigned long)t.pid,
		       thread_state_name(t.state), t.priority, t.base_priority,
		       t.wait_reason ? t.wait_reason : "", (unsigned long)t.switches_in,
		       cycles_to_ms(t.cycles_run, s.clock_hz), (unsigned long)t.stack_used,
		       (unsigned long)t.stack_bytes);
	printf("%lu threads at tick %lu; CPU ms counted at each switch, to the %lu Hz clock\n",
	       (unsigned long)s.threads, (unsigned long)s.tick, (unsigned long)s.clock_hz);
	return true;
}

/* ---- top ------------------------------------------------------------------ */

struct top_sample {
	struct stats_snapshot system;
	unsigned count;
	struct {
		uint32_t tid;
		uint64_t cycles;
		uint32_t ticks;
		uint32_t switches;
	} threads[TOP_THREADS];
};

static struct top_sample samples[2];

static void sample(struct top_sample *out)
{
	struct stats_thread t;

	stats_snapshot(&out->system);
	out->count = 0;
	for (unsigned i = 0; out->count < TOP_THREADS && stats_thread_at(i, &t); i++) {
		out->threads[out->count].tid = t.tid;
		out->threads[out->count].cycles = t.cycles_run;
		out->threads[out->count].ticks = t.ticks_run;
		out->threads[out->count].switches = t.switches_in;
		out->count++;
	}
}

/* Per-mille of elapsed, as "12.3". */
static void print_share(uint64_t part, uint64_t whole)
{
	unsigned long permille = whole ? (unsigned long)(part * 1000u / whole) : 0;
	printf("%3lu.%lu%%", permille / 10, permille % 10);
}

/* Shares from cycles_run when it is counted, else from ticks_run (a
 * sample: one tick per tick to whoever was running). */
static void print_top(const struct top_sample *before, const struct top_sample *after)
{
	struct stats_thread t;
	bool exact = after->system.cycles_counted && before->system.cycles_counted;
	uint64_t elapsed = exact ? after->system.cycles - before->system.cycles
				 : after->system.tick - before->system.tick;

	printf("\ntop: %lu ms, %lu switches; idle ",
	       cycles_to_ms(after->system.cycles - before->system.cycles, after->system.clock_hz),
	       (unsigned long)(after->system.switches - before->system.switches));
	print_share(exact ? after->system.idle_cycles - before->system.idle_cycles
			  : after->system.idle_ticks - before->system.idle_ticks,
		    elapsed);
	printf("  (any key stops)\n  TID  NAME             PRIO  STATE        CPU  SWITCHES\n");
	for (unsigned i = 0; stats_thread_at(i, &t); i++) {
		uint64_t was = 0, now = exact ? t.cycles_run : t.ticks_run;
		uint32_t switched = 0;
		for (unsigned j = 0; j < before->count; j++)
			if (before->threads[j].tid == t.tid) {
				was = exact ? before->threads[j].cycles : before->threads[j].ticks;
				switched = before->threads[j].switches;
			}
		printf("%5lu  %-15s %5u  %-9s ", (unsigned long)t.tid, t.name, t.priority,
		       thread_state_name(t.state));
		print_share(now - was, elapsed);
		printf("  %8lu\n", (unsigned long)(t.switches_in - switched));
	}
}

/* Refreshes every second: the wait for a key is the second's wait, so a
 * key stops it at once and nothing polls meanwhile. */
static bool cmd_top(int argc, char **argv)
{
	unsigned now = 0;

	if (argc != 1)
		return usage("top");
	sample(&samples[now]);
	for (;;) {
		if (shell_wait_key((uint32_t)time_ms_to_ticks(1000, CONFIG_TICK_HZ)))
			return true;
		sample(&samples[!now]);
		print_top(&samples[now], &samples[!now]);
		fflush(stdout);
		now = !now;
	}
}

/* ---- spawn and kill --------------------------------------------------------- */

static void list_image(const struct process_image *img, void *ctx)
{
	(void)ctx;
	printf(" %s", img->name);
}

static bool cmd_spawn(int argc, char **argv)
{
	if (argc != 2)
		return usage("spawn");
	int pid = process_spawn(argv[1]);
	if (pid < 0) {
		printf("spawn: %s: %s; images:", argv[1], error_name(pid));
		process_image_for_each(list_image, NULL);
		printf("\n");
		return true;
	}
	printf("spawn: '%s' is pid %d (see ps)\n", argv[1], pid);
	return true;
}

static const char *cause_name(uint32_t cause)
{
	return cause == SYS_EXITED ? "exited" : cause == SYS_KILLED ? "killed" : "faulted";
}

static bool cmd_kill(int argc, char **argv)
{
	struct sys_exit_status st;
	uint32_t pid;

	if (argc != 2)
		return usage("kill");
	if (!shell_number("kill", argv[1], 0, INT32_MAX, &pid))
		return true;
	int err = process_kill((int)pid);
	if (err != 0) {
		printf("kill: pid %lu: %s%s\n", (unsigned long)pid, error_name(err),
		       err == ERR_PERMISSION ? " (the kernel and init cannot be killed)" : "");
		return true;
	}
	/* The shell spawned it, so the shell collects it. */
	if (process_wait((int)pid, &st, 100) == (int)pid)
		printf("kill: pid %lu %s\n", (unsigned long)pid, cause_name(st.cause));
	else
		printf("kill: pid %lu is ending\n", (unsigned long)pid);
	return true;
}

/* ---- mem ------------------------------------------------------------------ */

static void print_pool(const char *what, unsigned free, unsigned size)
{
	printf("  %-18s %3u of %3u free\n", what, free, size);
}

static bool cmd_mem(int argc, char **argv)
{
	struct stats_process p;
	struct stats_thread t;
	uint32_t stack_bytes = 0, stack_used = 0;

	if (argc != 1)
		return usage("mem");
	printf("Fixed pools (kernel/include/kernel/config.h):\n");
	print_pool("threads + stacks", thread_pool_free(), CONFIG_THREAD_POOL_SIZE);
	print_pool("mutexes", mutex_pool_free(), CONFIG_MUTEX_POOL_SIZE);
	print_pool("semaphores", semaphore_pool_free(), CONFIG_SEMAPHORE_POOL_SIZE);
	print_pool("queues", queue_pool_free(), CONFIG_QUEUE_POOL_SIZE);
	print_pool("event flags", event_pool_free(), CONFIG_EVENT_POOL_SIZE);

	struct mallinfo m = mallinfo();
	printf("Heap (newlib malloc):\n  region  ");
	if (!stats_process_at(1, &p))
		memset(&p, 0, sizeof(p));
	print_size(p.heap.size, 10);
	printf("  at 0x%08lx\n  taken   ", (unsigned long)p.heap.base);
	print_size((uint32_t)m.arena, 10);
	printf("  from the region so far (sbrk)\n  in use  ");
	print_size((uint32_t)m.uordblks, 10);
	printf("\n  free    ");
	print_size((uint32_t)m.fordblks, 10);
	printf("  inside what was taken\n");
	for (unsigned i = 0; stats_thread_at(i, &t); i++) {
		stack_bytes += t.stack_bytes;
		stack_used += t.stack_used;
	}
	printf("Thread stacks: ");
	print_size(stack_bytes, 0);
	printf(", of which ");
	print_size(stack_used, 0);
	printf(" ever used\n");

	struct console_rx_stats rx;
	console_rx_stats(&rx);
	printf("Console input: %s, %lu-byte ring\n  %lu interrupts brought %lu bytes; "
	       "%lu read from the UART itself; ring full %lu times\n",
	       rx.started ? "by interrupt" : "interrupt not started", (unsigned long)rx.ring_bytes,
	       (unsigned long)rx.interrupts, (unsigned long)rx.from_irq,
	       (unsigned long)rx.direct, (unsigned long)rx.holds);
	return true;
}

/* ---- trace ---------------------------------------------------------------- */

static struct trace_event shown[TRACE_SHOW_MAX];

/* The shell's own wake-ups (a switch in and out for every key) and the
 * idle thread would fill the listing: they are left out. */
static bool interesting(const struct trace_event *e)
{
	const struct thread *idle = sched_idle_thread();

	if (e->type == TRACE_ISR_ENTER || e->type == TRACE_ISR_EXIT)
		return false;
	if (e->thread == shell_thread || e->thread == idle)
		return false;
	return !(e->type == TRACE_SWITCH && (e->other == shell_thread || e->other == idle));
}

/* The thread's name if its record still holds it (a record is reused
 * once its thread is joined). */
static const char *who(const struct thread *t, uint32_t tid)
{
	static char unknown[24];

	if (t != NULL && t->magic == THREAD_MAGIC && (tid == 0 || t->tid == tid))
		return t->name;
	snprintf(unknown, sizeof(unknown), "tid %lu", (unsigned long)tid);
	return unknown;
}

static void print_event(const struct trace_event *e, uint32_t period, uint32_t hz)
{
	uint64_t cycles = (uint64_t)e->tick * period + e->cycles;
	uint64_t us = hz ? cycles * 1000000u / hz : 0;

	printf("%8lu.%03lu ms  %-12s ", (unsigned long)(us / 1000), (unsigned long)(us % 1000),
	       who(e->thread, e->tid));
	switch (e->type) {
	case TRACE_STATE:
		printf("%s", thread_state_name(e->state));
		if (e->state == THREAD_BLOCKED && e->wait_reason)
			printf(" on %s", e->wait_reason);
		else if (e->reason != TRACE_EXITED && e->reason != TRACE_SUSPENDED)
			printf(" (%s)", trace_reason_name(e->reason));
		break;
	case TRACE_NAME:
		printf("is named '%s'", e->name);
		break;
	case TRACE_SWITCH:
		printf("switched in; %s left (%s)", who(e->other, 0), trace_reason_name(e->reason));
		break;
	case TRACE_PRIORITY:
		printf("priority %u (%s)", e->priority, trace_reason_name(e->reason));
		break;
	case TRACE_MUTEX_LOCK:
	case TRACE_MUTEX_UNLOCK:
		printf("%s mutex 0x%08lx", e->type == TRACE_MUTEX_LOCK ? "locks" : "unlocks",
		       (unsigned long)(uintptr_t)e->object);
		break;
	default:
		printf("%s", trace_type_name(e->type));
		break;
	}
	printf("\n");
}

static bool cmd_trace(int argc, char **argv)
{
	uint32_t want = TRACE_SHOW_DEFAULT, n = 0;
	struct stats_snapshot s;

	if (argc > 2)
		return usage("trace");
	if (argc == 2 && !shell_number("trace", argv[1], 1, TRACE_SHOW_MAX, &want))
		return true;
	if (trace_buffer(NULL, NULL) == NULL) {
		printf("trace: no trace is running\n");
		return true;
	}
	/* Copy the newest events out under the lock: the ring keeps moving. */
	uint32_t key = kernel_lock();
	for (uint32_t i = trace_count(); i-- > 0 && n < want;) {
		const struct trace_event *e = trace_get(i);
		if (e == NULL)
			continue;
		if (interesting(e))
			shown[n++] = *e;
	}
	kernel_unlock(key);

	stats_snapshot(&s);
	printf("The last %lu events (of %lu recorded), without the shell's and idle's own:\n",
	       (unsigned long)n, (unsigned long)trace_count());
	while (n-- > 0)
		print_event(&shown[n], s.clock_hz / CONFIG_TICK_HZ, s.clock_hz);
	return true;
}

const struct shell_command shell_commands[] = {
	{"help", "help [command]", "this list", cmd_help},
	{"ps", "ps", "the process tree: PID, parent, state, threads, memory", cmd_ps},
	{"threads", "threads", "every thread: state, priority, waits, switches, CPU, stack",
	 cmd_threads},
	{"top", "top", "CPU shares, every second until a key is pressed", cmd_top},
	{"spawn", "spawn <image>", "start an isolated process from an image", cmd_spawn},
	{"kill", "kill <pid>", "end a process and collect it", cmd_kill},
	{"mem", "mem", "pools, the heap and the stacks", cmd_mem},
	{"trace", "trace [n]", "the last n trace events (1-64, default 20)", cmd_trace},
	{"exit", "exit", "end the session (the system exits)", cmd_exit},
};

const unsigned shell_command_count = sizeof(shell_commands) / sizeof(shell_commands[0]);
