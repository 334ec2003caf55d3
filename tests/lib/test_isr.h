/* SPDX-License-Identifier: MIT */
/*
 * in_isr(action): runs action in an interrupt handler, and returns once
 * it has run.  The handler is IRQ 31's, present and unused on every
 * board, at a priority the kernel lock masks (so it may call the kernel).
 * A test image that includes this has isr_irq31; include it once.
 */
#ifndef TEST_ISR_H
#define TEST_ISR_H

#include "arch.h"

#define TEST_IRQ 31

static void (*volatile test_isr_action)(void);

void isr_irq31(void);
void isr_irq31(void)
{
	test_isr_action();
}

static inline void in_isr(void (*action)(void))
{
	test_isr_action = action;
	arch_irq_set_priority(TEST_IRQ, ARCH_KERNEL_BASEPRI + 0x40);
	arch_irq_enable(TEST_IRQ);
	arch_irq_trigger(TEST_IRQ); /* runs before this returns */
	arch_irq_disable(TEST_IRQ);
}

#endif
