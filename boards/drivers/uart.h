/* SPDX-License-Identifier: MIT */
/*
 * Console UART drivers shared between boards.  Each board's board.c picks
 * one and forwards board_console_putc/getc to it.  putc and getc are
 * polled and touch only their own registers, so they are safe to call
 * from a fault handler.
 *
 * The receive interrupt (board.h: board_console_rx_irq_on): each driver's
 * rx_irq_on turns on the UART's receive interrupt, and its rx_irq_ack,
 * where the UART needs one, clears the interrupt before the board's
 * handler lets the kernel read; a UART whose interrupt falls by itself as
 * its data is read (STM32, nRF) has none.  The NVIC line and its handler
 * are the board's (the line differs from board to board); the kernel
 * sets its priority and enables it.
 */
#ifndef BOARD_DRIVERS_UART_H
#define BOARD_DRIVERS_UART_H

#include <stdint.h>


/* ARM CMSDK APB UART (MPS2 and MPS3 FPGA images). */
void cmsdk_uart_init(uintptr_t base, uint32_t clock_hz, uint32_t baud);
void cmsdk_uart_putc(uintptr_t base, char c);
int cmsdk_uart_getc(uintptr_t base);
void cmsdk_uart_rx_irq_on(uintptr_t base);
void cmsdk_uart_rx_irq_ack(uintptr_t base);

/* ARM PrimeCell PL011 (TI Stellaris). */
void pl011_init(uintptr_t base, uint32_t clock_hz, uint32_t baud);
void pl011_putc(uintptr_t base, char c);
int pl011_getc(uintptr_t base);
void pl011_rx_irq_on(uintptr_t base);
void pl011_rx_irq_ack(uintptr_t base);

/* ST STM32F2/F4 USART. */
void stm32_usart_init(uintptr_t base, uint32_t clock_hz, uint32_t baud);
void stm32_usart_putc(uintptr_t base, char c);
int stm32_usart_getc(uintptr_t base);
void stm32_usart_rx_irq_on(uintptr_t base);

/* Nordic nRF51 UART, and the nRF52's UART (without EasyDMA), which keeps
 * its registers (nRF52833 Product Specification, UART).  The baud rate is
 * the BAUDRATE register's value, which is not a simple function of the
 * rate (nRF51 Reference Manual).  A pin is the PSEL value: the nRF52's
 * port in bit 5, its pin in bits 4:0. */
#define NRF51_UART_BAUD_115200 0x01d7e000u
void nrf51_uart_init(uintptr_t base, unsigned tx_pin, unsigned rx_pin, uint32_t baud_reg);
void nrf51_uart_putc(uintptr_t base, char c);
int nrf51_uart_getc(uintptr_t base);
void nrf51_uart_rx_irq_on(uintptr_t base);

#endif
