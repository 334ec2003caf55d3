/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M hot-path operations (see arch.h).  ARMv6-M has no BASEPRI: the
 * kernel lock sets PRIMASK, which masks every interrupt, so every
 * interrupt may call the kernel and none runs clear of the lock.
 */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

/* Priority values (8-bit, the top 2 bits implemented: 0x00, 0x40, 0x80,
 * 0xc0).  PRIMASK masks them all, so every one is kernel-aware. */
#define ARCH_KERNEL_BASEPRI 0x00u

/* The tick's priority (SysTick, or a board's tickless alarm: board.h). */
#define ARCH_TICK_PRIORITY 0x80u

static inline uint32_t arch_irq_lock(void)
{
	uint32_t key;

	__asm__ volatile("mrs %0, primask\n\t"
			 "cpsid i"
			 : "=r"(key)
			 :
			 : "memory");
	return key;
}

static inline void arch_irq_unlock(uint32_t key)
{
	/* The ISB makes a switch pended under the lock happen right here. */
	__asm__ volatile("msr primask, %0\n\tisb" : : "r"(key) : "memory");
}

/* The same, for a section that pended no switch: an interrupt that came
 * meanwhile is taken within a few instructions, without the ISB. */
static inline void arch_irq_unlock_quiet(uint32_t key)
{
	__asm__ volatile("msr primask, %0" : : "r"(key) : "memory");
}

static inline bool arch_in_isr(void)
{
	uint32_t ipsr;

	__asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
	return ipsr != 0;
}

/* Whether the caller runs with interrupts masked (PRIMASK set: the kernel
 * lock, or code of its own). */
static inline bool arch_irq_masked(void)
{
	uint32_t primask;

	__asm__ volatile("mrs %0, primask" : "=r"(primask));
	return (primask & 1u) != 0;
}

static inline void arch_switch_pend(void)
{
	*(volatile uint32_t *)0xe000ed04u = 1u << 28; /* ICSR.PENDSVSET */
}

/* With the kernel lock (PRIMASK) held: a pending interrupt ends the WFI
 * without being taken (arch.h). */
static inline void arch_idle_wait(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}

/* Every switch is a PendSV (arch.h): no direct switch on ARMv6-M. */
#define ARCH_SWITCH_DIRECT 0

#endif
