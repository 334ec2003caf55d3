/* SPDX-License-Identifier: MIT */
/*
 * The console's receive interrupt of the two STM32F4 boards that use
 * USART2 (nucleo-f401re, stm32f4-discovery), checked the same way for
 * both (board.h): RXNEIE on, the line returned (38) and no NVIC line
 * touched by the board (the kernel sets the line's priority and enables
 * it), and the line's handler calling the kernel.
 */
#include "board.h"
#include "fake_mmio.h"
#include "stm32f4_model.h"
#include "ktest.h"

static int rx_calls;
void isr_irq38(void);

void console_rx_interrupt(void)
{
	rx_calls++;
}

void stm32f4_check_usart2_rx_interrupt(void)
{
	uint32_t cr1 = fake_reg(USART2_CR1);

	CHECK_EQ(board_console_rx_irq_on(), 38u);
	CHECK_EQ(fake_reg(USART2_CR1), cr1 | (1u << 5)); /* RXNEIE; UE, TE, RE kept */
	for (unsigned i = 0; i < FAKE_IRQS; i++)
		CHECK(!fake_irq[i].enabled && fake_irq[i].priority == 0);
	rx_calls = 0;
	isr_irq38();
	CHECK_EQ(rx_calls, 1);
}
