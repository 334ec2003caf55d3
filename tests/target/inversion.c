/* SPDX-License-Identifier: MIT */
/*
 * The demo's priority inversion (examples/demo/inversion.c, linked into
 * this image through TEST_SRCS_inversion in tests/target/target.mk): with
 * inheritance high gets the mutex before medium finishes its job, without
 * it only after.
 */
#include "kernel/mutex.h"
#include "ktest.h"

#include "../../examples/demo/inversion.h"

static void test_without_inheritance_high_waits_for_medium(void)
{
	struct inversion_result r;

	CHECK_EQ(inversion_run(MUTEX_NO_INHERIT, &r), 0);
	CHECK_EQ(r.count, INVERSION_STEPS);
	CHECK(inversion_find(&r, INVERSION_HIGH_LOCKS) > inversion_find(&r, INVERSION_MEDIUM_DONE));
	int unlocks = inversion_find(&r, INVERSION_LOW_UNLOCKS);
	CHECK(unlocks >= 0 && r.events[unlocks].priority == INVERSION_LOW);
}

static void test_with_inheritance_high_runs_before_medium_finishes(void)
{
	struct inversion_result r;

	CHECK_EQ(inversion_run(0, &r), 0);
	CHECK_EQ(r.count, INVERSION_STEPS);
	int locks = inversion_find(&r, INVERSION_HIGH_LOCKS);
	CHECK(locks >= 0 && locks < inversion_find(&r, INVERSION_MEDIUM_DONE));
	int unlocks = inversion_find(&r, INVERSION_LOW_UNLOCKS);
	CHECK(unlocks >= 0 && r.events[unlocks].priority == INVERSION_HIGH);
}

int main(void)
{
	ktest_run("without_inheritance_high_waits_for_medium",
		  test_without_inheritance_high_waits_for_medium);
	ktest_run("with_inheritance_high_runs_before_medium_finishes",
		  test_with_inheritance_high_runs_before_medium_finishes);
	return ktest_finish();
}
