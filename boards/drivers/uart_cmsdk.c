/* SPDX-License-Identifier: MIT */
/*
 * ARM CMSDK APB UART: polled transmit, receive polled or by interrupt.
 *
 * Registers (ARM DDI 0479, Cortex-M System Design Kit TRM, §4.3 UART):
 * DATA +0x00, STATE +0x04 (bit 0 TX full, bit 1 RX full), CTRL +0x08
 * (bit 0 TX enable, bit 1 RX enable, bit 3 RX interrupt enable),
 * INTSTATUS/INTCLEAR +0x0C (bit 1 RX; write 1 to clear), BAUDDIV +0x10
 * (at least 16).
 * QEMU wedges the transmitter for good if DATA is written while TX is
 * disabled, so init must run before the first byte.
 *
 * The RX interrupt is latched: INTSTATUS.RX is set as a byte arrives
 * (with RX interrupt enable on) and stays set, whether or not DATA is
 * read, until INTCLEAR clears it; so the handler clears it first, then
 * reads, and a byte arriving after the read sets it again.  A byte that
 * arrived while the enable was off sets nothing.  QEMU's model holds one
 * byte and takes the next from its serial backend only once DATA is read.
 */
#include "mmio.h"
#include "uart.h"

#define CMSDK_DATA 0x00
#define CMSDK_STATE 0x04
#define CMSDK_CTRL 0x08
#define CMSDK_INTCLEAR 0x0c
#define CMSDK_BAUDDIV 0x10

#define CMSDK_STATE_TXFULL (1u << 0)
#define CMSDK_STATE_RXFULL (1u << 1)
#define CMSDK_CTRL_TXEN (1u << 0)
#define CMSDK_CTRL_RXEN (1u << 1)
#define CMSDK_CTRL_RXINTEN (1u << 3)
#define CMSDK_INT_RX (1u << 1)

void cmsdk_uart_init(uintptr_t base, uint32_t clock_hz, uint32_t baud)
{
	uint32_t div = clock_hz / baud;

	mmio_write(base + CMSDK_BAUDDIV, div < 16 ? 16 : div);
	mmio_write(base + CMSDK_CTRL, CMSDK_CTRL_TXEN | CMSDK_CTRL_RXEN);
}

void cmsdk_uart_putc(uintptr_t base, char c)
{
	while (mmio_read(base + CMSDK_STATE) & CMSDK_STATE_TXFULL)
		;
	mmio_write(base + CMSDK_DATA, (uint8_t)c);
}

int cmsdk_uart_getc(uintptr_t base)
{
	if (!(mmio_read(base + CMSDK_STATE) & CMSDK_STATE_RXFULL))
		return -1;
	return (int)(mmio_read(base + CMSDK_DATA) & 0xff);
}

void cmsdk_uart_rx_irq_on(uintptr_t base)
{
	mmio_write(base + CMSDK_INTCLEAR, CMSDK_INT_RX);
	mmio_write(base + CMSDK_CTRL, mmio_read(base + CMSDK_CTRL) | CMSDK_CTRL_RXINTEN);
}

void cmsdk_uart_rx_irq_ack(uintptr_t base)
{
	mmio_write(base + CMSDK_INTCLEAR, CMSDK_INT_RX);
}
