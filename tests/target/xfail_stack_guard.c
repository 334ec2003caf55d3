/* SPDX-License-Identifier: MIT */
/*
 * A thread that recurses past the end of its stack runs into the
 * hardware stack guard below it: the fault is reported as a stack
 * overflow naming the thread, and nothing below the stack is written.
 *
 * The guard is an MPU region on ARMv7-M (a MemManage fault) and the
 * PSPLIM stack limit on ARMv8-M (a UsageFault, STKOF).  ARMv6-M has
 * neither, only the canary checked on each switch (xfail_stack_canary),
 * so the image skips there.
 */
#include <stdint.h>
#include <stdio.h>

#include "arch.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "ktest.h"

#if defined(__ARM_ARCH_6M__)

int main(void)
{
	return ktest_skip("no hardware stack guard: ARMv6-M has no MPU and no stack limit");
}

#else

#define STACK_BYTES 1024

static struct thread deep;
static struct {
	uint8_t stack[STACK_BYTES];
	uint32_t below_next_stack[8]; /* never touched by 'deep' */
} __attribute__((aligned(ARCH_STACK_ALIGN))) memory;

static uint32_t recurse(volatile uint32_t depth)
{
	volatile uint32_t pad[8] = { depth };

	return pad[0] == 0 ? 0 : recurse(depth + 1) + pad[0];
}

static void *deep_entry(void *arg)
{
	(void)arg;
	return (void *)(uintptr_t)recurse(1);
}

int main(void)
{
#if defined(__ARM_ARCH_8M_MAIN__)
	printf("EXPECT-FAIL: *** FAULT: UsageFault\n");
	printf("EXPECT-FAIL: STKOF: stack limit\n");
#else
	printf("EXPECT-FAIL: *** FAULT: MemManage fault\n");
#endif
	printf("EXPECT-FAIL: *** stack overflow: thread 'deep'\n");
	fflush(stdout);
	thread_create(&deep, "deep", deep_entry, NULL, 20, memory.stack, STACK_BYTES);
	printf("not reached: the overflow went unnoticed\n");
	return 0;
}

#endif
