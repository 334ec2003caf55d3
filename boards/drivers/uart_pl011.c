/* SPDX-License-Identifier: MIT */
/*
 * ARM PrimeCell PL011 UART: polled transmit, receive polled or by
 * interrupt.
 *
 * Registers (ARM DDI 0183, PL011 TRM, §3.3): DR +0x00, FR +0x18 (bit 4
 * RX FIFO empty, bit 5 TX FIFO full), IBRD +0x24, FBRD +0x28, LCRH +0x2C,
 * CR +0x30 (bit 0 UARTEN, bit 8 TXE, bit 9 RXE), IMSC +0x38 (interrupt
 * mask set/clear: 1 enables), ICR +0x44 (write 1 to clear); in both,
 * bit 4 RX and bit 6 RX timeout.  The LM3S6965 (data sheet, UART
 * registers UARTIM and UARTICR) and the RP2040 (datasheet §4.2.8, UARTIMSC
 * and UARTICR) have the same.
 *
 * Receive interrupts (TRM, "Interrupts"): with the FIFO on, RX rises when the FIFO
 * fills to its trigger level (IFLS, half full from reset) and RX timeout
 * when data sits below it for 32 bit periods, so a lone key is seen by
 * the timeout; both are levels that fall as the FIFO is read empty.
 * QEMU's model raises RX on the first byte and has no timeout interrupt;
 * it takes bytes from its serial backend while its 16-byte FIFO has room.
 */
#include "mmio.h"
#include "uart.h"

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_IBRD 0x24
#define PL011_FBRD 0x28
#define PL011_LCRH 0x2c
#define PL011_CR 0x30
#define PL011_IMSC 0x38
#define PL011_ICR 0x44

#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)
#define PL011_LCRH_FEN (1u << 4)
#define PL011_LCRH_WLEN8 (3u << 5)
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)
#define PL011_INT_RX (1u << 4)
#define PL011_INT_RT (1u << 6)

void pl011_init(uintptr_t base, uint32_t clock_hz, uint32_t baud)
{
	/* Divisor in 1/64ths: clock / (16 * baud), rounded. */
	uint32_t div64 = (uint32_t)(((uint64_t)clock_hz * 4 + baud / 2) / baud);

	mmio_write(base + PL011_CR, 0);
	mmio_write(base + PL011_IBRD, div64 >> 6);
	mmio_write(base + PL011_FBRD, div64 & 63);
	mmio_write(base + PL011_LCRH, PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	mmio_write(base + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void pl011_putc(uintptr_t base, char c)
{
	while (mmio_read(base + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write(base + PL011_DR, (uint8_t)c);
}

int pl011_getc(uintptr_t base)
{
	if (mmio_read(base + PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(mmio_read(base + PL011_DR) & 0xff);
}

void pl011_rx_irq_on(uintptr_t base)
{
	mmio_write(base + PL011_IMSC, mmio_read(base + PL011_IMSC) | PL011_INT_RX | PL011_INT_RT);
}

void pl011_rx_irq_ack(uintptr_t base)
{
	mmio_write(base + PL011_ICR, PL011_INT_RX | PL011_INT_RT);
}
