/* SPDX-License-Identifier: MIT */
/*
 * ARM MPS2+ FPGA, AN505 image (Cortex-M33 in the SSE-200 subsystem):
 * fixed 20 MHz clocks, console on the CMSDK UART0 through its Secure
 * alias.  Everything runs Secure and privileged: no SAU, MPC or PPC
 * set-up is needed for that (they reset to "all Secure").
 */
#include <stdio.h>

#include "board.h"
#include "uart.h"

#define AN505_UART0 0x50200000u /* Secure alias; Non-secure 0x40200000 */
#define AN505_CLOCK_HZ 20000000u
#define AN505_CONSOLE_BAUD 115200u

void board_init(void)
{
	cmsdk_uart_init(AN505_UART0, AN505_CLOCK_HZ, AN505_CONSOLE_BAUD);
}

void board_console_putc(char c)
{
	cmsdk_uart_putc(AN505_UART0, c);
}

int board_console_getc(void)
{
	return cmsdk_uart_getc(AN505_UART0);
}

uint32_t board_cpu_hz(void)
{
	return AN505_CLOCK_HZ;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (FPGA fixed), SysTick on core clock; Secure state\n",
	       (unsigned long)AN505_CLOCK_HZ);
}

const struct board_info board_info = {
	.name = "mps2-an505",
	.description = "ARM MPS2+ FPGA, AN505 image (Cortex-M33)",
	.console = "CMSDK UART0 @ 0x50200000 (Secure alias)",
	.console_can_receive = true,
};
