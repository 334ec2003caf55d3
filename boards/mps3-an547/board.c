/* SPDX-License-Identifier: MIT */
/*
 * ARM MPS3 FPGA, AN547 image (Cortex-M55 in the SSE-300 subsystem): fixed
 * 32 MHz clocks, console on the CMSDK UART0 through its Secure alias.
 * Everything runs Secure and privileged: no SAU, MPC or PPC set-up is
 * needed for that.
 */
#include <stdio.h>

#include "board.h"
#include "uart.h"

#define AN547_UART0 0x59303000u /* Secure alias; Non-secure 0x49303000 */
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
