/* SPDX-License-Identifier: MIT */
/*
 * The time API (time.h) over the scheduler core's tick counter.
 */
#include "kernel/time.h"

#include "kernel/sched.h"

uint32_t time_ticks(void)
{
	return sched_ticks();
}
