/* SPDX-License-Identifier: MIT */
/*
 * A model of the STM32F4 registers the board code uses, for the host
 * tests of the Nucleo and Discovery boards: the RCC as RM0368 §6.3 and
 * RM0090 §7.3 describe its ready flags (HSERDY follows HSEON when a
 * clock is on OSC_IN, PLLRDY follows PLLON when the PLL can lock, SWS
 * follows SW, HSIRDY is 1 from reset on silicon), everything else a
 * plain register.  Under "qemu" the RCC reads as zeros, as QEMU's
 * unimplemented device does.
 */
#ifndef TESTS_HOST_BOARDS_STM32F4_MODEL_H
#define TESTS_HOST_BOARDS_STM32F4_MODEL_H

#include <stdbool.h>

#define RCC_CR 0x40023800u
#define RCC_PLLCFGR 0x40023804u
#define RCC_CFGR 0x40023808u
#define RCC_AHB1ENR 0x40023830u
#define RCC_APB1ENR 0x40023840u
#define FLASH_ACR 0x40023c00u
#define GPIOA 0x40020000u
#define GPIOD 0x40020c00u
#define GPIO_MODER 0x00u
#define GPIO_BSRR 0x18u
#define GPIO_AFRL 0x20u
#define USART2_BRR 0x40004408u
#define USART2_CR1 0x4000440cu
#define TIM2_CR1 0x40000000u

#define CR_HSEON (1u << 16)
#define CR_HSEBYP (1u << 18)
#define CR_PLLON (1u << 24)
#define CFGR_SW_MASK 3u

struct stm32f4_model {
	bool qemu;        /* the RCC reads as zeros */
	bool hse_present; /* HSE becomes ready when turned on */
	bool pll_locks;
};

void stm32f4_model_reset(struct stm32f4_model model);

/* PLLCFGR as RM0090 §7.3.2 lays it out. */
#define PLLCFGR(m, n, p, src_hse, q) \
	((m) | ((n) << 6) | (((p) / 2 - 1) << 16) | ((src_hse) ? 1u << 22 : 0) | ((q) << 24))

/* The USART2 receive-interrupt case both STM32F4 board tests run, once
 * the board is initialised (stm32f4_console_rx.c). */
void stm32f4_check_usart2_rx_interrupt(void);

#endif
