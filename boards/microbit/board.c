/*
 * BBC micro:bit v1 (Nordic nRF51822, Cortex-M0 at 16 MHz): console on the
 * UART, P0.24 (TX) and P0.25 (RX), which the board's interface chip
 * bridges to its USB serial port, at 115200 baud.
 *
 * The core starts on the internal 16 MHz RC oscillator; the UART's baud
 * rate is more accurate from the 16 MHz crystal, so board_init starts it
 * and waits a bounded time, staying on the RC oscillator (and saying so)
 * if it does not start.  The core clock is 16 MHz either way.
 */
#include <stdio.h>

#include "board.h"
#include "mmio.h"
#include "uart.h"

#define CLOCK_TASKS_HFCLKSTART 0x40000000u
#define CLOCK_EVENTS_HFCLKSTARTED 0x40000100u
#define UART0_BASE 0x40002000u
#define UART_TX_PIN 24u
#define UART_RX_PIN 25u

#define CORE_HZ 16000000u
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

uint32_t board_cpu_hz(void)
{
	return CORE_HZ;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (%s), SysTick on core clock\n", (unsigned long)CORE_HZ,
	       clock_note);
}

const struct board_info board_info = {
	.name = "microbit",
	.description = "BBC micro:bit v1 (nRF51822, Cortex-M0)",
	.console = "nRF51 UART0 @ 0x40002000 (P0.24/P0.25)",
	.console_can_receive = true,
};
