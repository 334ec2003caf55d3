/* SPDX-License-Identifier: MIT */
/*
 * The main() of a CMSIS-RTOS2 target test, as a CMSIS application's
 * would be: osKernelInitialize, one thread, osKernelStart.  The thread
 * ("runner", at CMSIS_TEST_PRIORITY) runs the test's cases (ktest_run)
 * and ends the run with their result; main's own thread ends in
 * osKernelStart, as the specification has it.
 *
 *	static void cases(void)
 *	{
 *		ktest_run("semaphore.counts", test_counts);
 *		...
 *	}
 *
 *	int main(void)
 *	{
 *		return cmsis_test_main(cases);
 *	}
 */
#ifndef CMSIS_TEST_H
#define CMSIS_TEST_H

#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cmsis_os2.h"
#include "ktest.h"

#define CMSIS_TEST_PRIORITY osPriorityNormal
#define CMSIS_TEST_STACK_BYTES 1536u

/* Waits for the next tick and returns its count: what follows runs from
 * the start of that tick, so that a wait of n ticks from here lasts
 * exactly n ticks. */
static inline uint32_t tick_start(void)
{
	osDelay(1);
	return osKernelGetTickCount();
}

/* The heap's bytes in use (newlib's mallinfo): what a test compares to
 * see that the layer gave back what it took. */
static inline size_t heap_in_use(void)
{
	return mallinfo().uordblks;
}

static void (*cmsis_test_cases)(void);

static void cmsis_test_runner(void *arg)
{
	(void)arg;
	cmsis_test_cases();
	exit(ktest_finish());
}

static inline int cmsis_test_main(void (*cases)(void))
{
	static const osThreadAttr_t runner = {
		.name = "runner",
		.stack_size = CMSIS_TEST_STACK_BYTES,
		.priority = CMSIS_TEST_PRIORITY,
	};

	cmsis_test_cases = cases;
	if (osKernelInitialize() != osOK || osThreadNew(cmsis_test_runner, NULL, &runner) == NULL)
		return 1;
	osKernelStart(); /* returns only if it failed */
	return 1;
}

#endif
