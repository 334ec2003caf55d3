/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for a profile's arch_types.h: lets portable kernel files
 * (mutex.c, pool.c, waitq.c, ...) compile into host unit tests.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

#define ARCH_IRQ_UNLOCKED 0u
#define ARCH_STACK_GUARD_BYTES 64
#define ARCH_STACK_ALIGN 64
#define ARCH_STACK_OVERHEAD_BYTES (2 * ARCH_STACK_GUARD_BYTES - 8)
#define ARCH_CONTEXT_MAX_BYTES 68

struct arch_thread {
	uint32_t unused;
};

struct arch_thread_user {
	uint32_t unused;
};

struct arch_process {
	uint32_t unused;
};

#define ARCH_HAS_MPU 1

#endif
