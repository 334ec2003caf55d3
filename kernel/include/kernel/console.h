/* SPDX-License-Identifier: MIT */
/*
 * Console input for threads: the bytes the console UART receives, handed
 * over by its receive interrupt, so that a thread waiting for input
 * sleeps until a byte arrives (kernel/console.c says how).  stdin reads
 * come here (kernel/libc.c's _read); so may an application that wants a
 * key with a timeout.
 *
 * Output has no such layer: board_console_putc writes straight to the
 * UART.  Fault and panic reports use board_console_putc/getc directly,
 * which keep working in any context.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

/* Bytes of input the kernel keeps while no thread takes them. */
#ifndef CONFIG_CONSOLE_RX_BYTES
#define CONFIG_CONSOLE_RX_BYTES 128
#endif

/*
 * The next byte of console input, waiting up to timeout_ticks for one
 * (TIMEOUT_FOREVER: as long as it takes; TIMEOUT_NO_WAIT: not at all).
 * Returns: the byte, 0-255; ERR_WOULD_BLOCK (TIMEOUT_NO_WAIT, nothing
 * there); ERR_TIMEOUT; ERR_RANGE (a timeout beyond TIMEOUT_MAX_TICKS);
 * ERR_NOSYS (the console cannot receive: board_info.console_can_receive);
 * ERR_CONTEXT (a wait asked in an interrupt handler); ERR_STATE (a wait
 * asked before the kernel started).
 * Context: threads; any with TIMEOUT_NO_WAIT.
 */
int console_getc(uint32_t timeout_ticks);

/* What the console's input has done so far, for the shell's mem. */
struct console_rx_stats {
	bool started;        /* the receive interrupt is on (a thread has waited) */
	uint32_t ring_bytes; /* CONFIG_CONSOLE_RX_BYTES */
	uint32_t interrupts; /* receive interrupts taken */
	uint32_t from_irq;   /* bytes the interrupt moved into the ring */
	uint32_t direct;     /* bytes a reader took from the UART itself */
	uint32_t holds;      /* times the ring filled and the interrupt was held off */
};

/* Context: any. */
void console_rx_stats(struct console_rx_stats *out);

#endif
