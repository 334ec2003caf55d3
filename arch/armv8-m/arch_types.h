/* SPDX-License-Identifier: MIT */
/*
 * ARMv8-M Mainline types and sizes the portable kernel needs to lay out a
 * thread.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

/* Value of the lock key when no kernel lock was held (BASEPRI = 0). */
#define ARCH_IRQ_UNLOCKED 0u

/* The core has an MPU (PMSAv8, 16 regions on the M33 and M55): processes
 * can be isolated (see arch.h, CONFIG_REQUIRE_ISOLATION). */
#define ARCH_HAS_MPU 1

/*
 * The stack guard is PSPLIM, the hardware stack limit, loaded for every
 * thread on every switch: any instruction or exception entry that would
 * move PSP below it raises a UsageFault (STKOF) instead, so an overflow
 * never writes below the limit.  No MPU region is spent on it.  A stack,
 * from its base up:
 *
 *   base    switch reserve   ARCH_STACK_SWITCH_RESERVE_BYTES: where the
 *                            switch code (which stores through r0, not
 *                            SP, so PSPLIM does not check it) saves r4-r11,
 *                            EXC_RETURN and s16-s31 of a thread stopped
 *                            right at its limit
 *   PSPLIM  landing zone     ARCH_STACK_GUARD_BYTES: a thread whose SP is
 *                            in here has overflowed; the STKOF fault leaves
 *                            the SP here, and a switch with the saved SP
 *                            here panics, so the kernel names the overflow
 *   usable  canary, then the thread's own stack up to the top
 *
 * The landing zone must be larger than any single stack adjustment less
 * the frame the hardware stacks on the fault (32 bytes), or the SP the
 * fault reports stays above it: the fault is still reported (STKOF) but
 * not named as this thread's overflow.
 */
#define ARCH_STACK_GUARD_BYTES 64
#ifdef __ARM_FP
#define ARCH_STACK_SWITCH_RESERVE_BYTES 104 /* r4-r11, EXC_RETURN, s16-s31 */
#else
#define ARCH_STACK_SWITCH_RESERVE_BYTES 40 /* r4-r11, EXC_RETURN */
#endif
/* PSPLIM needs 8-byte alignment only; 32 (the PMSAv8 granule) lets a
 * kernel-allocated stack become an MPU region of its own. */
#define ARCH_STACK_ALIGN 32
#define ARCH_STACK_OVERHEAD_BYTES (ARCH_STACK_SWITCH_RESERVE_BYTES + ARCH_STACK_GUARD_BYTES)

/* The largest frame a switched-out thread keeps on its stack: r4-r11 and
 * EXC_RETURN, s16-s31, and the hardware's extended frame (r0-r3, r12, lr,
 * pc, xPSR, s0-s15, FPSCR, a reserved word). */
#define ARCH_CONTEXT_MAX_BYTES ((9 + 16 + 8 + 18) * 4)

/* EXC_RETURN saved with a switched-out thread (saved_sp[8]), for tests
 * and debuggers: Secure thread mode on PSP with a basic frame, or with an
 * extended (FP) frame.  S, DCRS and ES are set: the kernel runs Secure. */
#define ARCH_EXC_RETURN_THREAD 0xfffffffdu
#define ARCH_EXC_RETURN_THREAD_FP 0xffffffedu

/* A thread's stack guard as the switch code loads it. */
struct arch_guard {
	uint32_t psplim; /* PSPLIM, written before PSP on each switch */
	uint32_t unused; /* (the same layout as ARMv7-M's) */
};

#include "mainline_types.h"

#endif
