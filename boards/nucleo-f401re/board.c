/* SPDX-License-Identifier: MIT */
/*
 * ST Nucleo-F401RE (STM32F401RE, Cortex-M4F): 84 MHz from the PLL, fed
 * by the 8 MHz clock the on-board ST-LINK drives into OSC_IN (HSE
 * bypass), or by the 16 MHz HSI when that clock is absent.  Console on
 * USART2 (PA2 TX, PA3 RX, AF7) at 115200 baud: the ST-LINK's virtual COM
 * port.  The green user LED LD2 is on PA5, lit high.
 *
 * Facts used and where they come from:
 *   - UM1724 (STM32 Nucleo-64 boards user manual): §6.4 LEDs (LD2 on PA5,
 *     "the I/O is HIGH value, the LED is on"); §6.7.1 OSC clock supply
 *     (the ST-LINK's MCO, 8 MHz fixed, on PH0/OSC_IN; the default on
 *     MB1136 revision C-02 and later, earlier boards run from the HSI);
 *     §6.8 USART communication (USART2 on PA2/PA3 to the ST-LINK virtual
 *     COM port).
 *   - DS10086 (STM32F401xD/E datasheet): 512 KiB flash, 96 KiB SRAM,
 *     84 MHz at most; table 9 (alternate functions): USART2_TX/RX = AF7.
 *   - RM0368 (STM32F401 reference manual): §3.4.1 table 6, 2 wait states
 *     for 60 < HCLK <= 84 MHz at 2.7-3.6 V; §6.2 APB1 at most 42 MHz,
 *     APB2 at most 84 MHz; PWR_CR.VOS resets to scale 2, which allows
 *     84 MHz, so it is left alone; §10 (vector table): 85 interrupts.
 *   - The PLL: 2 MHz VCO input (/4 from 8 MHz, /8 from 16 MHz), N = 168
 *     for a 336 MHz VCO, P = 4 for 84 MHz, Q = 7 for 48 MHz.
 *
 * Under QEMU (make test runs this board's images on the netduinoplus2
 * model, an STM32F405, as a smoke test) the RCC is not modelled: the core
 * runs at QEMU's fixed 168 MHz, which stm32f4_clock_init reports, and
 * USART2 is QEMU's second serial port.
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "stm32f4.h"
#include "uart.h"

#define USART2_BASE 0x40004400u
#define USART2_IRQ 38 /* RM0368 §10, the vector table */
#define USART2_TX_PIN 2u
#define USART2_RX_PIN 3u
#define AF_USART2 7u
#define LED_PIN 5u /* LD2 on PA5 */
#define CONSOLE_BAUD 115200u

static const struct stm32f4_clock_plan clock_plan = {
	.hse_hz = 8000000u,
	.hse_bypass = true,
	.sys_hz = 84000000u,
	.pll_p = 4,
	.flash_wait_states = 2,
	.apb1_div = 2,
	.apb2_div = 1,
	.hse_source = "PLL from the ST-LINK's 8 MHz clock, HSE bypass",
};

static struct stm32f4_clocks clocks;

void board_init(void)
{
	stm32f4_clock_init(&clock_plan, &clocks);
	stm32f4_tim2_start();
	stm32f4_apb1_enable(STM32F4_APB1_USART2);
	stm32f4_gpio_alternate(STM32F4_GPIOA, USART2_TX_PIN, AF_USART2);
	stm32f4_gpio_alternate(STM32F4_GPIOA, USART2_RX_PIN, AF_USART2);
	stm32_usart_init(USART2_BASE, clocks.apb1_hz, CONSOLE_BAUD);
	stm32f4_gpio_output(STM32F4_GPIOA, LED_PIN);
}

void board_console_putc(char c)
{
	stm32_usart_putc(USART2_BASE, c);
}

int board_console_getc(void)
{
	return stm32_usart_getc(USART2_BASE);
}

/* The console's receive interrupt (board.h).  RXNE: reading the data
 * register lowers it (uart_stm32.c). */
unsigned board_console_rx_irq_on(void)
{
	stm32_usart_rx_irq_on(USART2_BASE);
	return USART2_IRQ;
}

void isr_irq38(void) /* USART2 */
{
	console_rx_interrupt();
}

bool board_led_set(bool on)
{
	stm32f4_gpio_write(STM32F4_GPIOA, LED_PIN, on);
	return true;
}

uint32_t board_clock_now(void)
{
	return stm32f4_tim2_now();
}

uint32_t board_clock_hz(void)
{
	return clocks.tim2_hz;
}

bool board_clock_from_reset(void)
{
	return false;
}

uint32_t board_cpu_hz(void)
{
	return clocks.sys_hz;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (%s), APB1 %lu Hz, SysTick on core clock\n",
	       (unsigned long)clocks.sys_hz, clocks.source, (unsigned long)clocks.apb1_hz);
}

const struct board_info board_info = {
	.name = "nucleo-f401re",
	.description = "ST Nucleo-F401RE (STM32F401RE, Cortex-M4F)",
	.console = "STM32 USART2 @ 0x40004400 (PA2/PA3, ST-LINK virtual COM port)",
	.console_can_receive = true,
};
