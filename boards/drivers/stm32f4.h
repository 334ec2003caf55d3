/* SPDX-License-Identifier: MIT */
/*
 * STM32F4 clock tree, GPIO pins and TIM2, shared by the boards built on
 * an STM32F401 or STM32F407 (boards/nucleo-f401re, boards/stm32f4-discovery).
 *
 * The register map is the one both reference manuals give (RM0368 for the
 * STM32F401, RM0090 for the STM32F405/407): RCC at 0x40023800, the flash
 * interface at 0x40023c00, GPIO ports 0x400 apart from 0x40020000, TIM2
 * at 0x40000000.
 */
#ifndef BOARD_DRIVERS_STM32F4_H
#define BOARD_DRIVERS_STM32F4_H

#include <stdbool.h>
#include <stdint.h>

/* What a board wants of the clock tree: SYSCLK from the main PLL, fed by
 * the external clock when it starts and by the 16 MHz HSI otherwise. */
struct stm32f4_clock_plan {
	uint32_t hse_hz;    /* the crystal or clock on OSC_IN */
	bool hse_bypass;    /* OSC_IN is driven by a clock (HSEBYP), not a crystal */
	uint32_t sys_hz;    /* SYSCLK = HCLK = the core clock */
	uint32_t pll_p;     /* PLL output divider: 2, 4, 6 or 8 */
	uint32_t flash_wait_states; /* for sys_hz at 2.7 to 3.6 V */
	uint32_t apb1_div;  /* 1, 2, 4, 8 or 16 */
	uint32_t apb2_div;
	const char *hse_source; /* banner text for the PLL on the external clock */
};

/* The clocks as stm32f4_clock_init left them. */
struct stm32f4_clocks {
	uint32_t sys_hz;
	uint32_t apb1_hz;
	uint32_t apb2_hz;
	uint32_t tim2_hz;   /* TIM2's counting rate (board_clock_hz) */
	const char *source; /* for the boot banner */
};

/* SYSCLK from the PLL as planned; every wait is bounded.  Falls back to
 * the HSI as PLL input if the external clock does not start, and to the
 * HSI alone if the PLL does not lock.  Under QEMU (the RCC reads as
 * zeros) it changes nothing and reports QEMU's fixed 168 MHz clock. */
void stm32f4_clock_init(const struct stm32f4_clock_plan *plan, struct stm32f4_clocks *out);

#define STM32F4_GPIOA 0x40020000u
#define STM32F4_GPIOB 0x40020400u
#define STM32F4_GPIOC 0x40020800u
#define STM32F4_GPIOD 0x40020c00u

/* Enables the port's clock and gives the pin to alternate function af. */
void stm32f4_gpio_alternate(uintptr_t port, unsigned pin, unsigned af);
/* Enables the port's clock and makes the pin a push-pull output, low. */
void stm32f4_gpio_output(uintptr_t port, unsigned pin);
/* Drives an output pin.  Context: any (one BSRR write, no lock). */
void stm32f4_gpio_write(uintptr_t port, unsigned pin, bool high);

/* TIM2 counting up over all 32 bits with no prescaler. */
void stm32f4_tim2_start(void);
uint32_t stm32f4_tim2_now(void);

/* The RCC's enable bits of the peripherals these boards use. */
#define STM32F4_APB1_TIM2 (1u << 0)
#define STM32F4_APB1_USART2 (1u << 17)
void stm32f4_apb1_enable(uint32_t bits);

#endif
