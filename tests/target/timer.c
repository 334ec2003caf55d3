/* SPDX-License-Identifier: MIT */
/*
 * Software timers on the target: one-shot and periodic expiry at exact
 * ticks, order, restart, stop, a callback waking a thread, errors.
 */
#include <stdint.h>
#include <string.h>

#include "kernel/errors.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "ktest.h"

#define MAX_SHOTS 8

struct recorder {
	uint32_t at[MAX_SHOTS];
	unsigned count;
	char tag;
};

static char order[16];
static unsigned order_len;

static void record(struct timer *t, void *arg)
{
	struct recorder *r = arg;

	(void)t;
	if (r->count < MAX_SHOTS)
		r->at[r->count] = time_ticks();
	r->count++;
	if (order_len < sizeof(order) - 1)
		order[order_len++] = r->tag;
	order[order_len] = '\0';
}

static void test_one_shot_fires_once_at_its_tick(void)
{
	struct timer t;
	struct recorder r = { .tag = 'a' };

	memset(&t, 0, sizeof(t));
	CHECK_EQ(timer_init(&t, record, &r), 0);
	thread_sleep(1);
	uint32_t start = time_ticks();
	CHECK_EQ(timer_start(&t, 5, 0), 0);
	CHECK(timer_active(&t));
	thread_sleep(12);
	CHECK_EQ(r.count, 1);
	CHECK_EQ(r.at[0] - start, 5);
	CHECK(!timer_active(&t));
	CHECK_EQ(t.expiries, 1);
	CHECK_EQ(timer_stop(&t), ERR_STATE);
}

static void test_periodic_keeps_its_rhythm(void)
{
	struct timer t;
	struct recorder r = { .tag = 'p' };

	memset(&t, 0, sizeof(t));
	CHECK_EQ(timer_init(&t, record, &r), 0);
	thread_sleep(1);
	uint32_t start = time_ticks();
	CHECK_EQ(timer_start(&t, 2, 3), 0);
	thread_sleep(2 + 3 * 4); /* expiries at +2, +5, +8, +11, +14 */
	CHECK_EQ(timer_stop(&t), 0);
	CHECK_EQ(r.count, 5);
	for (unsigned k = 0; k < 5 && k < r.count; k++)
		CHECK_EQ(r.at[k] - start, 2 + 3 * k);
	thread_sleep(10);
	CHECK_EQ(r.count, 5); /* stopped */
}

static void test_timers_fire_in_deadline_order(void)
{
	struct timer t[3];
	struct recorder r[3] = { { .tag = 'x' }, { .tag = 'y' }, { .tag = 'z' } };
	const uint32_t delays[3] = { 6, 2, 4 };

	order_len = 0;
	for (unsigned i = 0; i < 3; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		CHECK_EQ(timer_init(&t[i], record, &r[i]), 0);
		CHECK_EQ(timer_start(&t[i], delays[i], 0), 0);
	}
	thread_sleep(8);
	CHECK(strcmp(order, "yzx") == 0);
}

static void test_restart_moves_the_deadline(void)
{
	struct timer t;
	struct recorder r = { .tag = 'r' };

	memset(&t, 0, sizeof(t));
	CHECK_EQ(timer_init(&t, record, &r), 0);
	thread_sleep(1);
	uint32_t start = time_ticks();
	CHECK_EQ(timer_start(&t, 3, 0), 0);
	thread_sleep(2);
	CHECK_EQ(timer_start(&t, 3, 0), 0); /* now due at start + 5 */
	CHECK_EQ(timer_init(&t, record, &r), ERR_STATE);
	thread_sleep(6);
	CHECK_EQ(r.count, 1);
	CHECK_EQ(r.at[0] - start, 5);
}

static struct semaphore tick_sem;

static void give(struct timer *t, void *arg)
{
	(void)t;
	semaphore_give(arg);
}

static void test_callback_wakes_a_thread(void)
{
	struct timer t;

	memset(&t, 0, sizeof(t));
	CHECK_EQ(semaphore_init(&tick_sem, 0, 10), 0);
	CHECK_EQ(timer_init(&t, give, &tick_sem), 0);
	CHECK_EQ(timer_start(&t, 1, 1), 0);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(semaphore_take(&tick_sem, 3), 0);
	CHECK_EQ(timer_stop(&t), 0);
}

static void test_errors(void)
{
	struct timer t;

	memset(&t, 0, sizeof(t));
	CHECK_EQ(timer_start(&t, 1, 0), ERR_STALE);
	CHECK_EQ(timer_stop(&t), ERR_STALE);
	CHECK_EQ(timer_init(NULL, record, NULL), ERR_NULL);
	CHECK_EQ(timer_init(&t, NULL, NULL), ERR_NULL);
	CHECK_EQ(timer_init(&t, record, NULL), 0);
	CHECK_EQ(timer_start(&t, 0, 0), ERR_INVALID);
	CHECK_EQ(timer_start(&t, TIMEOUT_MAX_TICKS + 1u, 0), ERR_RANGE);
	CHECK_EQ(timer_start(&t, 1, TIMEOUT_MAX_TICKS + 1u), ERR_RANGE);
	CHECK_EQ(timer_start(NULL, 1, 0), ERR_NULL);
	CHECK(!timer_active(&t));
}

int main(void)
{
	ktest_run("timer.one_shot_fires_once_at_its_tick", test_one_shot_fires_once_at_its_tick);
	ktest_run("timer.periodic_keeps_its_rhythm", test_periodic_keeps_its_rhythm);
	ktest_run("timer.fire_in_deadline_order", test_timers_fire_in_deadline_order);
	ktest_run("timer.restart_moves_the_deadline", test_restart_moves_the_deadline);
	ktest_run("timer.callback_wakes_a_thread", test_callback_wakes_a_thread);
	ktest_run("timer.errors", test_errors);
	return ktest_finish();
}
