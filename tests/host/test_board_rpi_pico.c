/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the Raspberry Pi Pico's board code (boards/rpi-pico/
 * board.c, with the PL011 driver) against a model of the RP2040's
 * registers, written from the RP2040 Datasheet: the atomic set and clear
 * aliases (§2.1.2), RESET_DONE following RESET (§2.14), the glitchless
 * muxes' SELECTED registers following SRC (§2.15), XOSC's STABLE once it
 * is enabled (§2.16), PLL_SYS's LOCK once it is powered with a feedback
 * divider (§2.18), TIMERAWL the TIMER's count (§4.6).  QEMU models no
 * RP2040, so this is the only place the clock code runs; the model comes
 * from the same reading of the datasheet as the code.  Built with
 * tickless idle, so the alarm on the TIMER is tested too.
 */
#include <stdbool.h>

#include "arch.h"
#include "board.h"
#include "boards/fake_mmio.h"
#include "ktest.h"

#define MHZ 1000000u

#define ALIAS_MASK 0x3000u
#define ALIAS_XOR 0x1000u
#define ALIAS_SET 0x2000u
#define ALIAS_CLR 0x3000u

#define RESETS_RESET 0x4000c000u
#define RESETS_DONE 0x4000c008u
#define CLK_REF_CTRL 0x40008030u
#define CLK_REF_SELECTED 0x40008038u
#define CLK_SYS_CTRL 0x4000803cu
#define CLK_SYS_DIV 0x40008040u
#define CLK_SYS_SELECTED 0x40008044u
#define CLK_PERI_CTRL 0x40008048u
#define XOSC_CTRL 0x40024000u
#define XOSC_STATUS 0x40024004u
#define XOSC_STARTUP 0x4002400cu
#define PLL_CS 0x40028000u
#define PLL_PWR 0x40028004u
#define PLL_FBDIV 0x40028008u
#define PLL_PRIM 0x4002800cu
#define IO_GPIO_CTRL(n) (0x40014004u + 8u * (n))
#define SIO_OUT_SET 0xd0000014u
#define SIO_OUT_CLR 0xd0000018u
#define SIO_OE_SET 0xd0000024u
#define UART0_IBRD 0x40034024u
#define UART0_FBRD 0x40034028u
#define UART0_CR 0x40034030u
#define UART0_IMSC 0x40034038u
#define UART0_ICR 0x40034044u

#define RESET_IO_BANK0 (1u << 5)
#define RESET_PADS_BANK0 (1u << 8)
#define RESET_PLL_SYS (1u << 12)
#define RESET_UART0 (1u << 22)
#define RESET_TIMER (1u << 21)
#define WATCHDOG_TICK 0x4005802cu
#define TIMER_ALARM0 0x40054010u
#define TIMER_TIMERAWL 0x40054028u
#define TIMER_INTR 0x40054034u
#define TIMER_INTE 0x40054038u
#define PWR_PD (1u << 0)
#define PWR_VCOPD (1u << 5)
#define PWR_POSTDIVPD (1u << 3)

static bool crystal, pll_locks;
static uint32_t timer_count; /* what the TIMER counts now */

uint32_t fake_chip_read(uintptr_t addr)
{
	uint32_t value = fake_reg(addr);

	switch (addr) {
	case RESETS_DONE:
		return ~fake_reg(RESETS_RESET) & 0x01ffffffu;
	case CLK_REF_SELECTED:
		return 1u << (fake_reg(CLK_REF_CTRL) & 3u);
	case CLK_SYS_SELECTED:
		return 1u << (fake_reg(CLK_SYS_CTRL) & 1u);
	case TIMER_TIMERAWL:
		return timer_count;
	case XOSC_STATUS:
		return crystal && (fake_reg(XOSC_CTRL) >> 12) == 0xfabu ? 1u << 31 : 0;
	case PLL_CS:
		if (pll_locks && !(fake_reg(PLL_PWR) & (PWR_PD | PWR_VCOPD)) && fake_reg(PLL_FBDIV))
			value |= 1u << 31;
		return value;
	}
	return value;
}

void fake_chip_write(uintptr_t addr, uint32_t value)
{
	uintptr_t base = addr & ~(uintptr_t)ALIAS_MASK;

	if (addr >= 0xd0000000u) /* SIO has no aliases */
		base = addr;
	switch (base == addr ? 0 : addr & ALIAS_MASK) {
	case ALIAS_XOR:
		fake_reg_set(base, fake_reg(base) ^ value);
		break;
	case ALIAS_SET:
		fake_reg_set(base, fake_reg(base) | value);
		break;
	case ALIAS_CLR:
		fake_reg_set(base, fake_reg(base) & ~value);
		break;
	default:
		fake_reg_set(addr, value);
	}
}

/* The state the bootrom leaves: every block but the few it uses in
 * reset, clk_sys and clk_ref on the ring oscillator, PLL_SYS powered down. */
static void start(bool has_crystal, bool locks)
{
	fake_mmio_reset();
	crystal = has_crystal;
	pll_locks = locks;
	fake_reg_set(RESETS_RESET, 0x01ffffffu);
	fake_reg_set(PLL_PWR, 0x2du);
	fake_reg_set(CLK_SYS_DIV, 1u << 8);
	board_init();
}

/* The position of the first write to reg, through any alias. */
static size_t first_write(uintptr_t reg)
{
	size_t first = FAKE_NEVER;

	for (uintptr_t alias = 0; alias <= ALIAS_MASK; alias += 0x1000u) {
		size_t i = fake_write_index(reg + alias, 0, 0, 0);
		if (i < first)
			first = i;
	}
	return first;
}

static void test_125mhz_from_xosc_and_pll_sys(void)
{
	start(true, true);
	CHECK_EQ(board_cpu_hz(), 125 * MHZ);
	CHECK_EQ(fake_reg(PLL_CS) & 0x3fu, 1);    /* REFDIV */
	CHECK_EQ(fake_reg(PLL_FBDIV), 125);       /* 12 MHz * 125 = 1500 MHz VCO */
	CHECK_EQ(fake_reg(PLL_PRIM), (6u << 16) | (2u << 12)); /* / 6 / 2 = 125 MHz */
	CHECK_EQ(fake_reg(PLL_PWR) & (PWR_PD | PWR_VCOPD | PWR_POSTDIVPD), 0);
	CHECK_EQ(fake_reg(CLK_REF_CTRL) & 3u, 2u);        /* clk_ref: XOSC */
	CHECK_EQ(fake_reg(CLK_SYS_CTRL) & 1u, 1u);        /* clk_sys: the aux mux */
	CHECK_EQ((fake_reg(CLK_SYS_CTRL) >> 5) & 7u, 0u); /* ... on PLL_SYS */
	CHECK_EQ(fake_reg(CLK_SYS_DIV), 1u << 8);
	CHECK_EQ(fake_reg(CLK_PERI_CTRL), 1u << 11);      /* on, from clk_sys */
	CHECK_EQ(fake_reg(XOSC_CTRL) & 0xfffu, 0xaa0u);   /* 1-15 MHz range */
	CHECK_EQ(fake_reg(XOSC_STARTUP), 47);
}

static void test_clock_switches_in_order(void)
{
	start(true, true);
	/* clk_sys leaves the aux mux before PLL_SYS is reset ... */
	size_t off_aux = fake_write_index(CLK_SYS_CTRL + ALIAS_CLR, 1u, 1u, 0);
	size_t pll_reset = fake_write_index(RESETS_RESET + ALIAS_SET, RESET_PLL_SYS, RESET_PLL_SYS, 0);
	CHECK(off_aux != FAKE_NEVER && pll_reset != FAKE_NEVER && off_aux < pll_reset);
	/* ... the startup delay is set before XOSC is enabled ... */
	CHECK(first_write(XOSC_STARTUP) < first_write(XOSC_CTRL));
	/* ... the post dividers are set after the VCO locks, and powered
	 * after they are set ... */
	size_t prim = first_write(PLL_PRIM);
	size_t vco_on = fake_write_index(PLL_PWR + ALIAS_CLR, PWR_VCOPD, PWR_VCOPD, 0);
	size_t post_on = fake_write_index(PLL_PWR + ALIAS_CLR, PWR_POSTDIVPD, PWR_POSTDIVPD, 0);
	CHECK(vco_on < prim && prim < post_on);
	/* ... and clk_sys's aux source is chosen before the mux selects it. */
	size_t aux = fake_write_index(CLK_SYS_CTRL, 1u, 0u, off_aux + 1);
	size_t select = fake_write_index(CLK_SYS_CTRL + ALIAS_SET, 1u, 1u, 0);
	CHECK(aux != FAKE_NEVER && select != FAKE_NEVER && aux < select);
}

static void test_console_on_uart0(void)
{
	start(true, true);
	CHECK_EQ(fake_reg(RESETS_RESET) & (RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_UART0), 0);
	CHECK(fake_write_index(RESETS_RESET + ALIAS_CLR, RESET_UART0, RESET_UART0, 0) <
	      first_write(UART0_CR));
	CHECK_EQ(fake_reg(IO_GPIO_CTRL(0)), 2); /* GP0: UART0 TX */
	CHECK_EQ(fake_reg(IO_GPIO_CTRL(1)), 2); /* GP1: UART0 RX */
	/* 125 MHz / (16 * 115200) = 67.817: IBRD 67, FBRD 52 (0.817 * 64). */
	CHECK_EQ(fake_reg(UART0_IBRD), 67);
	CHECK_EQ(fake_reg(UART0_FBRD), 52);
	CHECK_EQ(fake_reg(UART0_CR), (1u << 0) | (1u << 8) | (1u << 9));
}

static void test_led_on_gp25(void)
{
	start(true, true);
	CHECK_EQ(fake_reg(IO_GPIO_CTRL(25)), 5); /* SIO */
	CHECK_EQ(fake_reg(SIO_OE_SET), 1u << 25);
	CHECK(board_led_set(true));
	CHECK_EQ(fake_reg(SIO_OUT_SET), 1u << 25);
	CHECK(board_led_set(false));
	CHECK_EQ(fake_reg(SIO_OUT_CLR), 1u << 25);
}

static void test_12mhz_when_the_pll_does_not_lock(void)
{
	start(true, false);
	CHECK_EQ(board_cpu_hz(), 12 * MHZ);
	CHECK_EQ(fake_reg(CLK_SYS_CTRL) & 1u, 0u); /* clk_sys stays on clk_ref = XOSC */
	CHECK_EQ(fake_reg(CLK_REF_CTRL) & 3u, 2u);
}

static void test_ring_oscillator_without_the_crystal(void)
{
	start(false, true);
	CHECK_EQ(board_cpu_hz(), 6500000);
	CHECK_EQ(fake_reg(CLK_REF_CTRL) & 3u, 0u);
	CHECK_EQ(first_write(PLL_FBDIV), FAKE_NEVER);
}

/* The console's receive interrupt (board.h): UART0's receive and receive
 * timeout interrupts on, the line returned (20) and no NVIC line touched
 * by the board (the kernel sets the line's priority and enables it), and
 * the line's handler clearing the UART's interrupt before it calls the
 * kernel. */
static int rx_calls;
static bool acked;
void isr_irq20(void);

void console_rx_interrupt(void)
{
	rx_calls++;
	acked = fake_write_index(UART0_ICR, 0x50u, 0x50u, 0) != FAKE_NEVER;
}

static void test_console_rx_interrupt(void)
{
	start(true, true);
	CHECK_EQ(board_console_rx_irq_on(), 20u);
	CHECK_EQ(fake_reg(UART0_IMSC), 0x50u); /* RXIM, RTIM */
	for (unsigned i = 0; i < FAKE_IRQS; i++)
		CHECK(!fake_irq[i].enabled && fake_irq[i].priority == 0);
	CHECK_EQ(fake_write_index(UART0_ICR, 0, 0, 0), FAKE_NEVER);
	rx_calls = 0;
	isr_irq20();
	CHECK_EQ(rx_calls, 1);
	CHECK(acked);
}

/* The board clock: the TIMER out of reset, its 1 us tick from clk_ref
 * (12 cycles of the crystal; 6 of the ring oscillator, not exact). */
static void test_board_clock_from_the_timer(void)
{
	start(true, true);
	CHECK_EQ(fake_reg(WATCHDOG_TICK), (1u << 9) | 12u);
	CHECK_EQ(fake_reg(RESETS_RESET) & RESET_TIMER, 0);
	CHECK_EQ(board_clock_hz(), MHZ);
	timer_count = 987654321u;
	CHECK_EQ(board_clock_now(), 987654321u);
	start(false, true);
	CHECK_EQ(fake_reg(WATCHDOG_TICK), (1u << 9) | 6u);
}

/* Tickless idle's alarm: alarm 0 at the count asked for, TIMER_IRQ_0 at
 * the tick's priority; a count reached or passed is pending at once (the
 * alarm would wait a wrap); the handler clears the interrupt and calls
 * the kernel. */
static int alarm_calls;

void arch_tick_alarm_interrupt(void)
{
	alarm_calls++;
}

void isr_irq0(void);

static void test_tickless_alarm(void)
{
	start(true, true);
	board_alarm_start();
	CHECK_EQ(fake_reg(TIMER_INTE) & 1u, 1u);
	CHECK(fake_irq[0].enabled);
	CHECK_EQ(fake_irq[0].priority, ARCH_TICK_PRIORITY);

	timer_count = 0xfffffff0u;
	board_alarm_at(0x10u); /* across the wrap: ahead */
	CHECK_EQ(fake_reg(TIMER_ALARM0), 0x10u);
	CHECK(!fake_irq[0].pending);
	board_alarm_at(0xfffffff0u); /* reached */
	CHECK(fake_irq[0].pending);
	board_alarm_at(0xfffffff8u); /* ahead again: the old one dropped */
	CHECK(!fake_irq[0].pending);
	board_alarm_at(0xffffff00u); /* passed */
	CHECK(fake_irq[0].pending);

	alarm_calls = 0;
	size_t before = fake_writes_to(TIMER_INTR, 4);
	isr_irq0();
	CHECK_EQ(fake_writes_to(TIMER_INTR, 4), before + 1);
	CHECK_EQ(fake_reg(TIMER_INTR) & 1u, 1u); /* write 1 to clear */
	CHECK_EQ(alarm_calls, 1);
}

int main(void)
{
	ktest_run("pico.125mhz_from_xosc_and_pll_sys", test_125mhz_from_xosc_and_pll_sys);
	ktest_run("pico.clock_switches_in_order", test_clock_switches_in_order);
	ktest_run("pico.console_on_uart0", test_console_on_uart0);
	ktest_run("pico.led_on_gp25", test_led_on_gp25);
	ktest_run("pico.12mhz_when_the_pll_does_not_lock", test_12mhz_when_the_pll_does_not_lock);
	ktest_run("pico.ring_oscillator_without_the_crystal",
		  test_ring_oscillator_without_the_crystal);
	ktest_run("pico.console_rx_interrupt", test_console_rx_interrupt);
	ktest_run("pico.board_clock_from_the_timer", test_board_clock_from_the_timer);
	ktest_run("pico.tickless_alarm", test_tickless_alarm);
	return ktest_finish();
}
