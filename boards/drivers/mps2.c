/* SPDX-License-Identifier: MIT */
/*
 * ARM MPS2 FPGA prototyping board, shared by its Cortex-M images
 * (AN385 M3, AN386 M4F, AN500 M7): fixed 25 MHz clocks, console on the
 * CMSDK UART0.  Each image's folder supplies board_info and its memory map.
 *
 * The board clock (board.h) is the cycle counter of the FPGA's system
 * control block (FPGAIO COUNTER): it counts the 25 MHz clock whenever the
 * prescaler reload PRESCALE is 0, its reset value, so it runs from reset
 * with no set-up and a reading is the time since reset (QEMU resets it
 * with the machine, at virtual time 0).  Under QEMU -icount shift=0 a
 * count is 40 instructions.  The CMSDK timers count the same clock but
 * only once started.  With tickless idle (BOARD_TICKLESS) TIMER1 is the
 * tick's alarm (board.h, cmsdk_timer.h), on IRQ 9.  TIMER0 stays free for
 * applications.
 *
 * The console's receive interrupt is UART 0's own RX line, IRQ 0 (UART 0
 * transmit is IRQ 1), on all three images: the AN385 application note's
 * interrupt map, which the AN386 and AN500 keep, and QEMU's mps2 model,
 * which wires UART n's RX to IRQ 0, 2, 4, 18, 20 and TX to the next one.
 */
#include <stdbool.h>
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "cmsdk_timer.h"
#include "mmio.h"
#include "uart.h"

#define MPS2_UART0 0x40004000u
#define MPS2_UART0_RX_IRQ 0
#define MPS2_FPGAIO_COUNTER 0x40028018u
#define MPS2_FPGAIO_PRESCALE 0x4002801cu
#define MPS2_CLOCK_HZ 25000000u
#define MPS2_TIMER1 0x40001000u
#define MPS2_TIMER1_IRQ 9
#define MPS2_CONSOLE_BAUD 115200u

void board_init(void)
{
	mmio_write(MPS2_FPGAIO_PRESCALE, 0); /* its reset value: keeps COUNTER running */
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

/* The console's receive interrupt (board.h).  The CMSDK UART latches it:
 * cleared before the kernel reads (uart_cmsdk.c). */
unsigned board_console_rx_irq_on(void)
{
	cmsdk_uart_rx_irq_on(MPS2_UART0);
	return MPS2_UART0_RX_IRQ;
}

void isr_irq0(void) /* UART 0 receive */
{
	cmsdk_uart_rx_irq_ack(MPS2_UART0);
	console_rx_interrupt();
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

uint32_t board_clock_now(void)
{
	return mmio_read(MPS2_FPGAIO_COUNTER);
}

uint32_t board_clock_hz(void)
{
	return MPS2_CLOCK_HZ;
}

bool board_clock_from_reset(void)
{
	return true;
}

#if CONFIG_TICKLESS
void board_alarm_start(void)
{
	cmsdk_alarm_start(MPS2_TIMER1, MPS2_TIMER1_IRQ);
}

/* TIMER1 counts the same 25 MHz as COUNTER. */
void board_alarm_at(uint32_t at)
{
	cmsdk_alarm_in(MPS2_TIMER1, MPS2_TIMER1_IRQ, (int32_t)(at - board_clock_now()));
}

void isr_irq9(void) /* TIMER1: the tick's alarm */
{
	cmsdk_alarm_interrupt(MPS2_TIMER1);
}
#endif
