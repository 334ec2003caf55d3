/*
 * ARMv7-M types and sizes the portable kernel needs to lay out a thread.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

/* Value of the lock key when no kernel lock was held (BASEPRI = 0). */
#define ARCH_IRQ_UNLOCKED 0u

/* Stacks are 32-byte aligned where the kernel allocates them, so the MPU
 * guard needs no slack. */
#define ARCH_STACK_ALIGN 32

/* The MPU guard: 32 bytes (the smallest PMSAv7 region), plus up to 24
 * bytes to align it when the caller's stack is only 8-byte aligned. */
#define ARCH_STACK_GUARD_BYTES 56

/* The largest frame a switched-out thread keeps on its stack: r4-r11 and
 * EXC_RETURN, s16-s31, and the hardware's extended frame (r0-r3, r12, lr,
 * pc, xPSR, s0-s15, FPSCR, a reserved word). */
#define ARCH_CONTEXT_MAX_BYTES ((9 + 16 + 8 + 18) * 4)

/* Per-thread arch state the switch code restores. */
struct arch_thread {
	uint32_t guard_rbar; /* MPU region for the stack guard: RBAR ... */
	uint32_t guard_rasr; /* ... and RASR, written together on each switch */
};

#endif
