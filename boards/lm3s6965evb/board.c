/* SPDX-License-Identifier: MIT */
/*
 * TI Stellaris LM3S6965 evaluation board (EK-LM3S6965): Cortex-M3 at
 * 50 MHz from the 8 MHz crystal through the 400 MHz PLL, console on UART0
 * (PL011, PA0/PA1, the board's USB virtual COM port).
 *
 * Clock set-up follows the data sheet's order (LM3S6965 §6.3): bypass the
 * PLL, select the crystal, power the PLL, choose the divider, wait for lock,
 * then switch over.  The wait is bounded: if the PLL never locks the board
 * stays on the crystal and says so.
 *
 * The console's receive interrupt is UART0's, interrupt 5 (the data
 * sheet's interrupt table; QEMU's stellaris model wires UART0 to it).
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "mmio.h"
#include "uart.h"

#define SYSCTL_RIS 0x400fe050u
#define SYSCTL_RCC 0x400fe060u
#define SYSCTL_RCGC1 0x400fe104u
#define SYSCTL_RCGC2 0x400fe108u
#define GPIOA_AFSEL 0x40004420u
#define GPIOA_DEN 0x4000451cu
#define UART0_BASE 0x4000c000u
#define UART0_IRQ 5

#define RIS_PLLLRIS (1u << 6)
#define RCC_MOSCDIS (1u << 0)
#define RCC_OSCSRC_MASK (3u << 4)
#define RCC_XTAL_MASK (0xfu << 6)
#define RCC_XTAL_8MHZ (0xeu << 6)
#define RCC_BYPASS (1u << 11)
#define RCC_PWRDN (1u << 13)
#define RCC_USESYSDIV (1u << 22)
#define RCC_SYSDIV_MASK (0xfu << 23)
#define RCC_SYSDIV_4 (3u << 23) /* 400 MHz / 2 / 4 = 50 MHz */

#define CRYSTAL_HZ 8000000u
#define PLL_CORE_HZ 50000000u
#define PLL_LOCK_POLLS 100000u
#define CONSOLE_BAUD 115200u

static uint32_t cpu_hz = CRYSTAL_HZ;
static const char *clock_note = "crystal, PLL did not lock";

static void clock_init(void)
{
	uint32_t rcc = mmio_read(SYSCTL_RCC);

	rcc = (rcc | RCC_BYPASS) & ~RCC_USESYSDIV;
	mmio_write(SYSCTL_RCC, rcc);
	rcc &= ~(RCC_XTAL_MASK | RCC_OSCSRC_MASK | RCC_MOSCDIS | RCC_PWRDN);
	rcc |= RCC_XTAL_8MHZ;
	mmio_write(SYSCTL_RCC, rcc);
	rcc = (rcc & ~RCC_SYSDIV_MASK) | RCC_SYSDIV_4 | RCC_USESYSDIV;
	mmio_write(SYSCTL_RCC, rcc);

	for (uint32_t i = 0; i < PLL_LOCK_POLLS; i++) {
		if (mmio_read(SYSCTL_RIS) & RIS_PLLLRIS) {
			mmio_write(SYSCTL_RCC, rcc & ~RCC_BYPASS);
			cpu_hz = PLL_CORE_HZ;
			clock_note = "8 MHz crystal, PLL 400 MHz / 8";
			return;
		}
	}
}

void board_init(void)
{
	clock_init();
	mmio_write(SYSCTL_RCGC1, mmio_read(SYSCTL_RCGC1) | 1u); /* UART0 */
	mmio_write(SYSCTL_RCGC2, mmio_read(SYSCTL_RCGC2) | 1u); /* GPIOA */
	mmio_write(GPIOA_AFSEL, mmio_read(GPIOA_AFSEL) | 3u);   /* PA0/PA1 */
	mmio_write(GPIOA_DEN, mmio_read(GPIOA_DEN) | 3u);
	pl011_init(UART0_BASE, cpu_hz, CONSOLE_BAUD);
}

void board_console_putc(char c)
{
	pl011_putc(UART0_BASE, c);
}

int board_console_getc(void)
{
	return pl011_getc(UART0_BASE);
}

/* The console's receive interrupt (board.h).  Receive and receive timeout,
 * cleared before the kernel reads (uart_pl011.c). */
unsigned board_console_rx_irq_on(void)
{
	pl011_rx_irq_on(UART0_BASE);
	return UART0_IRQ;
}

void isr_irq5(void) /* UART0 */
{
	pl011_rx_irq_ack(UART0_BASE);
	console_rx_interrupt();
}

uint32_t board_cpu_hz(void)
{
	return cpu_hz;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (%s), SysTick on core clock\n", (unsigned long)cpu_hz,
	       clock_note);
}

const struct board_info board_info = {
	.name = "lm3s6965evb",
	.description = "TI Stellaris EK-LM3S6965 (LM3S6965, Cortex-M3)",
	.console = "PL011 UART0 @ 0x4000c000",
	.console_can_receive = true,
};
