/* SPDX-License-Identifier: MIT */
/*
 * The board clock's default (board.h: board_clock_now, board_clock_hz,
 * board_clock_from_reset), for boards without a finer timer of their own:
 * weak, so a board that defines the three replaces all of them.  Also the
 * defaults of board_tick_start (no board timer, SysTick ticks),
 * board_idle_wait (no sleep deeper than WFI) and board_led_set (no LED).
 *
 * It counts core clock cycles: the kernel's tick count times the SysTick
 * period, plus how far SysTick has counted down into the current period.
 * SysTick runs at the core clock (arch_tick_start sets CLKSOURCE), so a
 * count is one core cycle.  Before the kernel starts its tick SysTick is
 * off and the clock stands still.
 *
 * Reading it takes no lock: the tick count is read before and after
 * SysTick, and the pair is retried if a tick handler ran in between.  A
 * period that has ended while its handler is still pending (the caller
 * holds the kernel lock, or is a more urgent handler) is counted through
 * PENDSTSET.
 *
 * Limits: the count jumps when the 32-bit tick count wraps (after 2^32
 * ticks: 49 days at 1 kHz) unless the period is a power of two; a caller
 * that keeps the tick handler from running for more than a whole period
 * loses that period.
 *
 * With tickless idle (CONFIG_TICKLESS) the tick has no period to build a
 * clock from: the board gives the clock, or SysTick does (tick.c).
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "board.h"
#include "cortex_m.h"
#include "kernel/time.h"

#if !CONFIG_TICKLESS /* tickless: the board's clock, or SysTick's (tick.c) */

__attribute__((weak)) uint32_t board_clock_now(void)
{
	uint32_t period = SYST_RVR + 1;
	uint32_t before, ticks, current;

	do {
		before = time_ticks();
		ticks = before;
		current = SYST_CVR;
		if (SCB_ICSR & ICSR_PENDSTSET) {
			/* The period ended and its handler has not run: the
			 * reload has certainly happened now, so read again. */
			current = SYST_CVR;
			ticks++;
		}
	} while (time_ticks() != before);
	return ticks * period + (period - 1 - current);
}

__attribute__((weak)) uint32_t board_clock_hz(void)
{
	return board_cpu_hz();
}

__attribute__((weak)) bool board_clock_from_reset(void)
{
	return false;
}

#endif /* !CONFIG_TICKLESS */

/* No board timer for the tick: the kernel uses SysTick (board.h). */
__attribute__((weak)) bool board_tick_start(uint32_t tick_hz, void (*tick)(void))
{
	(void)tick_hz;
	(void)tick;
	return false;
}

/* No sleep state deeper than WFI (board.h). */
__attribute__((weak)) void board_idle_wait(uint32_t ticks)
{
	(void)ticks;
	arch_idle_wait();
}

/* No user LED (board.h). */
__attribute__((weak)) bool board_led_set(bool on)
{
	(void)on;
	return false;
}
