/* SPDX-License-Identifier: MIT */
/*
 * The demo's shared-counter race (examples/demo/counter.c, linked into
 * this image through TEST_SRCS_counter_race in tests/target/target.mk):
 * without a lock updates are lost, with a mutex the count is exact.
 */
#include <stdbool.h>

#include "kernel/thread.h"
#include "ktest.h"

#include "../../examples/demo/counter.h"

static void test_unlocked_counter_loses_updates(void)
{
	struct counter_result r;

	CHECK_EQ(counter_run(false, &r), 0);
	CHECK_EQ(r.threads, COUNTER_THREADS);
	CHECK(r.long_jobs > 0);
	CHECK(r.total < COUNTER_THREADS);
	CHECK_EQ(thread_pool_free(), CONFIG_THREAD_POOL_SIZE);
}

static void test_locked_counter_is_exact(void)
{
	struct counter_result r;

	CHECK_EQ(counter_run(true, &r), 0);
	CHECK_EQ(r.threads, COUNTER_THREADS);
	CHECK_EQ(r.total, COUNTER_THREADS);
	CHECK_EQ(thread_pool_free(), CONFIG_THREAD_POOL_SIZE);
}

int main(void)
{
	ktest_run("unlocked_counter_loses_updates", test_unlocked_counter_loses_updates);
	ktest_run("locked_counter_is_exact", test_locked_counter_is_exact);
	return ktest_finish();
}
