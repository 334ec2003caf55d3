/* SPDX-License-Identifier: MIT */
/*
 * Interrupt benchmarks: Thread-Metric's interrupt processing (a thread
 * pends a software interrupt, the handler gives a semaphore, the thread
 * takes it) and interrupt preemption (the handler resumes a thread above
 * the interrupted one, which suspends itself again) tests, and the
 * latency from an interrupt that gives a semaphore to the thread it wakes.
 *
 * The handlers are the benchmark's own and count their entries
 * (bench_irqs); that count, one load, add and store, is in the figures.
 *
 * The latency is timed with two clock readings per wake-up, before the
 * trigger and in the woken thread, so on a coarse clock (MPS2: one count
 * per 40 instructions) each reading is rounded.  The rounding averages
 * out exactly when the readings fall on every phase of the clock equally
 * often: the loop is lengthened by 0..8 NOPs (bench_delay) so that its
 * length and the clock period share no factor, and it runs a whole
 * number of periods' worth of wake-ups.
 */
#include <stdio.h>

#include "arch.h"
#include "bench.h"
#include "board.h"
#include "kernel/sched.h"
#include "kernel/time.h"

#define NOIPA __attribute__((noipa))

volatile uint32_t bench_irqs;
struct semaphore bench_irq_sem;
struct thread *volatile bench_irq_thread;

void isr_irq31(void) /* IRQ_GIVE */
{
	bench_irqs++;
	semaphore_give(&bench_irq_sem);
}

void isr_irq30(void) /* IRQ_RESUME */
{
	bench_irqs++;
	thread_resume(bench_irq_thread);
}

static bool stubbed(const struct bench_ops *ops)
{
	return ops == &bench_stub_ops;
}

static volatile uint32_t main_counter, main_bad;

/* -------------------------------------------------- interrupt processing -- */

static NOIPA void irq_loop(const struct bench_ops *ops, struct semaphore *s,
			   volatile uint32_t *counter, volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		ops->trigger(IRQ_GIVE); /* the handler runs before this returns */
		*bad |= ops->take(s, TIMEOUT_NO_WAIT);
		*counter = *counter + 1;
	}
}

static void irq_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	main_counter = main_bad = 0;
	irq_loop(ops, &bench_irq_sem, &main_counter, &main_bad, n);
}

static const char *irq_check(struct bench *b, uint32_t n)
{
	if (main_bad || main_counter != n)
		return "a take found no unit: the handler did not give it";
	return semaphore_count(&bench_irq_sem) == 0 ? NULL : "units left in the semaphore";
}

/* ------------------------------------------------- interrupt preemption -- */

static NOIPA void preempting_loop(const struct bench_ops *ops, volatile uint32_t *counter,
				  uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		ops->trigger(IRQ_RESUME); /* the resumed thread runs before this returns */
		*counter = *counter + 1;
	}
}

static NOIPA void preempted_loop(const struct bench_ops *ops, struct thread *self,
				 volatile uint32_t *counter, volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad |= ops->suspend(self);
		*counter = *counter + 1;
	}
}

static void preempted_work(struct bench_thread *w)
{
	preempted_loop(w->ops, &w->thread, &w->counter, &w->bad, w->n);
}

static void preempt_setup(struct bench *b)
{
	bench_thread_start(0, PRIO_HIGH, preempted_work);
	bench_irq_thread = &bench_threads[0]->thread;
}

static void preempt_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	struct bench_thread *h = bench_threads[0];

	main_counter = h->counter = 0;
	if (stubbed(ops)) {
		preempting_loop(ops, &main_counter, n);
		preempted_loop(ops, &h->thread, &h->counter, &h->bad, n);
		return;
	}
	bench_threads_go(0, 1, ops, n); /* runs at once and suspends itself */
	preempting_loop(ops, &main_counter, n);
	bench_threads_wait(1);
}

static const char *preempt_check(struct bench *b, uint32_t n)
{
	if (bench_threads[0]->bad || bench_threads[0]->counter != n || main_counter != n)
		return "the resumed thread did not run once per interrupt";
	return NULL;
}

static void one_thread_teardown(struct bench *b)
{
	bench_threads_stop(1);
}

/* ------------------------------------------- interrupt -> woken thread -- */

static volatile uint32_t wake_t0;     /* clock before the trigger */
static volatile uint32_t wake_lat;    /* sum of woken-thread clock - wake_t0 */
static volatile uint32_t wake_ovh;    /* sum of back-to-back clock differences */
static uint32_t wake_nops;            /* bench_delay's NOPs per wake-up */

static NOIPA void waking_loop(const struct bench_ops *ops, uint32_t nops,
			      volatile uint32_t *overhead, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		bench_delay(nops);
		uint32_t a = board_clock_now();
		uint32_t b = board_clock_now();
		*overhead += b - a;
		wake_t0 = board_clock_now();
		ops->trigger(IRQ_GIVE); /* the woken thread runs before this returns */
	}
}

static NOIPA void woken_loop(const struct bench_ops *ops, struct semaphore *s,
			     volatile uint32_t *latency, volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad |= ops->take(s, TIMEOUT_FOREVER);
		uint32_t t1 = board_clock_now();
		*latency += t1 - wake_t0;
	}
}

static void woken_work(struct bench_thread *w)
{
	woken_loop(w->ops, &bench_irq_sem, &wake_lat, &w->bad, w->n);
}

static void wake_setup(struct bench *b)
{
	bench_thread_start(0, PRIO_HIGH, woken_work);
}

static void wake_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	wake_lat = wake_ovh = 0;
	if (stubbed(ops)) {
		waking_loop(ops, wake_nops, &wake_ovh, n);
		woken_loop(ops, &bench_irq_sem, &wake_lat, &bench_threads[0]->bad, n);
		return;
	}
	bench_threads_go(0, 1, ops, n); /* runs at once and waits */
	waking_loop(ops, wake_nops, &wake_ovh, n);
	bench_threads_wait(1);
}

static const char *wake_check(struct bench *b, uint32_t n)
{
	if (bench_threads[0]->bad)
		return "a take failed";
	return semaphore_count(&bench_irq_sem) == 0 ? NULL : "units left in the semaphore";
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t r = a % b;
		a = b;
		b = r;
	}
	return a;
}

/*
 * The latency run.  The round trip (per wake-up: the waking loop, the
 * interrupt, the switch in, the woken loop, the switch back) is known
 * from round_trip's windows.  The clock's period is p/q instructions in
 * lowest terms; readings whose start times cover every residue modulo p
 * equally often average to the exact interval, which needs the loop
 * length coprime with p and a multiple of p wake-ups.
 */
static bool wake_latency(struct bench *round_trip)
{
	uint32_t hz = board_clock_hz();
	uint32_t p = 1000000000u / gcd(1000000000u, hz); /* period numerator */
	uint32_t n = round_trip->last_n;
	uint64_t ns = (uint64_t)(round_trip->last_counts[1] - round_trip->last_counts[0]) *
		      1000000000u / hz;
	uint32_t loop = (uint32_t)((ns + n / 2) / n); /* instructions per wake-up, d = 0 */

	wake_nops = 0;
	while (p > 1 && gcd(loop + wake_nops, p) != 1 && wake_nops < 8)
		wake_nops++;
	if (p > 1 && gcd(loop + wake_nops, p) != 1) {
		bench_fail("isr_wake", "no loop length coprime with the clock period %lu",
			   (unsigned long)p);
		return false;
	}
	/* Whole periods, as many as fit in a window with room to spare. */
	uint32_t per_window = 600000u / (loop + wake_nops);
	uint32_t samples = p > 1 ? per_window / p * p : per_window;
	if (samples == 0) {
		bench_fail("isr_wake", "a clock period of %lu instructions is too coarse",
			   (unsigned long)p);
		return false;
	}

	struct bench_thread *h = bench_threads[0];
	wake_setup(round_trip);
	thread_sleep(1);
	uint32_t ticks = time_ticks();
	uint32_t irqs = bench_irqs;
	uint32_t pendsvs = bench_pendsvs;
	uint32_t switches = h->thread.switches_in;
	wake_body(round_trip, &bench_kernel_ops, samples);
	ticks = time_ticks() - ticks;
	irqs = bench_irqs - irqs;
	pendsvs = bench_pendsvs - pendsvs;
	switches = h->thread.switches_in - switches;
	const char *why = wake_check(round_trip, samples);
	one_thread_teardown(round_trip);
	/* One switch into the woken thread per wake-up, and one when it
	 * first ran and began to wait. */
	if (!why && ticks)
		why = "a tick fell in the window";
	if (!why && (irqs != samples || switches != samples + 1))
		why = "not one interrupt and one switch per wake-up";
	if (why) {
		bench_fail("isr_wake", "%s", why);
		return false;
	}
	printf("LATENCY isr_wake samples=%lu latency=%lu overhead=%lu nops=%lu loop=%lu "
	       "irqs=%lu switches=%lu\n",
	       (unsigned long)samples, (unsigned long)wake_lat, (unsigned long)wake_ovh,
	       (unsigned long)wake_nops, (unsigned long)loop, (unsigned long)irqs,
	       (unsigned long)(switches - 1));
	return true;
}

/* ---------------------------------------------------------------------- */

static struct bench benches[] = {
	{
		.id = "tm_interrupt", .ops_per_unit = 1, .stub_per_unit = STUB_VOID + STUB_INT,
		.calls_per_unit = 2, .irqs_per_unit = 1, .body = irq_body, .check = irq_check,
	},
	{
		.id = "tm_interrupt_preemption", .ops_per_unit = 1,
		.stub_per_unit = STUB_VOID + STUB_INT, .calls_per_unit = 2,
		.switches_per_unit = 2, .irqs_per_unit = 1, .threads = 1, .setup = preempt_setup,
		.body = preempt_body, .check = preempt_check, .teardown = one_thread_teardown,
	},
	{
		.id = "isr_wake_round_trip", .ops_per_unit = 1,
		/* waking: trigger, and bench_delay(0), which is not a stub: its
		 * 5 instructions are the loop's, counted in both runs */
		.stub_per_unit = STUB_VOID + STUB_INT, .calls_per_unit = 2,
		.switches_per_unit = 2, .irqs_per_unit = 1, .threads = 1, .setup = wake_setup,
		.body = wake_body, .check = wake_check, .teardown = one_thread_teardown,
	},
};

bool bench_irq(void)
{
	bool ok = true;

	semaphore_init(&bench_irq_sem, 0, 1);
	arch_irq_set_priority(IRQ_GIVE, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_set_priority(IRQ_RESUME, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_enable(IRQ_GIVE);
	arch_irq_enable(IRQ_RESUME);
	for (unsigned i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		ok &= bench_run(&benches[i]);
	if (ok && bench_thread_count >= 1)
		ok &= wake_latency(&benches[2]);
	arch_irq_disable(IRQ_GIVE);
	arch_irq_disable(IRQ_RESUME);
	semaphore_delete(&bench_irq_sem);
	return ok;
}
