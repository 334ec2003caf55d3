/* SPDX-License-Identifier: MIT */
/*
 * BBC micro:bit v2 (Nordic nRF52833, Cortex-M4F at 64 MHz): console on
 * the UART, P0.06 (TX) and P1.08 (RX), which the board's interface chip
 * (a KL27 running DAPLink) bridges to its USB serial port, at 115200
 * baud.  The demo blinks the centre LED of the 5x5 matrix.
 *
 * The core always runs at 64 MHz; the UART's baud rate comes from the
 * 16 MHz peripheral clock, which is more accurate from the 32 MHz crystal
 * (HFXO) than from the internal RC oscillator, so board_init starts the
 * crystal and waits a bounded time, staying on the RC oscillator (and
 * saying so) if it does not start.  The board clock is TIMER0 free-running
 * at 16 MHz (boards/drivers/nrf_timer.c, the nRF51's TIMER unchanged), and
 * with tickless idle (BOARD_TICKLESS) its compare CC0 is the tick's alarm,
 * interrupt 8; with the periodic tick SysTick is the tick.
 *
 * Facts used and where they come from:
 *   - nRF52833 Product Specification v1.x: §4.2 memory (512 KiB flash at
 *     0x0, 128 KiB RAM at 0x20000000); §5.4 CLOCK (base 0x40000000,
 *     TASKS_HFCLKSTART +0x000, EVENTS_HFCLKSTARTED +0x100); §6.9 GPIO (P0
 *     at 0x50000000, P1 at 0x50000300; OUTSET +0x508, OUTCLR +0x50C,
 *     DIRSET +0x518, PIN_CNF[n] +0x700 + 4n); §6.33 UART (deprecated, register-compatible with
 *     the nRF51's: base 0x40002000, PSEL.TXD +0x50C and PSEL.RXD +0x514
 *     take the pin in bits 4:0 and the port in bit 5, BAUDRATE
 *     0x01D7E000 = 115200); §4.5 instantiation (interrupt numbers up to
 *     47; UARTE0/UART0 at 0x40002000 has ID, and so interrupt, 2;
 *     TIMER0 at 0x40008000, interrupt 8); §6.30 TIMER.
 *   - tech.microbit.org, "Schematics", V2 pinmap: P0.06 is
 *     UART_INTERNAL_RX and P1.08 UART_INTERNAL_TX, named from the KL27's
 *     side (its LPUART1 RX and TX), so the nRF52833 transmits on P0.06
 *     and receives on P1.08; the LED matrix rows are P0.21, P0.22, P0.15,
 *     P0.24, P0.19 and its columns P0.28, P0.11, P0.31, P1.05, P0.30; an
 *     LED lights when its row is high and its column low.
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "kernel/config.h"
#include "mmio.h"
#include "nrf_timer.h"
#include "uart.h"

#define CLOCK_TASKS_HFCLKSTART 0x40000000u
#define CLOCK_EVENTS_HFCLKSTARTED 0x40000100u
#define UART0_BASE 0x40002000u
#define UART0_IRQ 2
#define P0_BASE 0x50000000u
#define P1_BASE 0x50000300u
#define GPIO_OUTSET 0x508u
#define GPIO_OUTCLR 0x50cu
#define GPIO_DIRSET 0x518u
#define GPIO_PIN_CNF(pin) (0x700u + 4u * (pin))
#define PIN_CNF_INPUT_CONNECTED 0u /* DIR input, input buffer on */

/* A pin select value: bits 4:0 the pin, bit 5 the port. */
#define PIN(port, pin) (((port) << 5) | (pin))
#define UART_TX_PIN PIN(0u, 6u)
#define UART_RX_PIN PIN(1u, 8u)
#define UART_TX_P0_PIN 6u
#define UART_RX_P1_PIN 8u
#define LED_ROW3_PIN 15u /* P0.15 */
#define LED_COL3_PIN 31u /* P0.31 */

#define CORE_HZ 64000000u
#define HFCLK_POLLS 100000u

static const char *clock_note = "internal RC oscillator: the 32 MHz crystal did not start";

static void clock_init(void)
{
	mmio_write(CLOCK_EVENTS_HFCLKSTARTED, 0);
	mmio_write(CLOCK_TASKS_HFCLKSTART, 1);
	for (uint32_t i = 0; i < HFCLK_POLLS; i++) {
		if (mmio_read(CLOCK_EVENTS_HFCLKSTARTED)) {
			clock_note = "peripherals from the 32 MHz crystal";
			return;
		}
	}
}

void board_init(void)
{
	clock_init();
	nrf_timer_free_run(NRF_TIMER0);
	/* The UART's pins as its chapter asks (so they hold their levels
	 * when it is off): TXD an output, high; RXD an input. */
	mmio_write(P0_BASE + GPIO_OUTSET, 1u << UART_TX_P0_PIN);
	mmio_write(P0_BASE + GPIO_DIRSET, 1u << UART_TX_P0_PIN);
	mmio_write(P1_BASE + GPIO_PIN_CNF(UART_RX_P1_PIN), PIN_CNF_INPUT_CONNECTED);
	nrf51_uart_init(UART0_BASE, UART_TX_PIN, UART_RX_PIN, NRF51_UART_BAUD_115200);
	/* The centre LED: column 3 low for good, row 3 switches it. */
	mmio_write(P0_BASE + GPIO_OUTCLR, (1u << LED_COL3_PIN) | (1u << LED_ROW3_PIN));
	mmio_write(P0_BASE + GPIO_DIRSET, (1u << LED_COL3_PIN) | (1u << LED_ROW3_PIN));
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

void isr_irq2(void) /* UARTE0_UART0 */
{
	console_rx_interrupt();
}

bool board_led_set(bool on)
{
	mmio_write(P0_BASE + (on ? GPIO_OUTSET : GPIO_OUTCLR), 1u << LED_ROW3_PIN);
	return true;
}

uint32_t board_cpu_hz(void)
{
	return CORE_HZ;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (%s), %s\n", (unsigned long)CORE_HZ, clock_note,
	       CONFIG_TICKLESS ? "tick from TIMER0's compare, tickless" : "SysTick on core clock");
}

const struct board_info board_info = {
	.name = "microbit-v2",
	.description = "BBC micro:bit v2 (nRF52833, Cortex-M4F)",
	.console = "nRF52 UART0 @ 0x40002000 (P0.06/P1.08, the USB serial port)",
	.console_can_receive = true,
};
