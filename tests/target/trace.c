/* SPDX-License-Identifier: MIT */
/*
 * The kernel trace and the run-time statistics on the target: what is
 * recorded for each kind of event, that the switches recorded are the
 * ones the scheduler counted, that time never goes backwards, the ring's
 * wrap, and the CPU-time figures.
 *
 * At the end the image runs a mixed workload once more and prints its
 * trace with trace_dump, preceded by the kernel's own switch count per
 * thread ("TRACE-EXPECT switches <tid> <count>"):
 * tests/tools/test_trace_convert.py runs this image and checks the
 * converter's JSON against those counts.
 *
 * main runs at 16; the workload's threads run below and above it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/stats.h"
#include "kernel/thread.h"
#include "kernel/trace.h"
#include "ktest.h"

#define STACK_BYTES (CONFIG_NANO ? 512 : 1024) /* the 16 KiB microbit links newlib-nano */
#define TEST_IRQ 31
/* The ring comes from the heap, as large as fits up to RING_EVENTS_MAX;
 * the workload's trace needs about 150 events, which the 16 KiB microbit
 * cannot spare: the image skips there. */
#define RING_EVENTS_MAX 1024
#define RING_EVENTS_MIN 160

struct worker {
	struct thread thread;
	uint32_t switches_before;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

enum { SPINNER, SLEEPER, RR_A, RR_B, LOW, HIGH, WAITER, WORKERS };

static struct worker workers[WORKERS];
static struct trace_event *ring;
static uint32_t ring_events;
static struct mutex lock;
static struct semaphore sem;

/* ---- the workload ------------------------------------------------------ */

/* Computes until the calling thread has been charged this many ticks. */
static void spin_ticks(uint32_t ticks)
{
	const volatile uint32_t *ran = &thread_self()->ticks_run;
	uint32_t start = *ran;

	while (*ran - start < ticks)
		;
}

static void *spinner(void *arg)
{
	for (int i = 0; i < 3; i++) {
		spin_ticks(1);
		thread_yield();
	}
	return NULL;
}

static void *sleeper(void *arg)
{
	for (int i = 0; i < 4; i++)
		thread_sleep(1);
	return NULL;
}

static void *round_robin(void *arg)
{
	spin_ticks(CONFIG_TIME_SLICE_TICKS + 1);
	return NULL;
}

static void *low_entry(void *arg)
{
	mutex_lock(&lock, TIMEOUT_FOREVER);
	spin_ticks(3);
	mutex_unlock(&lock);
	return NULL;
}

static void *high_entry(void *arg)
{
	thread_sleep(1);
	mutex_lock(&lock, TIMEOUT_FOREVER);
	mutex_unlock(&lock);
	return NULL;
}

static void *waiter_entry(void *arg)
{
	semaphore_take(&sem, TIMEOUT_FOREVER);
	return NULL;
}

void isr_irq31(void)
{
	trace_isr_enter(TEST_IRQ);
	semaphore_give(&sem);
	trace_isr_exit();
}

static void start(int i, const char *name, thread_entry_t entry, unsigned priority)
{
	CHECK_EQ(thread_create(&workers[i].thread, name, entry, NULL, priority, workers[i].stack,
			       STACK_BYTES),
		 0);
}

/* Preemption, yields, round robin, sleeps, inheritance, a semaphore given
 * from an interrupt handler; every thread joined at the end. */
static void run_workload(void)
{
	CHECK_EQ(mutex_init(&lock, 0), 0);
	CHECK_EQ(semaphore_init(&sem, 0, 1), 0);
	start(SPINNER, "spinner", spinner, 5);
	start(SLEEPER, "sleeper", sleeper, 10);
	start(RR_A, "rr-a", round_robin, 5);
	start(RR_B, "rr-b", round_robin, 5);
	start(LOW, "low", low_entry, 6);
	start(HIGH, "high", high_entry, 12);
	start(WAITER, "waiter", waiter_entry, 8);
	thread_sleep(2);
	arch_irq_set_priority(TEST_IRQ, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_enable(TEST_IRQ);
	arch_irq_trigger(TEST_IRQ);
	arch_irq_disable(TEST_IRQ);
	for (int i = 0; i < WORKERS; i++)
		CHECK_EQ(thread_join(&workers[i].thread, NULL, TIMEOUT_FOREVER), 0);
	CHECK_EQ(mutex_delete(&lock), 0);
	CHECK_EQ(semaphore_delete(&sem), 0);
}

/* ---- helpers ----------------------------------------------------------- */

static unsigned count_type(enum trace_type type, const struct thread *t)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < trace_count(); i++) {
		const struct trace_event *e = trace_get(i);
		if (e != NULL && e->type == type && (t == NULL || e->thread == t))
			n++;
	}
	return n;
}

/* The index of the first event from `from` on matching, or -1. */
static int find(uint32_t from, enum trace_type type, const struct thread *t, int reason)
{
	for (uint32_t i = from; i < trace_count(); i++) {
		const struct trace_event *e = trace_get(i);
		if (e != NULL && e->type == type && (t == NULL || e->thread == t) &&
		    (reason < 0 || e->reason == reason))
			return (int)i;
	}
	return -1;
}

static bool in_order(void)
{
	uint32_t period = arch_tick_period();
	const struct trace_event *last = NULL;

	for (uint32_t i = 0; i < trace_count(); i++) {
		const struct trace_event *e = trace_get(i);
		if (e == NULL)
			break;
		if (e->cycles >= period)
			return false;
		if (last && (tick_before(e->tick, last->tick) ||
			     (e->tick == last->tick && e->cycles < last->cycles)))
			return false;
		last = e;
	}
	return true;
}

/* ---- cases ------------------------------------------------------------- */

static void test_state_trace_is_states_only(void)
{
	trace_start(ring, ring_events);
	start(SLEEPER, "sleeper", sleeper, 10);
	CHECK_EQ(thread_join(&workers[SLEEPER].thread, NULL, TIMEOUT_FOREVER), 0);
	trace_stop();

	CHECK(trace_count() > 0);
	CHECK_EQ(count_type(TRACE_STATE, NULL), trace_count());
	const struct thread *t = &workers[SLEEPER].thread;
	int created = find(0, TRACE_STATE, t, TRACE_CREATED);
	int blocked = find(0, TRACE_STATE, t, TRACE_BLOCKED);
	int exited = find(0, TRACE_STATE, t, TRACE_EXITED);
	CHECK(created >= 0 && blocked > created && exited > blocked);
	if (blocked >= 0) {
		const struct trace_event *e = trace_get((uint32_t)blocked);
		CHECK(e->wait_reason != NULL && strcmp(e->wait_reason, "sleep") == 0);
		CHECK_EQ(e->state, THREAD_BLOCKED);
	}
	CHECK(find(0, TRACE_STATE, t, TRACE_TIMEOUT) > blocked);
}

static struct {
	const struct thread *thread;
	uint32_t before;
} others[2];

static void remember_switches(void)
{
	others[0].thread = thread_self();
	others[0].before = thread_self()->switches_in;
	others[1].thread = sched_idle_thread();
	others[1].before = sched_idle_thread()->switches_in;
}

/* The kernel's count of switches into t since remember_switches. */
static uint32_t switches_since(const struct thread *t)
{
	for (int i = 0; i < 2; i++)
		if (others[i].thread == t)
			return t->switches_in - others[i].before;
	return t->switches_in; /* the workers were created inside the trace */
}

static void test_switches_match_the_kernels_count(void)
{
	remember_switches();
	trace_start_classes(ring, ring_events, TRACE_CLASS_ALL);
	run_workload();
	trace_stop();

	CHECK(trace_count() <= ring_events); /* nothing lost */
	uint32_t total = 0;
	for (int i = 0; i < WORKERS; i++) {
		const struct thread *t = &workers[i].thread;
		CHECK_EQ(count_type(TRACE_SWITCH, t), switches_since(t));
		total += switches_since(t);
	}
	for (int i = 0; i < 2; i++)
		total += switches_since(others[i].thread);
	CHECK_EQ(count_type(TRACE_SWITCH, NULL), total);
	CHECK(total > 20);
	CHECK(in_order());
}

static void test_names_and_identity(void)
{
	/* The ring still holds the workload's trace. */
	const struct trace_event *first = trace_get(0);
	CHECK(first != NULL && first->type == TRACE_NAME);
	int main_name = find(0, TRACE_NAME, thread_self(), -1);
	CHECK(main_name >= 0 && strcmp(trace_get((uint32_t)main_name)->name, "main") == 0);
	CHECK(find(0, TRACE_NAME, sched_idle_thread(), -1) >= 0);
	for (int i = 0; i < WORKERS; i++) {
		const struct thread *t = &workers[i].thread;
		int created = find(0, TRACE_STATE, t, TRACE_CREATED);
		int name = find(0, TRACE_NAME, t, -1);
		CHECK(created >= 0 && name == created + 1);
		if (name >= 0) {
			CHECK(strncmp(trace_get((uint32_t)name)->name, t->name, TRACE_NAME_BYTES - 1) == 0);
			CHECK_EQ(trace_get((uint32_t)name)->tid, t->tid);
		}
	}
	int any = find(0, TRACE_STATE, &workers[LOW].thread, -1);
	CHECK(any >= 0 && trace_get((uint32_t)any)->pid == process_init()->pid);
}

static void test_mutex_and_inheritance(void)
{
	const struct thread *low = &workers[LOW].thread, *high = &workers[HIGH].thread;
	int locked = find(0, TRACE_MUTEX_LOCK, low, -1);
	int waits = find(0, TRACE_STATE, high, TRACE_BLOCKED);
	while (waits >= 0 && trace_get((uint32_t)waits)->object != &lock)
		waits = find((uint32_t)waits + 1, TRACE_STATE, high, TRACE_BLOCKED);
	int boosted = find(0, TRACE_PRIORITY, low, TRACE_INHERITED);
	int unlocked = find(0, TRACE_MUTEX_UNLOCK, low, -1);
	int high_locks = find(0, TRACE_MUTEX_LOCK, high, -1);
	int restored = find(0, TRACE_PRIORITY, low, TRACE_BASE);

	CHECK(locked >= 0 && waits > locked && boosted > waits);
	CHECK(unlocked > boosted && high_locks > unlocked && restored > unlocked);
	if (waits >= 0)
		CHECK(strcmp(trace_get((uint32_t)waits)->wait_reason, "mutex") == 0);
	if (boosted >= 0) {
		CHECK_EQ(trace_get((uint32_t)boosted)->priority, 12);
		CHECK(trace_get((uint32_t)boosted)->object == NULL);
	}
	if (restored >= 0)
		CHECK_EQ(trace_get((uint32_t)restored)->priority, 6);
	if (locked >= 0)
		CHECK(trace_get((uint32_t)locked)->object == &lock);
}

static void test_semaphore_wait_and_interrupts(void)
{
	const struct thread *waiter = &workers[WAITER].thread;
	int waits = find(0, TRACE_STATE, waiter, TRACE_BLOCKED);
	int enter = -1;

	CHECK(waits >= 0 && trace_get((uint32_t)waits)->object == &sem);
	if (waits >= 0)
		CHECK(strcmp(trace_get((uint32_t)waits)->wait_reason, "semaphore") == 0);
	for (int i = find(0, TRACE_ISR_ENTER, NULL, -1); i >= 0;
	     i = find((uint32_t)i + 1, TRACE_ISR_ENTER, NULL, -1))
		if (trace_get((uint32_t)i)->irq == TEST_IRQ)
			enter = i;
	CHECK(enter > waits);
	int woken = find((uint32_t)(enter < 0 ? 0 : enter), TRACE_STATE, waiter, TRACE_WOKEN);
	int exit_ = find((uint32_t)(enter < 0 ? 0 : enter), TRACE_ISR_EXIT, NULL, -1);
	CHECK(woken > enter && exit_ > woken);

	/* Tick interrupts: entries and exits pair up. */
	unsigned ticks = 0, depth = 0, worst = 0;
	for (uint32_t i = 0; i < trace_count(); i++) {
		const struct trace_event *e = trace_get(i);
		if (e->type == TRACE_ISR_ENTER) {
			ticks += e->irq == TRACE_IRQ_TICK;
			if (++depth > worst)
				worst = depth;
		} else if (e->type == TRACE_ISR_EXIT) {
			CHECK(depth > 0);
			depth--;
		}
	}
	CHECK(ticks >= 10);
	CHECK_EQ(depth, 0);
	CHECK_EQ(worst, 1);
}

static void test_ring_wraps_oldest_first(void)
{
	static struct trace_event small[8];

	trace_start_classes(small, 8, TRACE_CLASS_ALL);
	thread_sleep(3);
	trace_stop();
	uint32_t recorded = trace_count();
	CHECK(recorded > 8);
	CHECK(trace_get(7) != NULL);
	CHECK(trace_get(8) == NULL);
	CHECK(in_order());
	/* The last event kept is the newest: main running again. */
	const struct trace_event *last = trace_get(7);
	CHECK(last->type == TRACE_STATE && last->thread == thread_self());
	thread_sleep(1);
	CHECK_EQ(trace_count(), recorded); /* stopped */

	trace_start_classes(small, 0, TRACE_CLASS_ALL); /* no room: off */
	thread_sleep(1);
	CHECK_EQ(trace_count(), 0);
	CHECK(trace_get(0) == NULL);
}

static void test_cpu_time(void)
{
	struct stats_snapshot before, after;
	struct stats_thread t;
	uint32_t period = arch_tick_period();

	/* Not counted until asked for: the workload ran before. */
	CHECK_EQ(workers[RR_A].thread.cycles_run, 0);
	stats_snapshot(&before);
	CHECK(!before.cycles_counted);
	CHECK_EQ(stats_count_cycles(true), 0);
	stats_snapshot(&before);
	CHECK(before.cycles_counted);
	thread_sleep(10); /* nothing else to run: idle */
	stats_snapshot(&after);
	uint64_t elapsed = after.cycles - before.cycles;
	uint64_t idle = after.idle_cycles - before.idle_cycles;
	CHECK(elapsed > 9ull * period && elapsed <= 10ull * period); /* from mid-tick */
	CHECK(idle > elapsed * 95 / 100 && idle <= elapsed);
	CHECK_EQ(after.clock_hz, period * CONFIG_TICK_HZ);
	CHECK(after.idle_ticks - before.idle_ticks >= 9);

	/* A thread that computes for 3 ticks is charged about 3 periods. */
	start(SPINNER, "spinner", spinner, 20);
	CHECK_EQ(thread_join(&workers[SPINNER].thread, NULL, TIMEOUT_FOREVER), 0);
	uint64_t ran = workers[SPINNER].thread.cycles_run;
	CHECK(ran > 2ull * period && ran < 4ull * period);

	bool seen_main = false;
	for (unsigned i = 0; stats_thread_at(i, &t); i++) {
		if (t.thread != thread_self())
			continue;
		seen_main = true;
		CHECK_EQ(t.tid, thread_self()->tid);
		CHECK_EQ(t.pid, 1);
		CHECK(strcmp(t.name, "main") == 0);
		CHECK_EQ(t.state, THREAD_RUNNING);
		CHECK(t.stack_used > 0 && t.stack_used < t.stack_bytes);
		CHECK(t.cycles_run > 0);
	}
	CHECK(seen_main);
}

static void test_process_totals(void)
{
	struct stats_process p;
	struct stats_snapshot s;
	struct stats_thread t;
	uint32_t init_threads = 0, init_switches = 0;

	stats_snapshot(&s);
	CHECK_EQ(s.processes, 2);
	CHECK(stats_process_at(0, &p));
	CHECK(p.pid == 0 && p.depth == 0 && p.parent_pid == 0 && strcmp(p.name, "kernel") == 0);
	CHECK_EQ(p.threads, 1); /* idle */
	CHECK(stats_process_at(1, &p));
	CHECK(p.pid == 1 && p.depth == 1 && p.parent_pid == 0 && strcmp(p.name, "init") == 0);
	CHECK(p.heap.size > 0 && p.code.size > 0 && p.data.size > 0);
	for (unsigned i = 0; stats_thread_at(i, &t); i++)
		if (t.pid == 1) {
			init_threads++;
			init_switches += t.switches_in;
		}
	CHECK_EQ(p.threads, init_threads);
	CHECK_EQ(p.switches_in, init_switches);
	CHECK(!stats_process_at(2, &p));
}

static void test_kernel_check(void)
{
	CHECK_EQ(kernel_check(), 0);
}

/* The workload once more, printed for tests/tools/test_trace_convert.py. */
static void dump_for_the_host_tool(void)
{
	remember_switches();
	trace_start_classes(ring, ring_events, TRACE_CLASS_ALL);
	run_workload();
	trace_stop();
	for (int i = 0; i < WORKERS; i++)
		printf("TRACE-EXPECT switches %lu %lu\n", (unsigned long)workers[i].thread.tid,
		       (unsigned long)switches_since(&workers[i].thread));
	for (int i = 0; i < 2; i++)
		printf("TRACE-EXPECT switches %lu %lu\n", (unsigned long)others[i].thread->tid,
		       (unsigned long)switches_since(others[i].thread));
	trace_dump("trace-test");
}

int main(void)
{
	if (!CONFIG_TRACE)
		return ktest_skip("built with TRACE=0: the trace's hooks are compiled out");
	for (ring_events = RING_EVENTS_MAX; ring == NULL && ring_events >= RING_EVENTS_MIN;)
		if ((ring = malloc(ring_events * sizeof(*ring))) == NULL)
			ring_events -= 32;
	if (ring == NULL)
		return ktest_skip("not enough RAM for a trace ring of 160 events");
	ktest_run("trace.state_trace_is_states_only", test_state_trace_is_states_only);
	ktest_run("trace.switches_match_the_kernels_count", test_switches_match_the_kernels_count);
	ktest_run("trace.names_and_identity", test_names_and_identity);
	ktest_run("trace.mutex_and_inheritance", test_mutex_and_inheritance);
	ktest_run("trace.semaphore_wait_and_interrupts", test_semaphore_wait_and_interrupts);
	ktest_run("trace.ring_wraps_oldest_first", test_ring_wraps_oldest_first);
	ktest_run("stats.cpu_time", test_cpu_time);
	ktest_run("stats.process_totals", test_process_totals);
	ktest_run("trace.kernel_check", test_kernel_check);
	dump_for_the_host_tool();
	return ktest_finish();
}
