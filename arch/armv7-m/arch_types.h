/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-M types and sizes the portable kernel needs to lay out a thread.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

/* Value of the lock key when no kernel lock was held (BASEPRI = 0). */
#define ARCH_IRQ_UNLOCKED 0u

/* The core has an MPU (PMSAv7, 8 regions on the M3, M4 and M7):
 * processes can be isolated (see arch.h, CONFIG_REQUIRE_ISOLATION). */
#define ARCH_HAS_MPU 1

/*
 * The MPU guard at the bottom of every thread stack: a no-access region
 * that turns an overflow into a MemManage fault before it writes below
 * the stack.  It must be larger than any single stack adjustment that
 * skips it without writing (a function's frame) plus the frame the
 * hardware stacks on exception entry, or the overflow can land below it:
 * 64 bytes without an FPU, 128 with one (a lazy FP frame is 104 bytes).
 * Kernel-allocated stacks are aligned to it; a caller's stack that is
 * only 8-byte aligned loses up to ARCH_STACK_GUARD_BYTES - 8 bytes below
 * the guard.
 */
#ifdef __ARM_FP
#define ARCH_STACK_GUARD_BYTES 128
#else
#define ARCH_STACK_GUARD_BYTES 64
#endif
#define ARCH_STACK_ALIGN ARCH_STACK_GUARD_BYTES
#define ARCH_STACK_OVERHEAD_BYTES (2 * ARCH_STACK_GUARD_BYTES - 8)

/* The largest frame a switched-out thread keeps on its stack: r4-r11 and
 * EXC_RETURN, s16-s31, and the hardware's extended frame (r0-r3, r12, lr,
 * pc, xPSR, s0-s15, FPSCR, a reserved word). */
#define ARCH_CONTEXT_MAX_BYTES ((9 + 16 + 8 + 18) * 4)

/* EXC_RETURN saved with a switched-out thread (saved_sp[8]), for tests
 * and debuggers: thread mode on PSP with a basic frame, or with an
 * extended (FP) frame. */
#define ARCH_EXC_RETURN_THREAD 0xfffffffdu
#define ARCH_EXC_RETURN_THREAD_FP 0xffffffedu

/* A thread's stack guard as the switch code loads it: MPU region
 * GUARD_REGION's RBAR and RASR. */
struct arch_guard {
	uint32_t rbar;
	uint32_t rasr;
};

#include "mainline_types.h"

#endif
