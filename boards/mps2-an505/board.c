/* SPDX-License-Identifier: MIT */
/*
 * ARM MPS2+ FPGA, AN505 image (Cortex-M33 in the SSE-200 subsystem):
 * fixed 20 MHz clocks, console on the CMSDK UART0 through its Secure
 * alias.  Everything runs Secure and privileged: no SAU, MPC or PPC
 * set-up is needed for that (they reset to "all Secure").
 *
 * The console's receive interrupt is UART 0's combined line, IRQ 42 (the
 * AN505 application note's interrupt map: 32 UART 0 receive, 33 transmit,
 * 42 combined, the OR of its enabled interrupts).  With only the receive
 * interrupt enabled the combined line is that interrupt, and it does not
 * depend on the receive and transmit lines' order, which QEMU had swapped
 * (hw/arm/mps2-tz.c, fixed in 2024: "fix RX/TX interrupts order").
 *
 * The board clock (board.h) is the SSE-200's TIMER0, started in
 * board_init and left counting down from 2^32 - 1 at the 20 MHz core
 * clock, read inverted; TIMER1 is tickless idle's alarm (cmsdk_timer.h).
 * Both through their Secure aliases, on IRQ 3 and 4 (SSE-200 interrupt
 * map).
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "cmsdk_timer.h"
#include "uart.h"

#define AN505_UART0 0x50200000u /* Secure alias; Non-secure 0x40200000 */
#define AN505_UART0_IRQ 42      /* UART 0 combined */
#define AN505_CLOCK_HZ 20000000u
#define AN505_CONSOLE_BAUD 115200u
#define AN505_TIMER0 0x50000000u /* the board clock */
#define AN505_TIMER1 0x50001000u /* tickless idle's alarm */
#define AN505_TIMER1_IRQ 4

void board_init(void)
{
	cmsdk_uart_init(AN505_UART0, AN505_CLOCK_HZ, AN505_CONSOLE_BAUD);
	cmsdk_timer_free_run(AN505_TIMER0);
}

void board_console_putc(char c)
{
	cmsdk_uart_putc(AN505_UART0, c);
}

int board_console_getc(void)
{
	return cmsdk_uart_getc(AN505_UART0);
}

/* The console's receive interrupt (board.h).  The CMSDK UART latches it:
 * cleared before the kernel reads (uart_cmsdk.c). */
unsigned board_console_rx_irq_on(void)
{
	cmsdk_uart_rx_irq_on(AN505_UART0);
	return AN505_UART0_IRQ;
}

void isr_irq42(void) /* UART 0 combined */
{
	cmsdk_uart_rx_irq_ack(AN505_UART0);
	console_rx_interrupt();
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

uint32_t board_clock_now(void)
{
	return cmsdk_timer_count(AN505_TIMER0);
}

uint32_t board_clock_hz(void)
{
	return AN505_CLOCK_HZ;
}

bool board_clock_from_reset(void)
{
	return false; /* from board_init */
}

#if CONFIG_TICKLESS
void board_alarm_start(void)
{
	cmsdk_alarm_start(AN505_TIMER1, AN505_TIMER1_IRQ);
}

/* TIMER1 counts the same 20 MHz as TIMER0. */
void board_alarm_at(uint32_t at)
{
	cmsdk_alarm_in(AN505_TIMER1, AN505_TIMER1_IRQ, (int32_t)(at - board_clock_now()));
}

void isr_irq4(void) /* TIMER1: the tick's alarm */
{
	cmsdk_alarm_interrupt(AN505_TIMER1);
}
#endif

const struct board_info board_info = {
	.name = "mps2-an505",
	.description = "ARM MPS2+ FPGA, AN505 image (Cortex-M33)",
	.console = "CMSDK UART0 @ 0x50200000 (Secure alias)",
	.console_can_receive = true,
};
