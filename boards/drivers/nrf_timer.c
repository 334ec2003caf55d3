/* SPDX-License-Identifier: MIT */
/* The Nordic TIMER (nrf_timer.h). */
#include "nrf_timer.h"

#include <stdbool.h>

#include "arch.h"
#include "board.h"
#include "kernel/config.h"
#include "mmio.h"

#define TIMER_START 0x000u
#define TIMER_CLEAR 0x00cu
#define TIMER_CAPTURE1 0x044u
#define TIMER_EVENTS_COMPARE0 0x140u
#define TIMER_INTENSET 0x304u
#define TIMER_MODE 0x504u
#define TIMER_BITMODE 0x508u
#define TIMER_PRESCALER 0x510u
#define TIMER_CC0 0x540u
#define TIMER_CC1 0x544u
#define INTEN_COMPARE0 (1u << 16)

void nrf_timer_start(uintptr_t base, uint32_t bitmode, uint32_t prescaler)
{
	mmio_write(base + TIMER_MODE, 0); /* timer, not counter */
	mmio_write(base + TIMER_BITMODE, bitmode);
	mmio_write(base + TIMER_PRESCALER, prescaler);
	mmio_write(base + TIMER_CLEAR, 1);
	mmio_write(base + TIMER_START, 1);
}

void nrf_timer_free_run(uintptr_t base)
{
	nrf_timer_start(base, NRF_TIMER_BITMODE_32, 0);
}

uint32_t nrf_timer_count(uintptr_t base)
{
	mmio_write(base + TIMER_CAPTURE1, 1);
	return mmio_read(base + TIMER_CC1);
}

void nrf_alarm_start(uintptr_t base, unsigned irq)
{
	mmio_write(base + TIMER_EVENTS_COMPARE0, 0);
	mmio_write(base + TIMER_INTENSET, INTEN_COMPARE0);
	arch_irq_set_priority(irq, ARCH_TICK_PRIORITY);
	arch_irq_enable(irq);
}

void nrf_alarm_at(uintptr_t base, unsigned irq, uint32_t at)
{
	mmio_write(base + TIMER_EVENTS_COMPARE0, 0);
	arch_irq_unpend(irq); /* an alarm come and not taken is done with */
	mmio_write(base + TIMER_CC0, at);
	if ((int32_t)(nrf_timer_count(base) - at) >= 0)
		arch_irq_trigger(irq);
}

void nrf_alarm_interrupt(uintptr_t base)
{
	mmio_write(base + TIMER_EVENTS_COMPARE0, 0);
	(void)mmio_read(base + TIMER_EVENTS_COMPARE0); /* the write lands first */
	arch_tick_alarm_interrupt();
}

/* The board clock and tickless idle's alarm on TIMER0 (board.h). */
uint32_t board_clock_now(void)
{
	return nrf_timer_count(NRF_TIMER0);
}

uint32_t board_clock_hz(void)
{
	return NRF_TIMER_HZ;
}

bool board_clock_from_reset(void)
{
	return false; /* from board_init */
}

#if CONFIG_TICKLESS
void board_alarm_start(void)
{
	nrf_alarm_start(NRF_TIMER0, NRF_TIMER0_IRQ);
}

void board_alarm_at(uint32_t at)
{
	nrf_alarm_at(NRF_TIMER0, NRF_TIMER0_IRQ, at);
}

void isr_irq8(void) /* NRF_TIMER0_IRQ: TIMER0 compare 0, the tick's alarm */
{
	nrf_alarm_interrupt(NRF_TIMER0);
}
#endif
