/* SPDX-License-Identifier: MIT */
/*
 * ST STM32F2/F4 USART: polled transmit, receive polled or by interrupt.
 *
 * Registers (RM0090 §30.6): SR +0x00 (bit 3 ORE, bit 5 RXNE, bit 7 TXE),
 * DR +0x04, BRR +0x08, CR1 +0x0C (bit 13 UE, bit 5 RXNEIE, bit 3 TE,
 * bit 2 RE).  RM0368 §19.6 (the STM32F401) has the same.
 * The caller enables the USART's bus clock and routes its pins first.
 *
 * The receive interrupt (RM0090 §30.4, USART interrupts) is a level, raised
 * while RXNE or ORE is set with RXNEIE on; reading SR and then DR, as
 * getc does, clears both, so there is nothing else to acknowledge.
 * QEMU's model takes a byte from its serial backend only while RXNE is
 * clear.
 */
#include "mmio.h"
#include "uart.h"

#define USART_SR 0x00
#define USART_DR 0x04
#define USART_BRR 0x08
#define USART_CR1 0x0c

#define USART_SR_RXNE (1u << 5)
#define USART_SR_TXE (1u << 7)
#define USART_CR1_RE (1u << 2)
#define USART_CR1_RXNEIE (1u << 5)
#define USART_CR1_TE (1u << 3)
#define USART_CR1_UE (1u << 13)

void stm32_usart_init(uintptr_t base, uint32_t clock_hz, uint32_t baud)
{
	/* Oversampling by 16: BRR = clock / baud, mantissa and fraction. */
	mmio_write(base + USART_BRR, (clock_hz + baud / 2) / baud);
	mmio_write(base + USART_CR1, USART_CR1_UE | USART_CR1_TE | USART_CR1_RE);
}

void stm32_usart_putc(uintptr_t base, char c)
{
	while (!(mmio_read(base + USART_SR) & USART_SR_TXE))
		;
	mmio_write(base + USART_DR, (uint8_t)c);
}

int stm32_usart_getc(uintptr_t base)
{
	if (!(mmio_read(base + USART_SR) & USART_SR_RXNE))
		return -1;
	return (int)(mmio_read(base + USART_DR) & 0xff);
}

void stm32_usart_rx_irq_on(uintptr_t base)
{
	mmio_write(base + USART_CR1, mmio_read(base + USART_CR1) | USART_CR1_RXNEIE);
}
