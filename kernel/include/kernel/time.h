/* SPDX-License-Identifier: MIT */
/*
 * Kernel time: a 32-bit tick counter that wraps.
 *
 * Deadlines are compared by signed difference, so the order is right
 * across the wrap as long as every deadline lies less than 2^31 ticks from
 * now; that is why a timeout may be at most TIMEOUT_MAX_TICKS.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define TIMEOUT_NO_WAIT 0u
#define TIMEOUT_FOREVER 0xffffffffu
#define TIMEOUT_MAX_TICKS 0x7fffffffu

/* True when tick a comes strictly before tick b (wrap-safe). */
static inline bool tick_before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

/* True when deadline has been reached at tick now (wrap-safe). */
static inline bool tick_reached(uint32_t now, uint32_t deadline)
{
	return (int32_t)(now - deadline) >= 0;
}

/* A timeout argument is TIMEOUT_NO_WAIT, TIMEOUT_FOREVER or at most
 * TIMEOUT_MAX_TICKS (one compare: FOREVER + 1 wraps to 0). */
static inline bool timeout_valid(uint32_t timeout_ticks)
{
	return timeout_ticks + 1u <= TIMEOUT_MAX_TICKS + 1u;
}

/* The tick counter.  Context: any. */
uint32_t time_ticks(void);

/* Milliseconds to ticks, rounded up so a wait never ends early in ticks. */
static inline uint64_t time_ms_to_ticks(uint32_t ms, uint32_t tick_hz)
{
	return ((uint64_t)ms * tick_hz + 999u) / 1000u;
}

#endif
