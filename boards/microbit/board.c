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
 * (nRF51 reference manual, TIMER chapter; boards/drivers/nrf_timer.c).
 * With tickless idle (BOARD_TICKLESS) the tick's alarm is TIMER0's
 * compare CC0, interrupt 8; with the periodic tick the tick comes from
 * TIMER1 (1 MHz, compare and clear).
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
#include "nrf_timer.h"
#include "uart.h"

#define CLOCK_TASKS_HFCLKSTART 0x40000000u
#define CLOCK_EVENTS_HFCLKSTARTED 0x40000100u
#define UART0_BASE 0x40002000u
#define UART_TX_PIN 24u
#define UART_RX_PIN 25u
#define UART0_IRQ 2

#define TIMER1_BASE 0x40009000u /* kernel tick: 16 bits at most, 1 MHz */
#define TIMER1_IRQ 9
#define TIMER_EVENTS_COMPARE0 0x140u
#define TIMER_SHORTS 0x200u
#define TIMER_INTENSET 0x304u
#define TIMER_CC0 0x540u
#define SHORTS_COMPARE0_CLEAR (1u << 0)
#define INTEN_COMPARE0 (1u << 16)

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

void board_init(void)
{
	clock_init();
	nrf_timer_free_run(NRF_TIMER0);
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
	nrf_timer_start(TIMER1_BASE, NRF_TIMER_BITMODE_16, 4);
	return true;
}

void isr_irq9(void)
{
	mmio_write(TIMER1_BASE + TIMER_EVENTS_COMPARE0, 0);
	(void)mmio_read(TIMER1_BASE + TIMER_EVENTS_COMPARE0); /* the write lands first */
	tick_handler();
}

const struct board_info board_info = {
	.name = "microbit",
	.description = "BBC micro:bit v1 (nRF51822, Cortex-M0)",
	.console = "nRF51 UART0 @ 0x40002000 (P0.24/P0.25)",
	.console_can_receive = true,
};
