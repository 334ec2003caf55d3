/* SPDX-License-Identifier: MIT */
/*
 * ARM MPS3 FPGA, AN547 image (Cortex-M55 in the SSE-300 subsystem): fixed
 * 32 MHz clocks, console on the CMSDK UART0 through its Secure alias.
 * Everything runs Secure and privileged: no SAU, MPC or PPC set-up is
 * needed for that.
 *
 * The console's receive interrupt is UART 0's combined line, IRQ 43 (the
 * AN547 application note's interrupt map: 33 UART 0 receive, 34 transmit,
 * 43 combined, the OR of its enabled interrupts).  With only the receive
 * interrupt enabled the combined line is that interrupt, and it does not
 * depend on the receive and transmit lines' order, which QEMU had swapped
 * (hw/arm/mps2-tz.c, fixed in 2024: "fix RX/TX interrupts order").
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "uart.h"

#define AN547_UART0 0x59303000u /* Secure alias; Non-secure 0x49303000 */
#define AN547_UART0_IRQ 43      /* UART 0 combined */
#define AN547_CLOCK_HZ 32000000u
#define AN547_CONSOLE_BAUD 115200u

void board_init(void)
{
	cmsdk_uart_init(AN547_UART0, AN547_CLOCK_HZ, AN547_CONSOLE_BAUD);
}

void board_console_putc(char c)
{
	cmsdk_uart_putc(AN547_UART0, c);
}

int board_console_getc(void)
{
	return cmsdk_uart_getc(AN547_UART0);
}

/* The console's receive interrupt (board.h).  The CMSDK UART latches it:
 * cleared before the kernel reads (uart_cmsdk.c). */
unsigned board_console_rx_irq_on(void)
{
	cmsdk_uart_rx_irq_on(AN547_UART0);
	return AN547_UART0_IRQ;
}

void isr_irq43(void) /* UART 0 combined */
{
	cmsdk_uart_rx_irq_ack(AN547_UART0);
	console_rx_interrupt();
}

uint32_t board_cpu_hz(void)
{
	return AN547_CLOCK_HZ;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (FPGA fixed), SysTick on core clock; Secure state\n",
	       (unsigned long)AN547_CLOCK_HZ);
}

const struct board_info board_info = {
	.name = "mps3-an547",
	.description = "ARM MPS3 FPGA, AN547 image (Cortex-M55)",
	.console = "CMSDK UART0 @ 0x59303000 (Secure alias)",
	.console_can_receive = true,
};
