/* SPDX-License-Identifier: MIT */
/*
 * Hot-path operations of ARMv7-M and ARMv8-M Mainline (see arch.h), the
 * same on both (ARMv6-M has its own).  The kernel lock raises
 * BASEPRI to ARCH_KERNEL_BASEPRI: interrupts with a priority value below
 * it (more urgent) are never masked by the kernel and must not call it.
 */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

/* Priority values (8-bit, upper bits implemented): 0x00-0x3f are never
 * masked by the kernel; kernel-aware interrupts use 0x40-0xff. */
#define ARCH_KERNEL_BASEPRI 0x40u

static inline uint32_t arch_irq_lock(void)
{
	uint32_t key;

	__asm__ volatile("mrs %0, basepri\n\t"
			 "msr basepri_max, %1"
			 : "=&r"(key)
			 : "r"(ARCH_KERNEL_BASEPRI)
			 : "memory");
	return key;
}

static inline void arch_irq_unlock(uint32_t key)
{
	/* The ISB makes a switch pended under the lock happen right here. */
	__asm__ volatile("msr basepri, %0\n\tisb" : : "r"(key) : "memory");
}

static inline bool arch_in_isr(void)
{
	uint32_t ipsr;

	__asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
	return ipsr != 0;
}

static inline void arch_switch_pend(void)
{
	*(volatile uint32_t *)0xe000ed04u = 1u << 28; /* ICSR.PENDSVSET */
}

#endif
