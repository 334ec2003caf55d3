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
 *
 * Tickless idle (BOARD_TICKLESS): the board clock is SysTick's
 * (arch/common/tick.c; QEMU reads the general-purpose timers' counts as
 * 0), and the alarm is Timer 0 (GPTM, data sheet §9) as one 32-bit
 * one-shot count of the system clock, interrupt 19.
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
#define TIMER0_BASE 0x40030000u
#define TIMER0_IRQ 19
#define RCGC1_UART0 (1u << 0)
#define RCGC1_TIMER0 (1u << 16)
#define RCGC1_TIMER1 (1u << 17) /* free for applications (and the tests' own interrupt) */

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
	mmio_write(SYSCTL_RCGC1, mmio_read(SYSCTL_RCGC1) | RCGC1_UART0 | RCGC1_TIMER0 | RCGC1_TIMER1);
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

#if CONFIG_TICKLESS
/* GPTM registers (data sheet §9.5). */
#define GPTM_CFG 0x00u   /* 0: one 32-bit timer */
#define GPTM_TAMR 0x04u  /* 1: one-shot */
#define GPTM_CTL 0x0cu   /* bit 0 TAEN */
#define GPTM_IMR 0x18u   /* bit 0 TATOIM: time-out interrupt */
#define GPTM_ICR 0x24u   /* bit 0 TATOCINT */
#define GPTM_TAILR 0x28u /* the count, loaded when enabled */
#define GPTM_TIMEOUT (1u << 0)

void board_alarm_start(void)
{
	mmio_write(TIMER0_BASE + GPTM_CTL, 0);
	mmio_write(TIMER0_BASE + GPTM_CFG, 0);
	mmio_write(TIMER0_BASE + GPTM_TAMR, 1);
	mmio_write(TIMER0_BASE + GPTM_ICR, GPTM_TIMEOUT);
	mmio_write(TIMER0_BASE + GPTM_IMR, GPTM_TIMEOUT);
	arch_irq_set_priority(TIMER0_IRQ, ARCH_TICK_PRIORITY);
	arch_irq_enable(TIMER0_IRQ);
}

/* The timer counts the system clock, as SysTick, the board clock, does:
 * the alarm is the counts from now, loaded as the timer starts. */
void board_alarm_at(uint32_t at)
{
	mmio_write(TIMER0_BASE + GPTM_CTL, 0);
	mmio_write(TIMER0_BASE + GPTM_ICR, GPTM_TIMEOUT);
	arch_irq_unpend(TIMER0_IRQ); /* an alarm come and not taken is done with */
	int32_t counts = (int32_t)(at - board_clock_now());
	if (counts <= 0) {
		arch_irq_trigger(TIMER0_IRQ); /* due: pending at once */
		return;
	}
	mmio_write(TIMER0_BASE + GPTM_TAILR, (uint32_t)counts);
	mmio_write(TIMER0_BASE + GPTM_CTL, 1);
}

void isr_irq19(void) /* Timer 0A: the tick's alarm */
{
	mmio_write(TIMER0_BASE + GPTM_ICR, GPTM_TIMEOUT);
	arch_tick_alarm_interrupt();
}
#endif

const struct board_info board_info = {
	.name = "lm3s6965evb",
	.description = "TI Stellaris EK-LM3S6965 (LM3S6965, Cortex-M3)",
	.console = "PL011 UART0 @ 0x4000c000",
	.console_can_receive = true,
};
