/* SPDX-License-Identifier: MIT */
/*
 * Points within a tick, for the tickless test and benchmark
 * (tests/target/tickless.c, bench/tickless.c): spinning to a given
 * phase of the current tick, and telling a tick counted late.
 */
#ifndef TICK_PHASE_H
#define TICK_PHASE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "kernel/time.h"

/* Spins until the current tick is that many core cycles old (the tick
 * may end meanwhile: the point is a random phase, not a given tick). */
static inline void spin_into_tick(uint32_t cycles)
{
	uint32_t tick = time_ticks();

	while (time_ticks() == tick && arch_tick_fraction() < cycles)
		;
}

/* A phase drawn from random (a number below its argument), in core
 * cycles; 0 where the tick has no finer clock under it
 * (arch_tick_period() 0: the micro:bit's board tick). */
static inline uint32_t random_phase(uint32_t period, uint32_t (*random_below)(uint32_t))
{
	return period ? random_below(period) : 0;
}

/* Whether the current tick is at least a whole period old, which a tick
 * just counted never is. */
static inline bool tick_overdue(uint32_t period)
{
	return period != 0 && arch_tick_fraction() >= period;
}

#endif
