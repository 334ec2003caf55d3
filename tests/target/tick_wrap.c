/* SPDX-License-Identifier: MIT */
/*
 * The 32-bit tick counter wraps without a wrong wake.  This image starts
 * the clock 40 ticks below 2^32, so every deadline below lies across the
 * wrap from the tick it was set at.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "ktest.h"

const uint32_t kernel_tick_initial = 0xffffffffu - 40u;

#define STACK_BYTES 1024

struct sleeper {
	struct thread thread;
	uint32_t ticks;
	uint32_t slept_at;
	uint32_t woke_at;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct sleeper sleepers[4];
static char order[8];
static unsigned order_len;

static void *sleep_entry(void *arg)
{
	struct sleeper *s = arg;

	s->slept_at = time_ticks();
	thread_sleep(s->ticks);
	s->woke_at = time_ticks();
	order[order_len++] = (char)('a' + (s - sleepers));
	return NULL;
}

static void test_clock_starts_below_the_wrap(void)
{
	CHECK(time_ticks() >= kernel_tick_initial);
}

static void test_sleeps_across_the_wrap(void)
{
	/* Deadlines before the wrap (a: 10) and after it (b: 45, c: 100,
	 * d: 60): a naive comparison would wake b, c, d at once. */
	const uint32_t ticks[4] = { 10, 45, 100, 60 };

	thread_sleep(1);
	for (unsigned i = 0; i < 4; i++) {
		sleepers[i].ticks = ticks[i];
		CHECK_EQ(thread_create(&sleepers[i].thread, "sleeper", sleep_entry, &sleepers[i], 20,
				       sleepers[i].stack, STACK_BYTES), 0);
	}
	CHECK(time_ticks() > 0xffffff00u); /* not wrapped yet */
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(thread_join(&sleepers[i].thread, NULL, TIMEOUT_FOREVER), 0);
	CHECK(strcmp(order, "abdc") == 0);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(sleepers[i].woke_at - sleepers[i].slept_at, ticks[i]);
	CHECK(time_ticks() < 100); /* wrapped */
}

static void test_timeout_after_the_wrap(void)
{
	sleepers[0].ticks = 30;
	CHECK_EQ(thread_create(&sleepers[0].thread, "sleeper", sleep_entry, &sleepers[0], 10,
			       sleepers[0].stack, STACK_BYTES), 0);
	thread_sleep(1);
	uint32_t before = time_ticks();
	CHECK_EQ(thread_join(&sleepers[0].thread, NULL, 5), ERR_TIMEOUT);
	CHECK_EQ(time_ticks() - before, 5);
	CHECK_EQ(thread_join(&sleepers[0].thread, NULL, TIMEOUT_FOREVER), 0);
}

int main(void)
{
	ktest_run("tick_wrap.clock_starts_below_the_wrap", test_clock_starts_below_the_wrap);
	ktest_run("tick_wrap.sleeps_across_the_wrap", test_sleeps_across_the_wrap);
	ktest_run("tick_wrap.timeout_after_the_wrap", test_timeout_after_the_wrap);
	return ktest_finish();
}
