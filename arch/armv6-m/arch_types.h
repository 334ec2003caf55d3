/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M types and sizes the portable kernel needs to lay out a thread.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

/* Value of the lock key when no kernel lock was held (PRIMASK = 0). */
#define ARCH_IRQ_UNLOCKED 0u

/* No MPU: the Cortex-M0 has none (a Cortex-M0+ may, and it is left off),
 * so processes run unisolated and an image that requires isolation is
 * refused at build time (see arch.h, CONFIG_REQUIRE_ISOLATION). */
#define ARCH_HAS_MPU 0

/*
 * No stack guard either (no MPU, no stack limit register): nothing stops
 * a thread that runs off the bottom of its stack.  The canary at the
 * lowest usable word, checked on every switch, catches an overflow that
 * wrote it, after the fact.  Below the canary, a reserve holds what an
 * interrupt and a switch store for a thread whose SP is at the very
 * bottom of its usable stack (the hardware frame, then r4-r11 and
 * EXC_RETURN), so they never write below the stack.
 */
#define ARCH_STACK_SWITCH_RESERVE_BYTES 72 /* 32 + 36, rounded up to 8 */
#define ARCH_STACK_ALIGN 8
#define ARCH_STACK_OVERHEAD_BYTES ARCH_STACK_SWITCH_RESERVE_BYTES

/* The largest frame a switched-out thread keeps on its stack: r4-r11 and
 * EXC_RETURN, and the hardware's frame (r0-r3, r12, lr, pc, xPSR). */
#define ARCH_CONTEXT_MAX_BYTES ((9 + 8) * 4)

/* EXC_RETURN saved with a switched-out thread (saved_sp[8]), for tests
 * and debuggers: thread mode on PSP (there is no FP frame on ARMv6-M). */
#define ARCH_EXC_RETURN_THREAD 0xfffffffdu

/* Per-thread arch state: none; the member only keeps C11 happy (no empty
 * structs). */
struct arch_thread {
	uint32_t unused;
};

/* No unprivileged threads either. */
struct arch_thread_user {
	uint32_t unused;
};

/* No MPU: no process regions, and no process can be spawned
 * (arch_process_init returns ERR_NOSYS). */
struct arch_process {
	uint32_t unused;
};

#endif
