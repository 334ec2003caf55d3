/* SPDX-License-Identifier: MIT */
/*
 * BBC micro:bit v1 (Nordic nRF51822, Cortex-M0 at 16 MHz): console on the
 * UART, P0.24 (TX) and P0.25 (RX), which the board's interface chip
 * bridges to its USB serial port, at 115200 baud.
 *
 * The core starts on the internal 16 MHz RC oscillator; the UART's baud
 * rate is more accurate from the 16 MHz crystal, so board_init starts it
 * and waits a bounded time, staying on the RC oscillator (and saying so)
 * if it does not start.  The core clock is 16 MHz either way.
 *
 * The nRF51's Cortex-M0 has no SysTick (QEMU models one anyway).  The
 * board clock is TIMER0 free-running at 16 MHz, read by capture into CC1
 * (nRF51 reference manual, TIMER chapter).  With tickless idle
 * (BOARD_TICKLESS) the tick's alarm is TIMER0's compare CC0, interrupt 8;
 * with the periodic tick the tick comes from TIMER1 (1 MHz, compare and
 * clear).
 *
 * The console's receive interrupt is UART0's, IRQ 2: an nRF51
 * peripheral's interrupt number is its ID, bits 17:12 of its base
 * address (Reference Manual, "Peripheral interface"; QEMU's nrf51 model
 * wires it so).
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "mmio.h"
#include "uart.h"

#define CLOCK_TASKS_HFCLKSTART 0x40000000u
#define CLOCK_EVENTS_HFCLKSTARTED 0x40000100u
#define UART0_BASE 0x40002000u
#define UART_TX_PIN 24u
#define UART_RX_PIN 25u
#define UART0_IRQ 2

#define TIMER0_BASE 0x40008000u /* board clock: 32 bits, 16 MHz; CC0 the tickless alarm */
#define TIMER0_IRQ 8
#define TIMER1_BASE 0x40009000u /* kernel tick: 16 bits at most, 1 MHz */
#define TIMER1_IRQ 9
#define TIMER_START 0x000u
#define TIMER_CLEAR 0x00cu
#define TIMER_CAPTURE1 0x044u
#define TIMER_EVENTS_COMPARE0 0x140u
#define TIMER_SHORTS 0x200u
#define TIMER_INTENSET 0x304u
#define TIMER_MODE 0x504u
#define TIMER_BITMODE 0x508u
#define TIMER_PRESCALER 0x510u
#define TIMER_CC0 0x540u
#define TIMER_CC1 0x544u
#define SHORTS_COMPARE0_CLEAR (1u << 0)
#define INTEN_COMPARE0 (1u << 16)
#define BITMODE_16 0u
#define BITMODE_32 3u

#define CORE_HZ 16000000u
#define TICK_TIMER_HZ 1000000u /* 16 MHz / 2^4 */
#define HFCLK_POLLS 100000u

static const char *clock_note = "internal RC oscillator, crystal did not start";

static void clock_init(void)
{
	mmio_write(CLOCK_EVENTS_HFCLKSTARTED, 0);
	mmio_write(CLOCK_TASKS_HFCLKSTART, 1);
	for (uint32_t i = 0; i < HFCLK_POLLS; i++) {
		if (mmio_read(CLOCK_EVENTS_HFCLKSTARTED)) {
			clock_note = "16 MHz crystal";
			return;
		}
	}
}

static void timer_start(uintptr_t base, uint32_t bitmode, uint32_t prescaler)
{
	mmio_write(base + TIMER_MODE, 0); /* timer, not counter */
	mmio_write(base + TIMER_BITMODE, bitmode);
	mmio_write(base + TIMER_PRESCALER, prescaler);
	mmio_write(base + TIMER_CLEAR, 1);
	mmio_write(base + TIMER_START, 1);
}

void board_init(void)
{
	clock_init();
	timer_start(TIMER0_BASE, BITMODE_32, 0);
	nrf51_uart_init(UART0_BASE, UART_TX_PIN, UART_RX_PIN, NRF51_UART_BAUD_115200);
}

void board_console_putc(char c)
{
	nrf51_uart_putc(UART0_BASE, c);
}

int board_console_getc(void)
{
	return nrf51_uart_getc(UART0_BASE);
}

/* The console's receive interrupt (board.h).  RXDRDY: reading the byte
 * clears it (uart_nrf51.c). */
unsigned board_console_rx_irq_on(void)
{
	nrf51_uart_rx_irq_on(UART0_BASE);
	return UART0_IRQ;
}

void isr_irq2(void) /* UART0 */
{
	console_rx_interrupt();
}

uint32_t board_cpu_hz(void)
{
	return CORE_HZ;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (%s); tick from %s (the nRF51 has no SysTick)\n",
	       (unsigned long)CORE_HZ, clock_note,
	       CONFIG_TICKLESS ? "TIMER0's compare, tickless" : "TIMER1");
}

uint32_t board_clock_now(void)
{
	mmio_write(TIMER0_BASE + TIMER_CAPTURE1, 1);
	return mmio_read(TIMER0_BASE + TIMER_CC1);
}

uint32_t board_clock_hz(void)
{
	return CORE_HZ;
}

bool board_clock_from_reset(void)
{
	return false;
}

static void (*tick_handler)(void);

bool board_tick_start(uint32_t tick_hz, void (*tick)(void))
{
	uint32_t period = tick_hz ? TICK_TIMER_HZ / tick_hz : 0;

	if (period == 0 || period > 0xffffu || period * tick_hz != TICK_TIMER_HZ)
		return false; /* not a whole number of 1 MHz counts in 16 bits */
	tick_handler = tick;
	mmio_write(TIMER1_BASE + TIMER_CC0, period);
	mmio_write(TIMER1_BASE + TIMER_SHORTS, SHORTS_COMPARE0_CLEAR);
	mmio_write(TIMER1_BASE + TIMER_INTENSET, INTEN_COMPARE0);
	arch_irq_set_priority(TIMER1_IRQ, 0x80);
	arch_irq_enable(TIMER1_IRQ);
	timer_start(TIMER1_BASE, BITMODE_16, 4);
	return true;
}

void isr_irq9(void)
{
	mmio_write(TIMER1_BASE + TIMER_EVENTS_COMPARE0, 0);
	(void)mmio_read(TIMER1_BASE + TIMER_EVENTS_COMPARE0); /* the write lands first */
	tick_handler();
}

#if CONFIG_TICKLESS
static void (*alarm_fn)(void);

void board_alarm_start(void (*fn)(void))
{
	alarm_fn = fn;
	mmio_write(TIMER0_BASE + TIMER_EVENTS_COMPARE0, 0);
	mmio_write(TIMER0_BASE + TIMER_INTENSET, INTEN_COMPARE0);
	arch_irq_set_priority(TIMER0_IRQ, ARCH_TICK_PRIORITY);
	arch_irq_enable(TIMER0_IRQ);
}

/* The compare comes when the count equals CC0: a count already passed
 * when CC0 is written (or reached as it is) would wait a whole wrap, so
 * the clock is read after the write and the interrupt made pending if
 * `at` has come. */
void board_alarm_at(uint32_t at)
{
	mmio_write(TIMER0_BASE + TIMER_EVENTS_COMPARE0, 0);
	arch_irq_unpend(TIMER0_IRQ); /* an alarm come and not taken is done with */
	mmio_write(TIMER0_BASE + TIMER_CC0, at);
	if ((int32_t)(board_clock_now() - at) >= 0)
		arch_irq_trigger(TIMER0_IRQ);
}

void isr_irq8(void) /* TIMER0 compare 0: the tick's alarm */
{
	mmio_write(TIMER0_BASE + TIMER_EVENTS_COMPARE0, 0);
	(void)mmio_read(TIMER0_BASE + TIMER_EVENTS_COMPARE0); /* the write lands first */
	alarm_fn();
}
#endif

const struct board_info board_info = {
	.name = "microbit",
	.description = "BBC micro:bit v1 (nRF51822, Cortex-M0)",
	.console = "nRF51 UART0 @ 0x40002000 (P0.24/P0.25)",
	.console_can_receive = true,
};
