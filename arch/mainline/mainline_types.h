/* SPDX-License-Identifier: MIT */
/*
 * The per-thread and per-process arch state of ARMv7-M and ARMv8-M
 * Mainline, the same on both apart from the stack guard: each profile's
 * arch_types.h defines struct arch_guard (an MPU region on ARMv7-M,
 * PSPLIM on ARMv8-M) and then includes this.
 */
#ifndef ARCH_MAINLINE_TYPES_H
#define ARCH_MAINLINE_TYPES_H

#include <stdint.h>

/* Per-thread arch state, what the switch code restores. */
struct arch_thread {
	struct arch_guard guard; /* the stack in use: user or kernel */
	uint32_t control;        /* CONTROL for thread mode: nPRIV (bit 0) */
};

/* What only an unprivileged thread has (in its struct thread_user): the
 * syscall entry and exit's state (arch/mainline/syscall_entry.S). */
struct arch_thread_user {
	uint32_t user_exc_return;   /* in a syscall: how the user code entered it */
	uint32_t *kernel_stack_top; /* its syscall stack's top */
	uint32_t *user_sp;          /* in a syscall: the user code's frame; else NULL */
	struct arch_guard user_guard, kernel_guard;
};

/* The MPU regions of an unprivileged process (the profile's thread.c):
 * code, data, and up to two device windows, as register pairs (RBAR and
 * RASR on ARMv7-M, RBAR and RLAR on ARMv8-M) that one run of stores
 * writes through the MPU's register aliases. */
#define ARCH_PROCESS_REGIONS 4
struct arch_process {
	uint32_t regions[2 * ARCH_PROCESS_REGIONS];
};

#endif
