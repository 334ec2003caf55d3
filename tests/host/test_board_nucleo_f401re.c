/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the Nucleo-F401RE's board code (boards/nucleo-f401re/
 * board.c and boards/drivers/stm32f4.c) against a model of the STM32F4's
 * clock and pin registers (tests/host/boards/stm32f4_model.c).  QEMU
 * models no RCC, so this is where the clock code's silicon paths run:
 * the register values it programs, the order of the writes that RM0368
 * asks for, and each fallback.  The model is read from the same manual
 * as the code, so a misreading of the manual would be in both.
 */
#include <stdbool.h>

#include "arch.h"
#include "board.h"
#include "boards/fake_mmio.h"
#include "boards/stm32f4_model.h"
#include "ktest.h"

#define MHZ 1000000u

static void start(bool hse_present, bool pll_locks)
{
	stm32f4_model_reset((struct stm32f4_model){ .hse_present = hse_present,
						    .pll_locks = pll_locks });
	board_init();
}

static void test_84mhz_from_the_stlink_clock(void)
{
	start(true, true);
	CHECK_EQ(board_cpu_hz(), 84 * MHZ);
	/* 8 MHz / 4 = 2 MHz into the VCO, * 168 = 336 MHz, / 4 = 84 MHz,
	 * / 7 = 48 MHz; source HSE. */
	CHECK_EQ(fake_reg(RCC_PLLCFGR), PLLCFGR(4u, 168u, 4u, true, 7u));
	size_t bypass = fake_write_index(RCC_CR, CR_HSEBYP, CR_HSEBYP, 0);
	size_t on = fake_write_index(RCC_CR, CR_HSEON, CR_HSEON, 0);
	CHECK(bypass != FAKE_NEVER && on != FAKE_NEVER);
	CHECK(bypass < on); /* HSEBYP is set while HSEON is off */
	CHECK_EQ(fake_reg(FLASH_ACR) & 0xfu, 2);
	size_t latency = fake_write_index(FLASH_ACR, 0xfu, 2u, 0);
	size_t sw = fake_write_index(RCC_CFGR, CFGR_SW_MASK, 2u, 0);
	CHECK(latency != FAKE_NEVER && sw != FAKE_NEVER && latency < sw);
	CHECK_EQ((fake_reg(RCC_CFGR) >> 10) & 7u, 4u); /* APB1 / 2: 42 MHz */
	CHECK_EQ((fake_reg(RCC_CFGR) >> 13) & 7u, 0u); /* APB2 / 1 */
	CHECK_EQ(board_clock_hz(), 84 * MHZ);          /* TIM2: twice APB1 */
}

static void test_console_on_usart2(void)
{
	start(true, true);
	/* 42 MHz / 115200 = 364.6: BRR 365 (22 + 13/16), 115068 baud. */
	CHECK_EQ(fake_reg(USART2_BRR), 365);
	CHECK_EQ(fake_reg(USART2_CR1), (1u << 13) | (1u << 3) | (1u << 2));
	CHECK(fake_reg(RCC_APB1ENR) & (1u << 17));
	/* PA2 and PA3: AF7, alternate mode, after GPIOA's clock is on. */
	CHECK_EQ((fake_reg(GPIOA + GPIO_AFRL) >> 8) & 0xffu, 0x77u);
	CHECK_EQ((fake_reg(GPIOA + GPIO_MODER) >> 4) & 0xfu, 0xau);
	size_t clock = fake_write_index(RCC_AHB1ENR, 1u, 1u, 0);
	size_t afr = fake_write_index(GPIOA + GPIO_AFRL, 0, 0, 0);
	CHECK(clock != FAKE_NEVER && afr != FAKE_NEVER && clock < afr);
}

static void test_led_on_pa5(void)
{
	start(true, true);
	CHECK_EQ((fake_reg(GPIOA + GPIO_MODER) >> 10) & 3u, 1u);
	CHECK(board_led_set(true));
	CHECK_EQ(fake_reg(GPIOA + GPIO_BSRR), 1u << 5);
	CHECK(board_led_set(false));
	CHECK_EQ(fake_reg(GPIOA + GPIO_BSRR), 1u << 21);
}

static void test_hsi_when_the_stlink_clock_is_absent(void)
{
	start(false, true);
	CHECK_EQ(board_cpu_hz(), 84 * MHZ);
	/* 16 MHz / 8 = 2 MHz, the rest as from the HSE; source HSI. */
	CHECK_EQ(fake_reg(RCC_PLLCFGR), PLLCFGR(8u, 168u, 4u, false, 7u));
	CHECK_EQ(fake_reg(RCC_CR) & (CR_HSEON | CR_HSEBYP), 0);
	CHECK_EQ(fake_reg(USART2_BRR), 365);
}

static void test_16mhz_when_the_pll_does_not_lock(void)
{
	start(true, false);
	CHECK_EQ(board_cpu_hz(), 16 * MHZ);
	CHECK_EQ(fake_write_index(RCC_CFGR, CFGR_SW_MASK, 2u, 0), FAKE_NEVER);
	CHECK_EQ(fake_reg(USART2_BRR), 139); /* 16 MHz / 115200 */
	CHECK_EQ(board_clock_hz(), 16 * MHZ);
}

static void test_qemu_changes_no_clock(void)
{
	stm32f4_model_reset((struct stm32f4_model){ .qemu = true });
	board_init();
	CHECK_EQ(board_cpu_hz(), 168 * MHZ);
	CHECK_EQ(board_clock_hz(), 1000 * MHZ);
	CHECK_EQ(fake_write_index(RCC_CR, 0, 0, 0), FAKE_NEVER);
	CHECK_EQ(fake_write_index(RCC_PLLCFGR, 0, 0, 0), FAKE_NEVER);
	CHECK_EQ(fake_write_index(FLASH_ACR, 0, 0, 0), FAKE_NEVER);
}

/* The console's receive interrupt: stm32f4_console_rx.c. */
static void test_console_rx_interrupt(void)
{
	start(true, true);
	stm32f4_check_usart2_rx_interrupt();
}

int main(void)
{
	ktest_run("nucleo.84mhz_from_the_stlink_clock", test_84mhz_from_the_stlink_clock);
	ktest_run("nucleo.console_on_usart2", test_console_on_usart2);
	ktest_run("nucleo.led_on_pa5", test_led_on_pa5);
	ktest_run("nucleo.hsi_when_the_stlink_clock_is_absent",
		  test_hsi_when_the_stlink_clock_is_absent);
	ktest_run("nucleo.16mhz_when_the_pll_does_not_lock", test_16mhz_when_the_pll_does_not_lock);
	ktest_run("nucleo.qemu_changes_no_clock", test_qemu_changes_no_clock);
	ktest_run("nucleo.console_rx_interrupt", test_console_rx_interrupt);
	return ktest_finish();
}
