/* SPDX-License-Identifier: MIT */
/*
 * Raspberry Pi Pico (RP2040, Cortex-M0+; one of its two cores is used):
 * 125 MHz from the 12 MHz crystal through PLL_SYS, console on UART0 (GP0
 * TX, GP1 RX) at 115200 baud, the green LED on GP25, lit high.
 *
 * Clocks as board_init leaves them: XOSC 12 MHz -> clk_ref (12 MHz);
 * XOSC -> PLL_SYS (REFDIV 1, FBDIV 125: VCO 1500 MHz; POSTDIV 6 and 2)
 * -> clk_sys 125 MHz -> clk_peri (the UART's clock) 125 MHz.  The board
 * clock is the 1 MHz TIMER, its tick made from clk_ref by the watchdog's
 * tick generator; with tickless idle (BOARD_TICKLESS) its ALARM0 is the
 * tick's alarm, TIMER_IRQ_0, and with the periodic tick SysTick counts
 * clk_sys and ticks the kernel.
 * Every wait is bounded: if the crystal does not start the board stays
 * on the ring oscillator (about 6.5 MHz, not exact, so the UART's baud
 * rate is off too), and if the PLL does not lock it runs from the
 * crystal at 12 MHz; the banner says which.
 *
 * Core 1 stays where the bootrom parks it (asleep, waiting for a launch
 * through the inter-core FIFO); the kernel never starts it.
 *
 * Facts used, all from the RP2040 Datasheet unless said otherwise:
 *   §2.1.2 atomic register access: a peripheral's registers are also
 *   at +0x2000 (write 1s to set bits) and +0x3000 (write 1s to clear).
 *   §2.14 RESETS (0x4000c000): RESET +0x0, RESET_DONE +0x8; bits
 *   io_bank0 5, pads_bank0 8, pll_sys 12, uart0 22.
 *   §2.15 CLOCKS (0x40008000): CLK_REF_CTRL +0x30 (SRC bits 1:0, 2 =
 *   xosc), CLK_REF_SELECTED +0x38; CLK_SYS_CTRL +0x3c (SRC bit 0, 1 =
 *   the aux mux; AUXSRC bits 7:5, 0 = pll_sys), CLK_SYS_DIV +0x40
 *   (integer part in bits 31:8), CLK_SYS_SELECTED +0x44; CLK_PERI_CTRL
 *   +0x48 (ENABLE bit 11, AUXSRC bits 7:5, 0 = clk_sys).  clk_ref and
 *   clk_sys have glitchless muxes: SELECTED shows (one bit per source)
 *   which source is running, and a mux's AUXSRC is changed only while
 *   SRC does not select it.
 *   §2.16 XOSC (0x40024000): CTRL +0x00 (FREQ_RANGE bits 11:0, 0xaa0 =
 *   1-15 MHz; ENABLE bits 23:12, 0xfab), STATUS +0x04 (STABLE bit 31),
 *   STARTUP +0x0c (DELAY in units of 256 crystal cycles; 47 for about
 *   1 ms at 12 MHz).
 *   §2.18 PLL (PLL_SYS 0x40028000): CS +0x0 (REFDIV bits 5:0, LOCK bit
 *   31), PWR +0x4 (PD bit 0, POSTDIVPD bit 3, VCOPD bit 5), FBDIV_INT
 *   +0x8, PRIM +0xc (POSTDIV1 bits 18:16, POSTDIV2 bits 14:12); program
 *   the dividers, power up, wait for LOCK, then set and power the post
 *   dividers; the VCO must stay within 750-1600 MHz.
 *   §2.19 GPIO: IO_BANK0 (0x40014000) GPIOn_CTRL at +0x04 + 8n, FUNCSEL
 *   bits 4:0 (2 = UART: GP0 is UART0 TX, GP1 UART0 RX; 5 = SIO).
 *   §2.3.1 SIO (0xd0000000): GPIO_OUT_SET +0x14, GPIO_OUT_CLR +0x18,
 *   GPIO_OE_SET +0x24.
 *   §4.2 UART: an ARM PL011 (boards/drivers/uart_pl011.c), UART0 at
 *   0x40034000, clocked by clk_peri.
 *   §2.3.2 (interrupts): 26 IRQ lines on each core; UART0_IRQ is 20,
 *   TIMER_IRQ_0 is 0.
 *   §4.6 TIMER (0x40054000): a 64-bit count of 1 us ticks, TIMERAWL +0x28
 *   its low word read without latching; ALARM0 +0x10 arms alarm 0,
 *   which fires when TIMERAWL equals it (a time already passed fires
 *   only a wrap later, 72 minutes); INTR +0x34 (write 1 to clear), INTE
 *   +0x38.  RESETS bit 21.  §4.7.2 the watchdog's TICK (0x4005802c):
 *   CYCLES bits 8:0 of clk_ref per tick, ENABLE bit 9.
 *   Raspberry Pi Pico Datasheet §2.1: the 12 MHz crystal; the LED on
 *   GP25; UART0 on GP0/GP1 by default.
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "kernel/config.h"
#include "mmio.h"
#include "uart.h"

#define ATOMIC_SET 0x2000u
#define ATOMIC_CLR 0x3000u

#define RESETS_BASE 0x4000c000u
#define RESETS_RESET 0x0u
#define RESETS_DONE 0x8u
#define RESET_IO_BANK0 (1u << 5)
#define RESET_PADS_BANK0 (1u << 8)
#define RESET_PLL_SYS (1u << 12)
#define RESET_UART0 (1u << 22)
#define RESET_TIMER (1u << 21)

#define WATCHDOG_TICK 0x4005802cu
#define TICK_ENABLE (1u << 9)
#define TIMER_BASE 0x40054000u
#define TIMER_ALARM0 0x10u
#define TIMER_TIMERAWL 0x28u
#define TIMER_INTR 0x34u
#define TIMER_INTE 0x38u
#define TIMER_ALARM0_BIT (1u << 0)
#define TIMER_IRQ_0 0
#define TIMER_HZ 1000000u

#define CLOCKS_BASE 0x40008000u
#define CLK_REF_CTRL 0x30u
#define CLK_REF_SELECTED 0x38u
#define CLK_SYS_CTRL 0x3cu
#define CLK_SYS_DIV 0x40u
#define CLK_SYS_SELECTED 0x44u
#define CLK_PERI_CTRL 0x48u
#define REF_SRC_MASK 3u
#define REF_SRC_XOSC 2u
#define SYS_SRC_AUX 1u
#define SYS_AUXSRC_MASK (7u << 5)
#define SYS_AUXSRC_PLL_SYS (0u << 5)
#define DIV_ONE (1u << 8)
#define PERI_ENABLE (1u << 11)
#define PERI_AUXSRC_CLK_SYS (0u << 5)

#define XOSC_BASE 0x40024000u
#define XOSC_CTRL 0x00u
#define XOSC_STATUS 0x04u
#define XOSC_STARTUP 0x0cu
#define XOSC_RANGE_1_15MHZ 0xaa0u
#define XOSC_ENABLE (0xfabu << 12)
#define XOSC_STABLE (1u << 31)
#define XOSC_DELAY_1MS 47u /* ceil(12 MHz * 1 ms / 256) */

#define PLL_SYS_BASE 0x40028000u
#define PLL_CS 0x0u
#define PLL_PWR 0x4u
#define PLL_FBDIV_INT 0x8u
#define PLL_PRIM 0xcu
#define PLL_LOCK (1u << 31)
#define PLL_PWR_PD (1u << 0)
#define PLL_PWR_POSTDIVPD (1u << 3)
#define PLL_PWR_VCOPD (1u << 5)
/* 12 MHz / 1 * 125 = 1500 MHz VCO; / 6 / 2 = 125 MHz. */
#define PLL_REFDIV 1u
#define PLL_FBDIV 125u
#define PLL_POSTDIV1 6u
#define PLL_POSTDIV2 2u

#define IO_BANK0_BASE 0x40014000u
#define GPIO_CTRL(n) (0x04u + 8u * (n))
#define FUNC_UART 2u
#define FUNC_SIO 5u
#define SIO_BASE 0xd0000000u
#define SIO_GPIO_OUT_SET 0x14u
#define SIO_GPIO_OUT_CLR 0x18u
#define SIO_GPIO_OE_SET 0x24u

#define UART0_BASE 0x40034000u
#define UART0_IRQ 20
#define UART0_TX_GPIO 0u
#define UART0_RX_GPIO 1u
#define LED_GPIO 25u

#define XOSC_HZ 12000000u
#define PLL_SYS_HZ 125000000u
#define ROSC_NOMINAL_HZ 6500000u
#define CONSOLE_BAUD 115200u
#define READY_POLLS 100000u

static uint32_t sys_hz;
static const char *clock_note;

static bool wait_set(uintptr_t reg, uint32_t mask, uint32_t value)
{
	for (uint32_t i = 0; i < READY_POLLS; i++)
		if ((mmio_read(reg) & mask) == value)
			return true;
	return false;
}

static void unreset(uint32_t bits)
{
	mmio_write(RESETS_BASE + ATOMIC_CLR + RESETS_RESET, bits);
	wait_set(RESETS_BASE + RESETS_DONE, bits, bits);
}

static bool xosc_start(void)
{
	mmio_write(XOSC_BASE + XOSC_STARTUP, XOSC_DELAY_1MS);
	mmio_write(XOSC_BASE + XOSC_CTRL, XOSC_RANGE_1_15MHZ | XOSC_ENABLE);
	return wait_set(XOSC_BASE + XOSC_STATUS, XOSC_STABLE, XOSC_STABLE);
}

static bool pll_sys_start(void)
{
	mmio_write(RESETS_BASE + ATOMIC_SET + RESETS_RESET, RESET_PLL_SYS);
	unreset(RESET_PLL_SYS);
	mmio_write(PLL_SYS_BASE + PLL_CS, PLL_REFDIV);
	mmio_write(PLL_SYS_BASE + PLL_FBDIV_INT, PLL_FBDIV);
	mmio_write(PLL_SYS_BASE + ATOMIC_CLR + PLL_PWR, PLL_PWR_PD | PLL_PWR_VCOPD);
	if (!wait_set(PLL_SYS_BASE + PLL_CS, PLL_LOCK, PLL_LOCK))
		return false;
	mmio_write(PLL_SYS_BASE + PLL_PRIM, (PLL_POSTDIV1 << 16) | (PLL_POSTDIV2 << 12));
	mmio_write(PLL_SYS_BASE + ATOMIC_CLR + PLL_PWR, PLL_PWR_POSTDIVPD);
	return true;
}

/* clk_ref, which the TIMER's tick divides. */
static uint32_t ref_hz;

static void clock_init(void)
{
	sys_hz = ROSC_NOMINAL_HZ;
	ref_hz = ROSC_NOMINAL_HZ;
	clock_note = "ring oscillator, about 6.5 MHz: the crystal did not start";
	/* clk_sys off the aux mux (onto clk_ref) before anything under it
	 * changes. */
	mmio_write(CLOCKS_BASE + ATOMIC_CLR + CLK_SYS_CTRL, SYS_SRC_AUX);
	wait_set(CLOCKS_BASE + CLK_SYS_SELECTED, 3u, 1u);
	if (!xosc_start())
		return;
	mmio_write(CLOCKS_BASE + CLK_REF_CTRL, REF_SRC_XOSC);
	if (!wait_set(CLOCKS_BASE + CLK_REF_SELECTED, 7u, 1u << REF_SRC_XOSC))
		return;
	sys_hz = ref_hz = XOSC_HZ; /* clk_sys = clk_ref = the crystal */
	clock_note = "12 MHz crystal: PLL_SYS did not lock";
	if (!pll_sys_start())
		return;
	mmio_write(CLOCKS_BASE + CLK_SYS_DIV, DIV_ONE);
	mmio_write(CLOCKS_BASE + CLK_SYS_CTRL,
		   (mmio_read(CLOCKS_BASE + CLK_SYS_CTRL) & ~SYS_AUXSRC_MASK) | SYS_AUXSRC_PLL_SYS);
	mmio_write(CLOCKS_BASE + ATOMIC_SET + CLK_SYS_CTRL, SYS_SRC_AUX);
	if (!wait_set(CLOCKS_BASE + CLK_SYS_SELECTED, 3u, 2u))
		return;
	sys_hz = PLL_SYS_HZ;
	clock_note = "PLL_SYS from the 12 MHz crystal";
}

void board_init(void)
{
	clock_init();
	/* clk_peri, off from reset, follows clk_sys. */
	mmio_write(CLOCKS_BASE + CLK_PERI_CTRL, PERI_ENABLE | PERI_AUXSRC_CLK_SYS);
	/* The TIMER's 1 us tick: clk_ref / its rate in MHz (not exact on the
	 * ring oscillator). */
	mmio_write(WATCHDOG_TICK, TICK_ENABLE | (ref_hz / TIMER_HZ));
	unreset(RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_UART0 | RESET_TIMER);
	mmio_write(IO_BANK0_BASE + GPIO_CTRL(UART0_TX_GPIO), FUNC_UART);
	mmio_write(IO_BANK0_BASE + GPIO_CTRL(UART0_RX_GPIO), FUNC_UART);
	pl011_init(UART0_BASE, sys_hz, CONSOLE_BAUD);
	mmio_write(SIO_BASE + SIO_GPIO_OUT_CLR, 1u << LED_GPIO);
	mmio_write(SIO_BASE + SIO_GPIO_OE_SET, 1u << LED_GPIO);
	mmio_write(IO_BANK0_BASE + GPIO_CTRL(LED_GPIO), FUNC_SIO);
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

void isr_irq20(void) /* UART0_IRQ */
{
	pl011_rx_irq_ack(UART0_BASE);
	console_rx_interrupt();
}

bool board_led_set(bool on)
{
	mmio_write(SIO_BASE + (on ? SIO_GPIO_OUT_SET : SIO_GPIO_OUT_CLR), 1u << LED_GPIO);
	return true;
}

uint32_t board_cpu_hz(void)
{
	return sys_hz;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (%s), clk_peri = clk_sys, %s; core 1 not started\n",
	       (unsigned long)sys_hz, clock_note,
	       CONFIG_TICKLESS ? "tick from the TIMER's alarm 0, tickless" : "SysTick on core clock");
}

uint32_t board_clock_now(void)
{
	return mmio_read(TIMER_BASE + TIMER_TIMERAWL);
}

uint32_t board_clock_hz(void)
{
	return TIMER_HZ;
}

bool board_clock_from_reset(void)
{
	return false; /* from board_init */
}

#if CONFIG_TICKLESS
void board_alarm_start(void)
{
	mmio_write(TIMER_BASE + TIMER_INTR, TIMER_ALARM0_BIT);
	mmio_write(TIMER_BASE + ATOMIC_SET + TIMER_INTE, TIMER_ALARM0_BIT);
	arch_irq_set_priority(TIMER_IRQ_0, ARCH_TICK_PRIORITY);
	arch_irq_enable(TIMER_IRQ_0);
}

/* Alarm 0 fires when the count equals `at`: one already passed when it
 * is written (or reached as it is) is made pending at once instead of a
 * wrap later. */
void board_alarm_at(uint32_t at)
{
	mmio_write(TIMER_BASE + TIMER_INTR, TIMER_ALARM0_BIT);
	arch_irq_unpend(TIMER_IRQ_0); /* an alarm come and not taken is done with */
	mmio_write(TIMER_BASE + TIMER_ALARM0, at);
	if ((int32_t)(board_clock_now() - at) >= 0)
		arch_irq_trigger(TIMER_IRQ_0);
}

void isr_irq0(void) /* TIMER_IRQ_0: the tick's alarm */
{
	mmio_write(TIMER_BASE + TIMER_INTR, TIMER_ALARM0_BIT);
	arch_tick_alarm_interrupt();
}
#endif

const struct board_info board_info = {
	.name = "rpi-pico",
	.description = "Raspberry Pi Pico (RP2040, Cortex-M0+)",
	.console = "RP2040 UART0 (PL011) @ 0x40034000 (GP0/GP1)",
	.console_can_receive = true,
};
