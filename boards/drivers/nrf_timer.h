/* SPDX-License-Identifier: MIT */
/*
 * The Nordic TIMER (nRF51 Reference Manual §18, nRF52833 Product
 * Specification §6.30: the same registers): a counter of the 16 MHz
 * peripheral clock divided by 2^PRESCALER, 8 to 32 bits wide, with four
 * compare/capture registers CC[0..3].  Two uses here:
 *
 *   - a free-running clock (nrf_timer_free_run, nrf_timer_count): 32
 *     bits at 16 MHz, read by capturing the count into CC[1];
 *   - tickless idle's alarm (board.h: board_alarm_start, board_alarm_at)
 *     on the same timer's CC[0]: its compare event comes when the count
 *     equals it, so one already passed when it is written (or reached as
 *     it is) is made pending at once instead of a wrap later.
 *
 * And nrf_timer_start for any other use (the micro:bit's periodic tick).
 *
 * Both micro:bits take their board clock and tickless alarm (board.h)
 * from TIMER0 through this file, which defines board_clock_now,
 * board_clock_hz, board_clock_from_reset, board_alarm_start,
 * board_alarm_at and TIMER0's handler: every nRF51 and nRF52 has TIMER0
 * at NRF_TIMER0, interrupt NRF_TIMER0_IRQ.  The board's board_init starts
 * it (nrf_timer_free_run).
 */
#ifndef BOARD_DRIVERS_NRF_TIMER_H
#define BOARD_DRIVERS_NRF_TIMER_H

#include <stdint.h>

#define NRF_TIMER_BITMODE_16 0u
#define NRF_TIMER_BITMODE_32 3u
#define NRF_TIMER_HZ 16000000u /* at PRESCALER 0 */
#define NRF_TIMER0 0x40008000u
#define NRF_TIMER0_IRQ 8

/* Clears the timer and starts it counting in timer mode. */
void nrf_timer_start(uintptr_t base, uint32_t bitmode, uint32_t prescaler);

void nrf_timer_free_run(uintptr_t base);
uint32_t nrf_timer_count(uintptr_t base);

/* The tick's alarm on CC[0] of the free-running timer at base, whose
 * interrupt line is irq; nrf_alarm_interrupt is its handler's body, which
 * acknowledges and calls arch_tick_alarm_interrupt. */
void nrf_alarm_start(uintptr_t base, unsigned irq);
void nrf_alarm_at(uintptr_t base, unsigned irq, uint32_t at);
void nrf_alarm_interrupt(uintptr_t base);

#endif
