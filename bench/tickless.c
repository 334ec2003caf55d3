/* SPDX-License-Identifier: MIT */
/*
 * Time while idle (CONFIG_TICKLESS or the periodic tick, whichever the
 * image has): how often the CPU wakes while every thread sleeps, whether
 * sleeps begun at random points within a tick wake at their tick, and
 * whether an hour (a minute with the periodic tick) of sleeping, software
 * timers and running counts its ticks exactly, against the board clock.
 *
 * Prints one line for tools/bench.py:
 *   TICKLESS mode=<0|1> asleep_ticks=N wakeups=N samples=N late=N early=N
 *            hour_ticks=N hour_clock_ticks=N timer_shots=N wake_samples=N
 *            wake_ns_min=N wake_ns_max=N wake_ns_sum=N clock_ns=N
 * wake_ns_* is how long after the boundary of the tick that ends a sleep
 * the sleeper runs (instructions under -icount shift=0, to the board
 * clock's resolution of clock_ns).
 * hour_clock_ticks is the board clock's advance over the hour in whole
 * ticks, the clock extended past its 32-bit wrap by reading it at least
 * every 20 s, or every half wrap where it wraps sooner (4.3 s at QEMU's
 * 1 GHz STM32 timers).  (Whole ticks: QEMU with -icount sleep=off resumes a CPU
 * that waited in WFI a count early or late from run to run, so the count
 * itself does not repeat.)
 */
#include <stdio.h>

#include "arch.h"
#include "bench.h"
#include "board.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "tick_phase.h"

#define ASLEEP_TICKS (10u * CONFIG_TICK_HZ)       /* 10 s */
#define SAMPLES 10000u
#define WAKE_SAMPLES 200u
/* An hour with tickless idle; with the periodic tick a minute, since
 * QEMU takes minutes of host time for an hour of 3,600,000 ticks. */
#define HOUR_TICKS ((CONFIG_TICKLESS ? 3600u : 60u) * CONFIG_TICK_HZ)

static uint32_t seed = 2463534242u;

static uint32_t random_below(uint32_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 17;
	seed ^= seed << 5;
	return seed % n;
}

/* The board clock, extended to 64 bits (read at least once per wrap). */
static uint64_t clock64;
static uint32_t clock_last;

static uint64_t clock_now64(void)
{
	uint32_t now = board_clock_now();

	clock64 += now - clock_last;
	clock_last = now;
	return clock64;
}

static volatile uint32_t timer_shots;

static void count_shot(struct timer *t, void *arg)
{
	(void)t;
	(void)arg;
	timer_shots++;
}

/* A second sleeper for the hour: short random sleeps. */
static volatile bool hour_over;

static void nap_work(struct bench_thread *w)
{
	while (!hour_over)
		thread_sleep(1 + random_below(777));
	(void)w;
}

bool bench_tickless(void)
{
	uint32_t period = arch_tick_period();

	/* Every thread asleep for 10 s: the CPU's wake-ups from idle. */
	thread_sleep(1);
	uint32_t before = sched_idle_wakeups;
	thread_sleep(ASLEEP_TICKS);
	uint32_t wakeups = sched_idle_wakeups - before;

	/* Sleeps begun at random points within a tick. */
	uint32_t late = 0, early = 0;
	for (uint32_t i = 0; i < SAMPLES; i++) {
		uint32_t ticks = 1 + random_below(i % 4 == 3 ? 2000 : 50);

		thread_sleep(1);
		spin_into_tick(random_phase(period, random_below));
		uint32_t start = time_ticks();
		thread_sleep(ticks);
		uint32_t woke = time_ticks() - start;
		late += woke > ticks || tick_overdue(period);
		early += woke < ticks;
	}

	/* From the boundary of the tick that ends a sleep to the sleeper
	 * running: the tick's fraction as thread_sleep returns, core clock
	 * cycles since the boundary, in nanoseconds (instructions under
	 * -icount shift=0, to the clock's resolution). */
	uint32_t wake_min = UINT32_MAX, wake_max = 0;
	uint64_t wake_sum = 0;
	for (uint32_t i = 0; i < WAKE_SAMPLES; i++) {
		thread_sleep(1 + random_below(50));
		uint32_t ns = (uint32_t)((uint64_t)arch_tick_fraction() * 1000000000u / board_cpu_hz());
		wake_min = ns < wake_min ? ns : wake_min;
		wake_max = ns > wake_max ? ns : wake_max;
		wake_sum += ns;
	}

	/* The hour: main sleeps and runs, a thread naps, a timer fires. */
	struct timer t = { 0 };
	timer_init(&t, count_shot, NULL);
	hour_over = false;
	bench_thread_start(0, PRIO_LOW, nap_work);
	bench_threads_go(0, 1, &bench_kernel_ops, 0);
	thread_sleep(1);
	uint32_t start = time_ticks();
	clock_last = board_clock_now();
	clock64 = 0;
	timer_start(&t, 1009, 1009);
	uint32_t half_wrap = UINT32_MAX / (board_clock_hz() / CONFIG_TICK_HZ) / 2;
	uint32_t nap_max = half_wrap < 20000 ? half_wrap : 20000;
	for (;;) {
		uint32_t left = start + HOUR_TICKS - time_ticks();
		if (left == 0 || left > HOUR_TICKS)
			break;
		uint32_t nap = 1 + random_below(nap_max);
		thread_sleep(nap < left ? nap : left);
		(void)clock_now64();
		if (time_ticks() - start < HOUR_TICKS)
			spin_into_tick(random_phase(period, random_below)); /* running, now and then */
	}
	uint32_t hour_ticks = time_ticks() - start;
	uint64_t hour_counts = clock_now64();
	timer_stop(&t);
	hour_over = true;
	bench_threads_wait(1);
	bench_threads_stop(1);

	uint32_t hour_clock_ticks = (uint32_t)(hour_counts / (board_clock_hz() / CONFIG_TICK_HZ));

	printf("TICKLESS mode=%d asleep_ticks=%lu wakeups=%lu samples=%lu late=%lu early=%lu "
	       "hour_ticks=%lu hour_clock_ticks=%lu timer_shots=%lu wake_samples=%lu "
	       "wake_ns_min=%lu wake_ns_max=%lu wake_ns_sum=%lu clock_ns=%lu\n",
	       CONFIG_TICKLESS, (unsigned long)ASLEEP_TICKS, (unsigned long)wakeups,
	       (unsigned long)SAMPLES, (unsigned long)late, (unsigned long)early,
	       (unsigned long)hour_ticks, (unsigned long)hour_clock_ticks,
	       (unsigned long)timer_shots, (unsigned long)WAKE_SAMPLES, (unsigned long)wake_min,
	       (unsigned long)wake_max, (unsigned long)wake_sum,
	       (unsigned long)(1000000000u / board_clock_hz()));
	if (late || early)
		bench_fail("tickless", "%lu sleeps woke late, %lu early", (unsigned long)late,
			   (unsigned long)early);
	/* With the periodic tick the board clock is not checked: QEMU (7.2,
	 * -icount sleep=off) ends a WFI on SysTick's exception only at the
	 * timer event after it, the next period's, so the idle thread's
	 * every other tick is lost while virtual time goes on (tools/bench.py
	 * says so).  Tickless idle's alarm is made to follow by such an
	 * event (arch/common/tick.c). */
	bool clock_ok = hour_clock_ticks == HOUR_TICKS || !CONFIG_TICKLESS;
	if (hour_ticks != HOUR_TICKS || !clock_ok)
		bench_fail("tickless", "the hour counted %lu ticks, the board clock %lu",
			   (unsigned long)hour_ticks, (unsigned long)hour_clock_ticks);
	return late == 0 && early == 0 && hour_ticks == HOUR_TICKS && clock_ok;
}
