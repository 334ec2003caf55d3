/* SPDX-License-Identifier: MIT */
/*
 * The canary check on every switch: a thread that wrote its lowest
 * usable stack word (here on purpose, as an overflow that stopped just
 * short of the guard would) is caught at its next switch with a panic
 * that names it and its stack.
 */
#include <stdint.h>
#include <stdio.h>

#include "arch.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

#define STACK_BYTES 1024

static struct thread shallow;
static uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));

static void *shallow_entry(void *arg)
{
	(void)arg;
	*thread_self()->stack_limit = 0;
	thread_yield();
	return NULL;
}

int main(void)
{
	printf("EXPECT-FAIL: *** PANIC at kernel/sched_switch.c\n");
	printf("EXPECT-FAIL: stack overflow: thread 'shallow'\n");
	fflush(stdout);
	thread_create(&shallow, "shallow", shallow_entry, NULL, 20, stack, STACK_BYTES);
	printf("not reached: the overflow went unnoticed\n");
	return 0;
}
