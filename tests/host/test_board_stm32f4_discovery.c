/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the STM32F4DISCOVERY's board code (boards/stm32f4-
 * discovery/board.c, boards/drivers/stm32f4.c) against the STM32F4 model
 * (tests/host/boards/stm32f4_model.c): the 168 MHz clock tree RM0090
 * asks for, from the 8 MHz crystal, and the console and LED pins.  The
 * model comes from the same reading of the manual as the code.
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

static void test_168mhz_from_the_crystal(void)
{
	start(true, true);
	CHECK_EQ(board_cpu_hz(), 168 * MHZ);
	/* 8 MHz / 4 = 2 MHz, * 168 = 336 MHz, / 2 = 168 MHz, / 7 = 48 MHz. */
	CHECK_EQ(fake_reg(RCC_PLLCFGR), PLLCFGR(4u, 168u, 2u, true, 7u));
	CHECK_EQ(fake_write_index(RCC_CR, CR_HSEBYP, CR_HSEBYP, 0), FAKE_NEVER); /* a crystal */
	CHECK_EQ(fake_reg(FLASH_ACR) & 0xfu, 5);
	size_t latency = fake_write_index(FLASH_ACR, 0xfu, 5u, 0);
	size_t sw = fake_write_index(RCC_CFGR, CFGR_SW_MASK, 2u, 0);
	CHECK(latency != FAKE_NEVER && sw != FAKE_NEVER && latency < sw);
	CHECK_EQ((fake_reg(RCC_CFGR) >> 10) & 7u, 5u); /* APB1 / 4: 42 MHz */
	CHECK_EQ((fake_reg(RCC_CFGR) >> 13) & 7u, 4u); /* APB2 / 2: 84 MHz */
	CHECK_EQ(board_clock_hz(), 84 * MHZ);          /* TIM2: twice APB1 */
}

static void test_pll_from_the_hsi_without_the_crystal(void)
{
	start(false, true);
	CHECK_EQ(board_cpu_hz(), 168 * MHZ);
	CHECK_EQ(fake_reg(RCC_PLLCFGR), PLLCFGR(8u, 168u, 2u, false, 7u));
}

static void test_console_and_led(void)
{
	start(true, true);
	CHECK_EQ(fake_reg(USART2_BRR), 365); /* 42 MHz / 115200 */
	CHECK_EQ((fake_reg(GPIOA + GPIO_AFRL) >> 8) & 0xffu, 0x77u);
	CHECK_EQ((fake_reg(GPIOA + GPIO_MODER) >> 4) & 0xfu, 0xau);
	CHECK(fake_reg(RCC_AHB1ENR) & (1u << 3)); /* GPIOD */
	CHECK_EQ((fake_reg(GPIOD + GPIO_MODER) >> 24) & 3u, 1u);
	CHECK(board_led_set(true));
	CHECK_EQ(fake_reg(GPIOD + GPIO_BSRR), 1u << 12);
}

/* The console's receive interrupt: stm32f4_console_rx.c. */
static void test_console_rx_interrupt(void)
{
	start(true, true);
	stm32f4_check_usart2_rx_interrupt();
}

int main(void)
{
	ktest_run("discovery.168mhz_from_the_crystal", test_168mhz_from_the_crystal);
	ktest_run("discovery.pll_from_the_hsi_without_the_crystal",
		  test_pll_from_the_hsi_without_the_crystal);
	ktest_run("discovery.console_and_led", test_console_and_led);
	ktest_run("discovery.console_rx_interrupt", test_console_rx_interrupt);
	return ktest_finish();
}
