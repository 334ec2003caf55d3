/* SPDX-License-Identifier: MIT */
/*
 * ARM CMSDK APB UART: polled transmit and receive.
 *
 * Registers (ARM DDI 0479): DATA +0x00, STATE +0x04 (bit 0 TX full,
 * bit 1 RX full), CTRL +0x08 (bit 0 TX enable, bit 1 RX enable),
 * BAUDDIV +0x10 (at least 16).
 * QEMU wedges the transmitter for good if DATA is written while TX is
 * disabled, so init must run before the first byte.
 */
#include "mmio.h"
#include "uart.h"

#define CMSDK_DATA 0x00
#define CMSDK_STATE 0x04
#define CMSDK_CTRL 0x08
#define CMSDK_BAUDDIV 0x10

#define CMSDK_STATE_TXFULL (1u << 0)
#define CMSDK_STATE_RXFULL (1u << 1)
#define CMSDK_CTRL_TXEN (1u << 0)
#define CMSDK_CTRL_RXEN (1u << 1)

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
