/* SPDX-License-Identifier: MIT */
/*
 * Nordic nRF51 UART (without EasyDMA): polled transmit, receive polled
 * or by interrupt.
 *
 * Registers (nRF51 Series Reference Manual, UART chapter): tasks STARTRX
 * +0x000, STARTTX +0x008; events RXDRDY +0x108, TXDRDY +0x11C; INTENSET
 * +0x304 (bit 2 RXDRDY); ENABLE +0x500 (4 = on); pin selects PSELTXD
 * +0x50C, PSELRXD +0x514; RXD +0x518, TXD +0x51C; BAUDRATE +0x524.  The
 * nRF52833's UART (Product Specification §6.33, its register list) has
 * the same.
 *
 * The interrupt (Reference Manual, "Peripheral interface": an event
 * whose INTEN bit is set holds the peripheral's interrupt up) stays up
 * while EVENTS_RXDRDY is set; getc clears the event as it reads, and
 * reading RXD raises it again if the receive FIFO (6 bytes) holds more.
 * QEMU's model takes bytes from its serial backend while that FIFO has
 * room.
 *
 * The transmitter runs only after both ENABLE = 4 and the STARTTX task
 * (QEMU prints nothing with either alone).  Each byte written to TXD
 * raises TXDRDY once it is sent; the next byte waits for that.
 */
#include "mmio.h"
#include "uart.h"

#define NRF_TASKS_STARTRX 0x000
#define NRF_TASKS_STARTTX 0x008
#define NRF_EVENTS_RXDRDY 0x108
#define NRF_EVENTS_TXDRDY 0x11c
#define NRF_INTENSET 0x304
#define NRF_ENABLE 0x500
#define NRF_PSELTXD 0x50c
#define NRF_PSELRXD 0x514
#define NRF_RXD 0x518
#define NRF_TXD 0x51c
#define NRF_BAUDRATE 0x524

#define NRF_ENABLE_UART 4u
#define NRF_INT_RXDRDY (1u << 2)

void nrf51_uart_init(uintptr_t base, unsigned tx_pin, unsigned rx_pin, uint32_t baud_reg)
{
	mmio_write(base + NRF_PSELTXD, tx_pin);
	mmio_write(base + NRF_PSELRXD, rx_pin);
	mmio_write(base + NRF_BAUDRATE, baud_reg);
	mmio_write(base + NRF_ENABLE, NRF_ENABLE_UART);
	mmio_write(base + NRF_EVENTS_TXDRDY, 0);
	mmio_write(base + NRF_EVENTS_RXDRDY, 0);
	mmio_write(base + NRF_TASKS_STARTTX, 1);
	mmio_write(base + NRF_TASKS_STARTRX, 1);
}

void nrf51_uart_putc(uintptr_t base, char c)
{
	mmio_write(base + NRF_TXD, (uint8_t)c);
	while (!mmio_read(base + NRF_EVENTS_TXDRDY))
		;
	mmio_write(base + NRF_EVENTS_TXDRDY, 0);
}

int nrf51_uart_getc(uintptr_t base)
{
	if (!mmio_read(base + NRF_EVENTS_RXDRDY))
		return -1;
	/* Clear the event before reading: reading RXD moves the next byte
	 * in, which raises RXDRDY again. */
	mmio_write(base + NRF_EVENTS_RXDRDY, 0);
	return (int)(mmio_read(base + NRF_RXD) & 0xff);
}

void nrf51_uart_rx_irq_on(uintptr_t base)
{
	mmio_write(base + NRF_INTENSET, NRF_INT_RXDRDY);
}
