/* SPDX-License-Identifier: MIT */
/*
 * Figures that are not timed: the sizes of the kernel's records, and the
 * smallest stack a thread can run on, shown by running a thread on it.
 */
#include <malloc.h>
#include <stdio.h>

#include "arch.h"
#include "bench.h"
#include "board.h"
#include "kernel/config.h"
#include "kernel/errors.h"
#include "kernel/process.h"
#include "kernel/time.h"

/*
 * The thread on the smallest stack does what stacks are for: an
 * interrupt taken while it runs (the hardware frame goes on its stack,
 * extended when it has used the FPU), a switch out while it waits (its
 * whole context goes on its stack), a yield and kernel calls, then it
 * returns through thread_exit.
 */
static struct thread min_thread;
static struct mutex min_mutex;

static void *min_stack_entry(void *arg)
{
	volatile float f = 1.5f;
	uint32_t steps = 0;

	f = f * 3.0f; /* on an FPU core: FP state live from here on */
	steps += f == 4.5f;
	bench_irqs = 0;
	arch_irq_trigger(IRQ_GIVE);
	steps += bench_irqs == 1;
	steps += semaphore_take(&bench_irq_sem, TIMEOUT_NO_WAIT) == 0;
	steps += semaphore_take(&bench_irq_sem, TIMEOUT_FOREVER) == 0; /* main gives */
	steps += mutex_lock(&min_mutex, TIMEOUT_FOREVER) == 0;
	thread_yield();
	steps += mutex_unlock(&min_mutex) == 0;
	steps += f == 4.5f;
	return (void *)(uintptr_t)steps;
}

#define MIN_STACK_STEPS 7

static bool min_stack(void)
{
	uint8_t *stack = memalign(ARCH_STACK_ALIGN, THREAD_STACK_MIN_BYTES);
	void *steps = NULL;

	if (stack == NULL) {
		bench_fail("stack_min", "no memory for the stack");
		return false;
	}
	semaphore_init(&bench_irq_sem, 0, 1);
	mutex_init(&min_mutex, 0);
	arch_irq_set_priority(IRQ_GIVE, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_enable(IRQ_GIVE);

	int smaller = thread_create(&min_thread, "minstack", min_stack_entry, NULL, PRIO_HIGH,
				    stack, THREAD_STACK_MIN_BYTES - 8);
	int err = thread_create(&min_thread, "minstack", min_stack_entry, NULL, PRIO_HIGH, stack,
				THREAD_STACK_MIN_BYTES);
	if (err == 0)
		err = semaphore_give(&bench_irq_sem); /* it waits for this */
	if (err == 0)
		err = thread_join(&min_thread, &steps, TIMEOUT_FOREVER);

	arch_irq_disable(IRQ_GIVE);
	mutex_delete(&min_mutex);
	semaphore_delete(&bench_irq_sem);
	if (smaller != ERR_STACK_SIZE) {
		bench_fail("stack_min", "a stack 8 bytes smaller was not refused: %s",
			   error_name(smaller));
		return false;
	}
	if (err || (uintptr_t)steps != MIN_STACK_STEPS) {
		bench_fail("stack_min", "the thread did not run through (%s, %lu of %u steps)",
			   error_name(err), (unsigned long)(uintptr_t)steps, MIN_STACK_STEPS);
		return false;
	}
	if (*min_thread.stack_limit != THREAD_STACK_CANARY) {
		bench_fail("stack_min", "the canary was overwritten");
		return false;
	}
	uint8_t *lowest = (uint8_t *)(min_thread.stack_limit + 1); /* above the canary */
	uint32_t usable = (uint32_t)(stack + THREAD_STACK_MIN_BYTES - lowest);
	printf("STACK min=%u usable=%lu used=%lu\n", (unsigned)THREAD_STACK_MIN_BYTES,
	       (unsigned long)usable, (unsigned long)(usable - thread_stack_unused(&min_thread)));
	free(stack);
	return true;
}

bool bench_static(void)
{
	printf("INFO board %s\n", board_info.name);
	printf("INFO cpu %s\n", arch_cpu_name());
	printf("INFO fpu %d\n", arch_has_fpu());
	printf("INFO clock_hz %lu\n", (unsigned long)board_clock_hz());
	printf("INFO clock_from_reset %d\n", board_clock_from_reset());
	printf("INFO tick_hz %u\n", CONFIG_TICK_HZ);
	printf("INFO tcb_bytes %u\n", (unsigned)sizeof(struct thread));
	printf("INFO thread_user_bytes %u\n", (unsigned)sizeof(struct thread_user));
	printf("INFO pcb_bytes %u\n", (unsigned)sizeof(struct process));
	return min_stack();
}
