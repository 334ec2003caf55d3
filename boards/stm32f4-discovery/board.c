/* SPDX-License-Identifier: MIT */
/*
 * ST STM32F4DISCOVERY (STM32F407VG, Cortex-M4F): 168 MHz from the PLL,
 * fed by the board's 8 MHz crystal, or by the 16 MHz HSI if the crystal
 * does not start.  Console on USART2 (PA2 TX, PA3 RX, AF7) at 115200
 * baud, for a 3.3 V USB-serial adapter on the P1 header.  The four user
 * LEDs are PD12 (green), PD13 (orange), PD14 (red) and PD15 (blue), lit
 * high; the demo blinks the green one.
 *
 * Facts used and where they come from:
 *   - UM1472 (Discovery kit with STM32F407VG user manual): §6.3 LEDs (LD4
 *     green PD12, LD3 orange PD13, LD5 red PD14, LD6 blue PD15); §6.8
 *     OSC clock (X2, an 8 MHz crystal on OSC_IN/OSC_OUT); the extension
 *     connectors P1/P2 carry PA2 and PA3.
 *   - DS8626 (STM32F405xx/407xx datasheet): 1 MiB flash, 192 KiB SRAM of
 *     which 128 KiB at 0x20000000 (SRAM1 112 KiB + SRAM2 16 KiB) and
 *     64 KiB CCM at 0x10000000; 168 MHz at most; table 9: USART2 = AF7.
 *   - RM0090 (STM32F405/407 reference manual): §3.5.1 table 10, 5 wait
 *     states for 150 < HCLK <= 168 MHz at 2.7-3.6 V; §7.2 APB1 at most
 *     42 MHz, APB2 at most 84 MHz; PWR_CR.VOS resets to scale 1, which
 *     allows 168 MHz; §12 (vector table): 82 interrupts.
 *   - The PLL: 2 MHz VCO input (/4 from 8 MHz, /8 from 16 MHz), N = 168
 *     for a 336 MHz VCO, P = 2 for 168 MHz, Q = 7 for 48 MHz.
 *
 * Under QEMU (the netduinoplus2 model, an STM32F405, as a smoke test) the
 * RCC is not modelled and the core runs at QEMU's fixed 168 MHz.
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "stm32f4.h"
#include "uart.h"

#define USART2_BASE 0x40004400u
#define USART2_IRQ 38 /* RM0090 §12, the vector table */
#define USART2_TX_PIN 2u
#define USART2_RX_PIN 3u
#define AF_USART2 7u
#define LED_PIN 12u /* LD4, green, on PD12 */
#define CONSOLE_BAUD 115200u

static const struct stm32f4_clock_plan clock_plan = {
	.hse_hz = 8000000u,
	.hse_bypass = false,
	.sys_hz = 168000000u,
	.pll_p = 2,
	.flash_wait_states = 5,
	.apb1_div = 4,
	.apb2_div = 2,
	.hse_source = "PLL from the 8 MHz crystal",
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
	stm32f4_gpio_output(STM32F4_GPIOD, LED_PIN);
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
	stm32f4_gpio_write(STM32F4_GPIOD, LED_PIN, on);
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
	.name = "stm32f4-discovery",
	.description = "ST STM32F4DISCOVERY (STM32F407VG, Cortex-M4F)",
	.console = "STM32 USART2 @ 0x40004400 (PA2/PA3)",
	.console_can_receive = true,
};
