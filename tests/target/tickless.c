/* SPDX-License-Identifier: MIT */
/*
 * Time with and without the periodic tick (CONFIG_TICKLESS).  On every
 * board: sleeps begun at random points within a tick wake at exactly
 * their tick, software timers and round robin keep their ticks, and the
 * idle thread wakes as often as its mode implies (every tick, or only at
 * deadlines).  Where the board leaves a timer free for it (test_timer.h:
 * every board but the Netduino, whose timers QEMU does not time right),
 * an interrupt from that timer, in the middle of a long sleep, wakes the
 * system early: its handler reads the tick the board clock says, and the
 * sleep still ends at its own tick.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "board.h"
#include "cortex_m.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/stats.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "ktest.h"
#include "test_timer.h"
#include "tick_phase.h"

#define STACK_BYTES 1024

static uint32_t seed = 12345;

static uint32_t random_below(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

static void test_random_sleeps_wake_at_their_tick(void)
{
	uint32_t period = arch_tick_period();
	unsigned late = 0, early = 0;

	for (unsigned i = 0; i < 200; i++) {
		uint32_t ticks = 1 + random_below(i < 150 ? 40 : 3000);

		thread_sleep(1);
		spin_into_tick(random_phase(period, random_below));
		uint32_t start = time_ticks();
		thread_sleep(ticks);
		uint32_t woke = time_ticks() - start;
		late += woke > ticks || tick_overdue(period); /* a tick late, or not counted */
		early += woke < ticks;
	}
	CHECK_EQ(late, 0);
	CHECK_EQ(early, 0);
}

/* A periodic timer keeps its rhythm while nothing else runs. */
static uint32_t shots[8];
static unsigned shot_count;

static void record_shot(struct timer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (shot_count < 8)
		shots[shot_count] = time_ticks();
	shot_count++;
}

static void test_timer_keeps_its_ticks_while_idle(void)
{
	struct timer t;

	memset(&t, 0, sizeof(t));
	CHECK_EQ(timer_init(&t, record_shot, NULL), 0);
	thread_sleep(1);
	uint32_t start = time_ticks();
	CHECK_EQ(timer_start(&t, 13, 97), 0);
	thread_sleep(13 + 97 * 7 + 1);
	CHECK_EQ(timer_stop(&t), 0);
	CHECK_EQ(shot_count, 8);
	for (unsigned k = 0; k < 8; k++)
		CHECK_EQ(shots[k] - start, 13 + 97 * k);
}

/* While threads run, the tick is periodic: equal spinners share the CPU
 * by slices, and a sleeper above them wakes at its tick. */
struct spinner {
	struct thread thread;
	volatile uint32_t turns; /* slices it started */
	volatile bool stop;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct spinner spinners[2];

static void *spin_entry(void *arg)
{
	struct spinner *s = arg;
	uint32_t seen = time_ticks();

	while (!s->stop) {
		uint32_t now = time_ticks();
		if (now - seen > 1)
			s->turns++; /* back after the other's slice */
		seen = now;
	}
	return NULL;
}

static void test_round_robin_and_preemption_keep_ticking(void)
{
	for (unsigned i = 0; i < 2; i++) {
		spinners[i].turns = 0;
		spinners[i].stop = false;
		CHECK_EQ(thread_create(&spinners[i].thread, "spinner", spin_entry, &spinners[i], 8,
				       spinners[i].stack, STACK_BYTES), 0);
	}
	for (unsigned i = 0; i < 10; i++) {
		uint32_t start = time_ticks();
		thread_sleep(7 + i);
		CHECK_EQ(time_ticks() - start, 7 + i);
	}
	for (unsigned i = 0; i < 2; i++)
		spinners[i].stop = true;
	for (unsigned i = 0; i < 2; i++) {
		CHECK_EQ(thread_join(&spinners[i].thread, NULL, TIMEOUT_FOREVER), 0);
		CHECK(spinners[i].turns >= 5); /* 85 ticks, slices of 5, shared by two */
	}
}

#if CONFIG_TICKLESS
/* The board's idle wait (board.h), replaced: it counts the waits and the
 * longest, and asks for deep sleep in the long ones, which QEMU takes as
 * WFI and which must not change when the sleeps end. */
#define SCR_SLEEPDEEP (1u << 2)
#define DEEP_SLEEP_TICKS 10

static volatile uint32_t idle_waits, idle_wait_longest, idle_waits_deep;

void board_idle_wait(uint32_t ticks)
{
	idle_waits++;
	if (ticks > idle_wait_longest)
		idle_wait_longest = ticks;
	if (ticks >= DEEP_SLEEP_TICKS) {
		idle_waits_deep++;
		SCB_SCR |= SCR_SLEEPDEEP;
	}
	arch_idle_wait();
	SCB_SCR &= ~SCR_SLEEPDEEP;
}
#endif

/* The idle thread wakes every tick with the periodic tick, and with
 * tickless idle only for the alarm at the deadline (and the one before
 * it, if the sleep began after the tick's alarm was set), and as often
 * as the alarm's reach forces before (arch_tick_reach). */
static void test_idle_wakes_as_its_mode_implies(void)
{
	thread_sleep(1);
	uint32_t before = sched_idle_wakeups;
	thread_sleep(2000);
	uint32_t wakes = sched_idle_wakeups - before;

#if CONFIG_TICKLESS
	uint32_t reach = arch_tick_reach();

	CHECK(reach >= 1);
	CHECK(wakes <= 2 + (2000 + reach - 1) / reach);
	/* The board's wait saw the sleep, as far as the alarm reaches. */
	CHECK(idle_waits >= wakes);
	CHECK(idle_wait_longest >= (reach < 1000 ? reach : 1000));
	CHECK(idle_waits_deep >= 1);
#else
	CHECK(wakes >= 2000);
#endif
}

/* The idle thread is charged the ticks and the cycles it slept, whichever
 * the tick: what top shows as idle time. */
static void test_idle_statistics_over_a_long_sleep(void)
{
	struct stats_snapshot before, after;
	uint64_t period = arch_tick_period();

	CHECK_EQ(stats_count_cycles(true), 0);
	thread_sleep(1);
	stats_snapshot(&before);
	thread_sleep(2000);
	stats_snapshot(&after);
	CHECK_EQ(after.tick - before.tick, 2000);
	uint32_t idle_ticks = after.idle_ticks - before.idle_ticks;
	CHECK(idle_ticks >= 1999 && idle_ticks <= 2000);
	uint64_t elapsed = after.cycles - before.cycles;
	uint64_t idle = after.idle_cycles - before.idle_cycles;
	if (period != 0) { /* a fine clock under the tick */
		CHECK(elapsed > 1999 * period && elapsed < 2001 * period);
		CHECK(idle > elapsed * 99 / 100 && idle <= elapsed);
	}
	CHECK_EQ(stats_count_cycles(false), 0);
}

#if TEST_TIMER
/* An interrupt that is not the tick's, in the middle of a long sleep. */
static struct semaphore woken;
static volatile uint32_t irq_tick, irq_clock;

void TEST_TIMER_HANDLER(void)
{
	test_timer_ack();
	irq_clock = board_clock_now();
	irq_tick = time_ticks();
	semaphore_give(&woken);
}

static struct thread waiter;
static uint8_t waiter_stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
static volatile uint32_t waiter_woke;

static void *wait_entry(void *arg)
{
	(void)arg;
	if (semaphore_take(&woken, TIMEOUT_FOREVER) == 0)
		waiter_woke = time_ticks();
	return NULL;
}

static void test_interrupt_wakes_early(void)
{
	uint32_t period = arch_tick_period();
	uint32_t counts_per_tick = board_clock_hz() / CONFIG_TICK_HZ;

	for (unsigned round = 0; round < 5; round++) {
		waiter_woke = 0;
		CHECK_EQ(semaphore_init(&woken, 0, 1), 0);
		CHECK_EQ(thread_create(&waiter, "waiter", wait_entry, NULL, 12, waiter_stack,
				       STACK_BYTES), 0);
		thread_sleep(1);
		spin_into_tick(random_phase(period / 2, random_below));
		/* The interrupt: 300 to 1300 ticks on, half a tick from a
		 * boundary, so a clock read a few counts off cannot matter. */
		uint32_t ahead = 300 + random_below(1000);
		uint32_t start = time_ticks();
		uint32_t into = arch_tick_fraction() / (period / counts_per_tick);
		uint32_t c0 = board_clock_now();
		uint32_t counts = ahead * counts_per_tick + counts_per_tick / 2 - into;
		test_timer_start_in(counts);
		thread_sleep(2000);
		CHECK_EQ(time_ticks() - start, 2000);
		test_timer_stop();
		CHECK_EQ(thread_join(&waiter, NULL, TIMEOUT_FOREVER), 0);
		/* The handler read the tick the board clock gives, and the woken
		 * thread ran in that tick. */
		uint32_t elapsed = irq_clock - c0;
		CHECK(elapsed >= counts && elapsed < counts + counts_per_tick / 4);
		CHECK_EQ(irq_tick - start, ahead);
		CHECK_EQ(waiter_woke - start, ahead);
		CHECK_EQ(semaphore_delete(&woken), 0);
	}
}
#endif

int main(void)
{
	ktest_run("tickless.random_sleeps_wake_at_their_tick", test_random_sleeps_wake_at_their_tick);
	ktest_run("tickless.timer_keeps_its_ticks_while_idle", test_timer_keeps_its_ticks_while_idle);
	ktest_run("tickless.round_robin_and_preemption_keep_ticking",
		  test_round_robin_and_preemption_keep_ticking);
	ktest_run("tickless.idle_wakes_as_its_mode_implies", test_idle_wakes_as_its_mode_implies);
	ktest_run("tickless.idle_statistics_over_a_long_sleep",
		  test_idle_statistics_over_a_long_sleep);
#if TEST_TIMER
	ktest_run("tickless.interrupt_wakes_early", test_interrupt_wakes_early);
#endif
	return ktest_finish();
}
