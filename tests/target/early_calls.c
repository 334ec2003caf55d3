/* SPDX-License-Identifier: MIT */
/*
 * Calls made before kernel_start: a C constructor runs from the startup
 * code before the kernel has a process or a thread, and creating a
 * thread there is refused with ERR_STATE (not a misleading error, not a
 * thread that never runs).  The same calls from main work.
 */
#include <stdint.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/thread.h"
#include "ktest.h"

#define STACK_BYTES 1024

static struct thread early;
static uint8_t early_stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
static int create_before_start = 1;
static int create_pooled_before_start = 1;
static volatile int early_ran;

static void *early_entry(void *arg)
{
	(void)arg;
	early_ran = 1;
	return NULL;
}

__attribute__((constructor)) static void before_kernel_start(void)
{
	struct thread *pooled = NULL;

	create_before_start = thread_create(&early, "early", early_entry, NULL, 20, early_stack,
					    STACK_BYTES);
	create_pooled_before_start = thread_create_pooled(&pooled, "early", early_entry, NULL, 20);
}

static void test_create_before_start_is_refused(void)
{
	CHECK_EQ(create_before_start, ERR_STATE);
	CHECK_EQ(create_pooled_before_start, ERR_STATE);
}

static void test_same_calls_work_from_main(void)
{
	struct thread *pooled;

	CHECK_EQ(thread_create(&early, "early", early_entry, NULL, 20, early_stack, STACK_BYTES), 0);
	CHECK_EQ(thread_join(&early, NULL, TIMEOUT_FOREVER), 0);
	CHECK_EQ(early_ran, 1);
	early_ran = 0;
	CHECK_EQ(thread_create_pooled(&pooled, "early", early_entry, NULL, 20), 0);
	CHECK_EQ(thread_join(pooled, NULL, TIMEOUT_FOREVER), 0);
	CHECK_EQ(early_ran, 1);
}

int main(void)
{
	ktest_run("early_calls.create_before_start_is_refused", test_create_before_start_is_refused);
	ktest_run("early_calls.same_calls_work_from_main", test_same_calls_work_from_main);
	return ktest_finish();
}
