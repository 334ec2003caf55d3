/* SPDX-License-Identifier: MIT */
/* Host stand-in for a profile's arch_inline.h: one thread of control, no
 * interrupts, so the lock is a counter that checks its own nesting. */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#define ARCH_KERNEL_BASEPRI 0x40u
#define ARCH_TICK_PRIORITY 0xc0u

extern unsigned host_lock_depth;

static inline uint32_t arch_irq_lock(void)
{
	return host_lock_depth++ == 0 ? 0u : 1u;
}

static inline void arch_irq_unlock(uint32_t key)
{
	assert(host_lock_depth > 0);
	host_lock_depth--;
	assert((key == 0) == (host_lock_depth == 0));
}

static inline void arch_irq_unlock_quiet(uint32_t key)
{
	arch_irq_unlock(key);
}

static inline bool arch_in_isr(void)
{
	return false;
}

/* A switch request is counted (tests/host/test_sched.c plays the switch). */
extern unsigned host_switch_pends;

static inline void arch_switch_pend(void)
{
	host_switch_pends++;
}

/* The host plays every switch itself. */
#define ARCH_SWITCH_DIRECT 0

#endif
