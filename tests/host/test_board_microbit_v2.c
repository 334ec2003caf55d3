/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the micro:bit v2's board code (boards/microbit-v2/
 * board.c, with the nRF51/nRF52 UART driver) against a model of the
 * nRF52833's registers from its Product Specification: EVENTS_HFCLKSTARTED
 * follows TASKS_HFCLKSTART when the crystal starts (§5.4), GPIO's OUTSET,
 * OUTCLR and DIRSET act on OUT and DIR (§6.9), the rest plain registers.
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

static bool crystal;

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

int main(void)
{
	ktest_run("microbit_v2.console_pins_and_rate", test_console_pins_and_rate);
	ktest_run("microbit_v2.crystal_started_first", test_crystal_started_first);
	ktest_run("microbit_v2.centre_led", test_centre_led);
	ktest_run("microbit_v2.console_rx_interrupt", test_console_rx_interrupt);
	return ktest_finish();
}
