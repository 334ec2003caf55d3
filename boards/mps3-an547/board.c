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
 *
 * The board clock (board.h) is the SSE-300's system counter (64 bits at
 * the 32 MHz main clock, enabled in board_init), read through System
 * Timer 0's CNTPCT; with tickless idle (BOARD_TICKLESS) that timer's
 * compare is the tick's alarm, on IRQ 3 (SSE-300 TRM: System Timer 0 at
 * 0x48000000, Secure alias 0x58000000; the counter's control frame at
 * 0x58100000).
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "mmio.h"
#include "uart.h"

#define AN547_UART0 0x59303000u /* Secure alias; Non-secure 0x49303000 */
#define AN547_UART0_IRQ 43      /* UART 0 combined */
#define AN547_CLOCK_HZ 32000000u
#define AN547_CONSOLE_BAUD 115200u
#define AN547_SYSCOUNTER_CNTCR 0x58100000u /* bit 0 EN */
#define AN547_TIMER0 0x58000000u           /* System Timer 0, Secure alias */
#define AN547_TIMER0_IRQ 3
/* System Timer registers (SSE-300 TRM, "System timer"). */
#define TIMER_CNTPCT_LO 0x00u
#define TIMER_CNTPCT_HI 0x04u
#define TIMER_CNTP_CVAL_LO 0x20u
#define TIMER_CNTP_CVAL_HI 0x24u
#define TIMER_CNTP_CTL 0x2cu
#define CTL_ENABLE (1u << 0)
#define CTL_IMASK (1u << 1)

void board_init(void)
{
	cmsdk_uart_init(AN547_UART0, AN547_CLOCK_HZ, AN547_CONSOLE_BAUD);
	mmio_write(AN547_SYSCOUNTER_CNTCR, mmio_read(AN547_SYSCOUNTER_CNTCR) | 1u);
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

uint32_t board_clock_now(void)
{
	return mmio_read(AN547_TIMER0 + TIMER_CNTPCT_LO);
}

uint32_t board_clock_hz(void)
{
	return AN547_CLOCK_HZ;
}

bool board_clock_from_reset(void)
{
	return false; /* from board_init */
}

#if CONFIG_TICKLESS
void board_alarm_start(void)
{
	mmio_write(AN547_TIMER0 + TIMER_CNTP_CTL, CTL_ENABLE | CTL_IMASK);
	arch_irq_set_priority(AN547_TIMER0_IRQ, ARCH_TICK_PRIORITY);
	arch_irq_enable(AN547_TIMER0_IRQ);
}

/* The system counter's 64-bit count. */
static uint64_t counter_now(void)
{
	uint32_t hi, lo;

	do {
		hi = mmio_read(AN547_TIMER0 + TIMER_CNTPCT_HI);
		lo = mmio_read(AN547_TIMER0 + TIMER_CNTPCT_LO);
	} while (mmio_read(AN547_TIMER0 + TIMER_CNTPCT_HI) != hi);
	return ((uint64_t)hi << 32) | lo;
}

/* The compare is 64 bits, `at` on the counter's 64-bit count, rounded up
 * to a multiple of 4 counts (125 ns): QEMU (7.2) rounds the time of a
 * compare down to a whole nanosecond and spins without end on one that is
 * not (a count is 31.25 ns).  The interrupt is a level, high while the
 * count is past the compare (at once if it already is); masked while the
 * compare changes, and a pending state latched for the alarm before is
 * dropped once the level is low. */
void board_alarm_at(uint32_t at)
{
	uint64_t now = counter_now();
	uint64_t compare = now + (int64_t)(int32_t)(at - (uint32_t)now);

	compare = (compare + 3) & ~(uint64_t)3;
	mmio_write(AN547_TIMER0 + TIMER_CNTP_CTL, CTL_ENABLE | CTL_IMASK);
	mmio_write(AN547_TIMER0 + TIMER_CNTP_CVAL_HI, (uint32_t)(compare >> 32));
	mmio_write(AN547_TIMER0 + TIMER_CNTP_CVAL_LO, (uint32_t)compare);
	arch_irq_unpend(AN547_TIMER0_IRQ);
	mmio_write(AN547_TIMER0 + TIMER_CNTP_CTL, CTL_ENABLE);
}

void isr_irq3(void) /* System Timer 0: the tick's alarm */
{
	mmio_write(AN547_TIMER0 + TIMER_CNTP_CTL, CTL_ENABLE | CTL_IMASK); /* the level drops */
	arch_tick_alarm_interrupt();
}
#endif

const struct board_info board_info = {
	.name = "mps3-an547",
	.description = "ARM MPS3 FPGA, AN547 image (Cortex-M55)",
	.console = "CMSDK UART0 @ 0x59303000 (Secure alias)",
	.console_can_receive = true,
};
