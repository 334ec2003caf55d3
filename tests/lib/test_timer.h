/* SPDX-License-Identifier: MIT */
/*
 * A timer the board leaves free, for a test's own interrupt: one that
 * comes a given number of board clock counts from now (the timer counts
 * the board clock's rate).  A board names it in its board.mk, with its
 * base address and interrupt:
 *
 *   BOARD_TEST_TIMER_CMSDK   a CMSDK APB timer (the MPS2 images' TIMER0)
 *   BOARD_TEST_TIMER_DUAL    timer 1 of a CMSDK dual timer (the AN505's)
 *   BOARD_TEST_TIMER_SSE     an SSE-300 System Timer (the AN547's Timer 1)
 *   BOARD_TEST_TIMER_GPTM    a Stellaris GPTM, 32-bit one-shot (Timer 1)
 *   BOARD_TEST_TIMER_NRF     an nRF51 TIMER at 16 MHz, compare 0 (TIMER2)
 *
 * each defined to the base, with BOARD_TEST_TIMER_IRQ the interrupt.
 * TEST_TIMER_HANDLER is the handler's name (isr_irq<n>); it must call
 * test_timer_ack() first.  Context: kernel threads, handlers.
 */
#ifndef TEST_TIMER_H
#define TEST_TIMER_H

#include <stdint.h>

#include "arch.h"
#include "board.h"
#include "mmio.h"

#if defined(BOARD_TEST_TIMER_CMSDK) || defined(BOARD_TEST_TIMER_DUAL) || \
	defined(BOARD_TEST_TIMER_SSE) || defined(BOARD_TEST_TIMER_GPTM) || \
	defined(BOARD_TEST_TIMER_NRF)
#define TEST_TIMER 1
#define TEST_TIMER_PASTE(a, b) a##b
#define TEST_TIMER_NAME(a, b) TEST_TIMER_PASTE(a, b)
#define TEST_TIMER_HANDLER TEST_TIMER_NAME(isr_irq, BOARD_TEST_TIMER_IRQ)
void TEST_TIMER_HANDLER(void);

/* The timer's interrupt on, at the tick's priority, nothing pending. */
static inline void test_timer_irq_on(void)
{
	arch_irq_set_priority(BOARD_TEST_TIMER_IRQ, ARCH_TICK_PRIORITY);
	arch_irq_unpend(BOARD_TEST_TIMER_IRQ);
	arch_irq_enable(BOARD_TEST_TIMER_IRQ);
}
#else
#define TEST_TIMER 0
#endif

#if defined(BOARD_TEST_TIMER_CMSDK)
#include "cmsdk_timer.h"

static inline void test_timer_start_in(uint32_t counts)
{
	cmsdk_alarm_start(BOARD_TEST_TIMER_CMSDK, BOARD_TEST_TIMER_IRQ);
	cmsdk_alarm_in(BOARD_TEST_TIMER_CMSDK, BOARD_TEST_TIMER_IRQ, (int32_t)counts);
}

static inline void test_timer_ack(void)
{
	cmsdk_alarm_ack(BOARD_TEST_TIMER_CMSDK);
}

#elif defined(BOARD_TEST_TIMER_DUAL)
/* Timer 1: LOAD +0x00, CONTROL +0x08 (bit 0 one-shot, 1 32-bit, 5
 * interrupt, 7 enable), INTCLR +0x0c. */
static inline void test_timer_start_in(uint32_t counts)
{
	mmio_write(BOARD_TEST_TIMER_DUAL + 0x08u, 0);
	mmio_write(BOARD_TEST_TIMER_DUAL + 0x0cu, 1);
	mmio_write(BOARD_TEST_TIMER_DUAL + 0x00u, counts);
	test_timer_irq_on();
	mmio_write(BOARD_TEST_TIMER_DUAL + 0x08u, (1u << 7) | (1u << 5) | (1u << 1) | (1u << 0));
}

static inline void test_timer_ack(void)
{
	mmio_write(BOARD_TEST_TIMER_DUAL + 0x0cu, 1);
}

#elif defined(BOARD_TEST_TIMER_SSE)
/* CNTPCT +0x00/+0x04, CNTP_CVAL +0x20/+0x24 (the 64-bit compare),
 * CNTP_CTL +0x2c (bit 0 enable, 1 mask).  The compare is put on a
 * multiple of 4 counts, as the AN547's alarm is (boards/mps3-an547/
 * board.c: QEMU spins on one that is not a whole nanosecond). */
static inline void test_timer_start_in(uint32_t counts)
{
	uint32_t hi, lo;

	do {
		hi = mmio_read(BOARD_TEST_TIMER_SSE + 0x04u);
		lo = mmio_read(BOARD_TEST_TIMER_SSE + 0x00u);
	} while (mmio_read(BOARD_TEST_TIMER_SSE + 0x04u) != hi);
	uint64_t compare = ((((uint64_t)hi << 32) | lo) + counts + 3u) & ~(uint64_t)3;

	mmio_write(BOARD_TEST_TIMER_SSE + 0x2cu, 3);
	mmio_write(BOARD_TEST_TIMER_SSE + 0x24u, (uint32_t)(compare >> 32));
	mmio_write(BOARD_TEST_TIMER_SSE + 0x20u, (uint32_t)compare);
	test_timer_irq_on();
	mmio_write(BOARD_TEST_TIMER_SSE + 0x2cu, 1);
}

static inline void test_timer_ack(void)
{
	mmio_write(BOARD_TEST_TIMER_SSE + 0x2cu, 3); /* masked: the level drops */
}

#elif defined(BOARD_TEST_TIMER_GPTM)
/* CFG +0x00 (0: 32 bits), TAMR +0x04 (1: one-shot), CTL +0x0c (bit 0
 * enable), IMR +0x18, ICR +0x24, TAILR +0x28; bit 0 the time-out. */
static inline void test_timer_start_in(uint32_t counts)
{
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x0cu, 0);
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x00u, 0);
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x04u, 1);
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x24u, 1);
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x18u, 1);
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x28u, counts);
	test_timer_irq_on();
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x0cu, 1);
}

static inline void test_timer_ack(void)
{
	mmio_write(BOARD_TEST_TIMER_GPTM + 0x24u, 1);
}

#elif defined(BOARD_TEST_TIMER_NRF)
/* START +0x000, STOP +0x004, CLEAR +0x00c, EVENTS_COMPARE[0] +0x140,
 * INTENSET +0x304, MODE +0x504, BITMODE +0x508 (3: 32 bits), PRESCALER
 * +0x510, CC[0] +0x540: the compare at `counts` from a cleared count. */
static inline void test_timer_start_in(uint32_t counts)
{
	mmio_write(BOARD_TEST_TIMER_NRF + 0x004u, 1);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x504u, 0);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x508u, 3);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x510u, 0);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x140u, 0);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x540u, counts);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x304u, 1u << 16);
	test_timer_irq_on();
	mmio_write(BOARD_TEST_TIMER_NRF + 0x00cu, 1);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x000u, 1);
}

static inline void test_timer_ack(void)
{
	mmio_write(BOARD_TEST_TIMER_NRF + 0x004u, 1);
	mmio_write(BOARD_TEST_TIMER_NRF + 0x140u, 0);
	(void)mmio_read(BOARD_TEST_TIMER_NRF + 0x140u); /* the write lands first */
}
#endif

static inline void test_timer_stop(void)
{
#if TEST_TIMER
	arch_irq_disable(BOARD_TEST_TIMER_IRQ);
#endif
}

#endif
