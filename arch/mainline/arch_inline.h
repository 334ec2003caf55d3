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

/* The tick's priority (SysTick, or a board's tickless alarm: board.h). */
#define ARCH_TICK_PRIORITY 0xc0u

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

/* The same, for a section that pended no switch: an interrupt that came
 * meanwhile is taken within a few instructions, without the ISB. */
static inline void arch_irq_unlock_quiet(uint32_t key)
{
	__asm__ volatile("msr basepri, %0" : : "r"(key) : "memory");
}

static inline bool arch_in_isr(void)
{
	uint32_t ipsr;

	__asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
	return ipsr != 0;
}

/* Whether the caller runs with interrupts masked: PRIMASK set, or BASEPRI
 * raised (the kernel lock, or code of its own). */
static inline bool arch_irq_masked(void)
{
	uint32_t primask, basepri;

	__asm__ volatile("mrs %0, primask\n\tmrs %1, basepri" : "=r"(primask), "=r"(basepri));
	return (primask & 1u) != 0 || basepri != 0;
}

/* With the kernel lock (BASEPRI) held (arch.h).  An interrupt that
 * BASEPRI masks does not end a WFI, one that PRIMASK masks does: PRIMASK
 * holds every interrupt while BASEPRI is lowered for the WFI. */
static inline void arch_idle_wait(void)
{
	__asm__ volatile("cpsid i\n\t"
			 "msr basepri, %0\n\t"
			 "dsb\n\t"
			 "wfi\n\t"
			 "msr basepri, %1\n\t"
			 "cpsie i"
			 :
			 : "r"(0u), "r"(ARCH_KERNEL_BASEPRI)
			 : "memory");
}

static inline void arch_switch_pend(void)
{
	*(volatile uint32_t *)0xe000ed04u = 1u << 28; /* ICSR.PENDSVSET */
}

/*
 * The direct switch (arch/mainline/switch_direct.S): a thread in
 * privileged thread mode switches to another by a plain call, without an
 * exception, when both contexts allow it.  See arch.h.
 */
#define ARCH_SWITCH_DIRECT 1
/* Words arch_switch_direct keeps below the caller's SP: r4-r11, lr. */
#define ARCH_DIRECT_CONTEXT_WORDS 9u

struct thread;
struct arch_thread;
void arch_switch_direct(struct thread *prev, struct thread *next);

static inline uint32_t *arch_sp(void)
{
	uint32_t *sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

static inline bool arch_switch_direct_ok(const uint32_t *next_saved_sp, uint32_t next_control)
{
#ifdef __ARM_FP
	uint32_t control;

	/* CONTROL.FPCA: the caller has live FP state, whose s16-s31 only the
	 * exception frame of isr_pendsv keeps. */
	__asm__ volatile("mrs %0, control" : "=r"(control));
	if (control & 4u)
		return false;
#endif
	/* Where isr_pendsv keeps EXC_RETURN (0xffxxxxxx), arch_switch_direct
	 * keeps a return address. */
	uint32_t word = next_saved_sp[8];
	if (word < 0xff000000u)
		return true;
	/* Saved by isr_pendsv (or a first frame): thread mode can unstack a
	 * basic frame (EXC_RETURN bit 4 set) of privileged code (CONTROL.nPRIV
	 * clear) stopped outside an IT block or a continuable LDM/STM (the
	 * stacked xPSR's IT/ICI bits clear). */
	return (word & 0x10u) && !(next_control & 1u) && !(next_saved_sp[9 + 7] & 0x0600fc00u);
}

#endif
