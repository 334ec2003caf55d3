/* SPDX-License-Identifier: MIT */
/*
 * The ARM CMSDK APB timer (MPS2 FPGA images, the SSE-200's TIMER0 and
 * TIMER1): a 32-bit counter that counts down at the peripheral clock,
 * raises its interrupt as it reaches 0 and reloads.  Two uses here:
 *
 *   - a free-running clock (cmsdk_timer_free_run, cmsdk_timer_count):
 *     counting down from 2^32 - 1 for ever, read inverted so that it
 *     counts up, wrapping every 2^32 clocks;
 *   - tickless idle's alarm (board.h: board_alarm_start, board_alarm_at):
 *     a write to VALUE starts a count down of that many clocks, so an
 *     alarm set from a reading of a clock on the same source comes at
 *     that count or just after, never before.
 */
#ifndef BOARD_DRIVERS_CMSDK_TIMER_H
#define BOARD_DRIVERS_CMSDK_TIMER_H

#include <stdint.h>

void cmsdk_timer_free_run(uintptr_t base);
uint32_t cmsdk_timer_count(uintptr_t base);

/* An alarm on the timer at base, whose interrupt line is irq:
 * cmsdk_alarm_start starts it with nothing pending; cmsdk_alarm_in sets
 * it counts clocks from now (at once if counts <= 0), dropping an alarm
 * that came and was not taken.  The tick's alarm (board.h) has
 * cmsdk_alarm_interrupt as its handler's body, which acknowledges and
 * calls arch_tick_alarm_interrupt; any other alarm acknowledges with
 * cmsdk_alarm_ack in its own handler. */
void cmsdk_alarm_start(uintptr_t base, unsigned irq);
void cmsdk_alarm_in(uintptr_t base, unsigned irq, int32_t counts);
void cmsdk_alarm_interrupt(uintptr_t base);

void cmsdk_alarm_ack(uintptr_t base);

#endif
