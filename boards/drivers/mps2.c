/*
 * ARM MPS2 FPGA prototyping board, shared by its Cortex-M images
 * (AN385 M3, AN386 M4F, AN500 M7): fixed 25 MHz clocks, console on the
 * CMSDK UART0.  Each image's folder supplies board_info and its memory map.
 */
#include <stdio.h>

#include "board.h"
#include "uart.h"

#define MPS2_UART0 0x40004000u
#define MPS2_CLOCK_HZ 25000000u
#define MPS2_CONSOLE_BAUD 115200u

void board_init(void)
{
	cmsdk_uart_init(MPS2_UART0, MPS2_CLOCK_HZ, MPS2_CONSOLE_BAUD);
}

void board_console_putc(char c)
{
	cmsdk_uart_putc(MPS2_UART0, c);
}

int board_console_getc(void)
{
	return cmsdk_uart_getc(MPS2_UART0);
}

uint32_t board_cpu_hz(void)
{
	return MPS2_CLOCK_HZ;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (FPGA fixed), SysTick on core clock\n",
	       (unsigned long)MPS2_CLOCK_HZ);
}
