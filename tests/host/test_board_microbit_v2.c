/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the micro:bit v2's board code (boards/microbit-v2/
 * board.c, with the nRF51/nRF52 UART driver) against a model of the
 * nRF52833's registers from its Product Specification: EVENTS_HFCLKSTARTED
 * follows TASKS_HFCLKSTART when the crystal starts (§5.4), GPIO's OUTSET,
 * OUTCLR and DIRSET act on OUT and DIR (§6.9), TIMER0's CAPTURE[1] copies
 * its count into CC[1] (§6.30), the rest plain registers.  Built with
 * tickless idle, so the alarm on TIMER0 is tested too.
 * QEMU models no nRF52; the model comes from the same reading of the
 * specification as the code.
 */
#include <stdbool.h>
#include <string.h>

#include "arch.h"
#include "board.h"
#include "boards/fake_mmio.h"
#include "ktest.h"

#define HFCLKSTART 0x40000000u
#define HFCLKSTARTED 0x40000100u
#define UART_ENABLE 0x40002500u
#define UART_PSELTXD 0x4000250cu
#define UART_PSELRXD 0x40002514u
#define UART_BAUDRATE 0x40002524u
#define UART_INTENSET 0x40002304u
#define UART_STARTTX 0x40002008u
#define P0_OUT 0x50000504u
#define P0_OUTSET 0x50000508u
#define P0_OUTCLR 0x5000050cu
#define P0_DIR 0x50000514u
#define P0_DIRSET 0x50000518u
#define P1_PIN_CNF8 0x50000a20u /* P1 at 0x50000300, PIN_CNF[8] at +0x700 + 4 * 8 */
#define TIMER0_START 0x40008000u
#define TIMER0_CLEAR 0x4000800cu
#define TIMER0_CAPTURE1 0x40008044u
#define TIMER0_COMPARE0 0x40008140u
#define TIMER0_INTENSET 0x40008304u
#define TIMER0_MODE 0x40008504u
#define TIMER0_BITMODE 0x40008508u
#define TIMER0_PRESCALER 0x40008510u
#define TIMER0_CC0 0x40008540u
#define TIMER0_CC1 0x40008544u
#define TIMER0_IRQ 8

static bool crystal;
static uint32_t timer0_count; /* what TIMER0 counts now */

uint32_t fake_chip_read(uintptr_t addr)
{
	if (addr == HFCLKSTARTED)
		return crystal && fake_reg(HFCLKSTART) ? 1 : fake_reg(HFCLKSTARTED);
	return fake_reg(addr);
}

void fake_chip_write(uintptr_t addr, uint32_t value)
{
	switch (addr) {
	case P0_OUTSET:
		fake_reg_set(P0_OUT, fake_reg(P0_OUT) | value);
		break;
	case P0_OUTCLR:
		fake_reg_set(P0_OUT, fake_reg(P0_OUT) & ~value);
		break;
	case P0_DIRSET:
		fake_reg_set(P0_DIR, fake_reg(P0_DIR) | value);
		break;
	case TIMER0_CAPTURE1:
		fake_reg_set(addr, value);
		fake_reg_set(TIMER0_CC1, timer0_count);
		break;
	default:
		fake_reg_set(addr, value);
	}
}

static void start(bool has_crystal)
{
	fake_mmio_reset();
	crystal = has_crystal;
	fake_reg_set(P1_PIN_CNF8, 0x2u); /* reset value: input, buffer disconnected */
	board_init();
}

static void test_console_pins_and_rate(void)
{
	start(true);
	CHECK_EQ(fake_reg(UART_PSELTXD), 6);      /* P0.06 */
	CHECK_EQ(fake_reg(UART_PSELRXD), 32 + 8); /* P1.08: port bit 5 */
	CHECK_EQ(fake_reg(UART_BAUDRATE), 0x01d7e000u); /* 115200 */
	CHECK_EQ(fake_reg(UART_ENABLE), 4);
	CHECK_EQ(fake_reg(UART_STARTTX), 1);
	CHECK(fake_reg(P0_OUT) & (1u << 6)); /* TXD idles high, */
	CHECK(fake_reg(P0_DIR) & (1u << 6)); /* an output */
	CHECK_EQ(fake_reg(P1_PIN_CNF8), 0);  /* RXD an input, buffer connected */
}

static void test_crystal_started_first(void)
{
	start(true);
	CHECK(fake_write_index(HFCLKSTART, 1u, 1u, 0) < fake_write_index(UART_ENABLE, 0, 0, 0));
	CHECK_EQ(board_cpu_hz(), 64000000);
	start(false); /* no crystal: the same core clock, bounded wait */
	CHECK_EQ(board_cpu_hz(), 64000000);
	CHECK_EQ(fake_reg(UART_ENABLE), 4);
}

static void test_centre_led(void)
{
	start(true);
	const uint32_t row3 = 1u << 15, col3 = 1u << 31;
	CHECK_EQ(fake_reg(P0_DIR) & (row3 | col3), row3 | col3);
	CHECK_EQ(fake_reg(P0_OUT) & (row3 | col3), 0);
	CHECK(board_led_set(true));
	CHECK_EQ(fake_reg(P0_OUT) & (row3 | col3), row3); /* row high, column low: lit */
	CHECK(board_led_set(false));
	CHECK_EQ(fake_reg(P0_OUT) & (row3 | col3), 0);
}

/* The console's receive interrupt (board.h): the UART's RXDRDY interrupt
 * on (INTENSET bit 2; reading the byte clears the event: nothing to
 * acknowledge), the line returned (2) and no NVIC line touched by the
 * board (the kernel sets the line's priority and enables it), and the
 * line's handler calling the kernel. */
static int rx_calls;
void isr_irq2(void);

void console_rx_interrupt(void)
{
	rx_calls++;
}

static void test_console_rx_interrupt(void)
{
	start(true);
	CHECK_EQ(board_console_rx_irq_on(), 2u);
	CHECK_EQ(fake_reg(UART_INTENSET), 1u << 2);
	for (unsigned i = 0; i < FAKE_IRQS; i++)
		CHECK(!fake_irq[i].enabled && fake_irq[i].priority == 0);
	rx_calls = 0;
	isr_irq2();
	CHECK_EQ(rx_calls, 1);
}

/* The board clock: TIMER0 set up as a 32-bit timer at 16 MHz before it
 * starts, read by capture. */
static void test_board_clock(void)
{
	start(true);
	CHECK_EQ(fake_reg(TIMER0_MODE), 0);
	CHECK_EQ(fake_reg(TIMER0_BITMODE), 3);
	CHECK_EQ(fake_reg(TIMER0_PRESCALER), 0);
	CHECK(fake_write_index(TIMER0_PRESCALER, 0, 0, 0) < fake_write_index(TIMER0_START, 1, 1, 0));
	CHECK(fake_write_index(TIMER0_CLEAR, 1, 1, 0) < fake_write_index(TIMER0_START, 1, 1, 0));
	CHECK_EQ(board_clock_hz(), 16000000);
	timer0_count = 123456789;
	CHECK_EQ(board_clock_now(), 123456789);
}

/* Tickless idle's alarm: TIMER0's compare 0 at the count asked for, its
 * interrupt (8) at the tick's priority; a count reached or passed is
 * pending at once (the compare would wait a wrap); the handler clears
 * the event and calls the kernel. */
static int alarm_calls;

void arch_tick_alarm_interrupt(void)
{
	alarm_calls++;
}

void isr_irq8(void);

static void test_tickless_alarm(void)
{
	start(true);
	board_alarm_start();
	CHECK(fake_reg(TIMER0_INTENSET) & (1u << 16));
	CHECK(fake_irq[TIMER0_IRQ].enabled);
	CHECK_EQ(fake_irq[TIMER0_IRQ].priority, ARCH_TICK_PRIORITY);

	timer0_count = 0xfffffff0u;
	board_alarm_at(0x10u); /* across the wrap: ahead */
	CHECK_EQ(fake_reg(TIMER0_CC0), 0x10u);
	CHECK(!fake_irq[TIMER0_IRQ].pending);
	board_alarm_at(0xfffffff0u); /* reached */
	CHECK(fake_irq[TIMER0_IRQ].pending);
	fake_reg_set(TIMER0_COMPARE0, 1);
	board_alarm_at(0xfffffff8u); /* ahead again: the old one dropped */
	CHECK(!fake_irq[TIMER0_IRQ].pending);
	CHECK_EQ(fake_reg(TIMER0_COMPARE0), 0);
	board_alarm_at(0xffffff00u); /* passed */
	CHECK(fake_irq[TIMER0_IRQ].pending);

	alarm_calls = 0;
	fake_reg_set(TIMER0_COMPARE0, 1);
	isr_irq8();
	CHECK_EQ(fake_reg(TIMER0_COMPARE0), 0);
	CHECK_EQ(alarm_calls, 1);
}

int main(void)
{
	ktest_run("microbit_v2.console_pins_and_rate", test_console_pins_and_rate);
	ktest_run("microbit_v2.crystal_started_first", test_crystal_started_first);
	ktest_run("microbit_v2.centre_led", test_centre_led);
	ktest_run("microbit_v2.console_rx_interrupt", test_console_rx_interrupt);
	ktest_run("microbit_v2.board_clock", test_board_clock);
	ktest_run("microbit_v2.tickless_alarm", test_tickless_alarm);
	return ktest_finish();
}
