/* SPDX-License-Identifier: MIT */
/*
 * Console input (see console.h): the console UART's receive interrupt
 * fills a ring, threads waiting for input sleep on a wait queue until it
 * has something for them.  Nothing polls: a waiting thread is woken by a
 * byte, or by its timeout, never by the tick.
 *
 * The handler (console_rx_interrupt, which the board's handler of the
 * line calls: board.h)
 * moves every byte waiting in the UART into the ring and wakes as many
 * readers as there are bytes.  A reader takes the oldest byte in the
 * ring; with the ring empty, a byte still in the UART (one that arrived
 * before the interrupt was on, or that the handler left there, below);
 * with neither, it waits.
 *
 * Invariant: every byte in the ring arrived before any still in the UART,
 * so bytes come out in the order they came in; a reader waits only while
 * both are empty.  Guarded by the kernel lock, which masks the receive
 * interrupt (its priority is kernel-aware): a reader looks at the ring
 * and the UART and queues itself in one critical section, so a byte
 * arriving meanwhile pends the interrupt, whose handler runs once the
 * reader is queued and wakes it.  No byte waits while a reader sleeps.
 *
 * Flow control: when the ring is full the handler leaves the rest in the
 * UART and holds the interrupt's line off, since a UART whose interrupt
 * is a level would raise it again at once; the first byte taken from the
 * ring lets it on again.  Meanwhile bytes wait in the
 * UART's own buffer: under QEMU the serial backend waits with them
 * (its UART models take a byte only when they have room), so nothing is
 * lost however fast it is typed or pasted; on silicon what arrives beyond
 * the UART's FIFO is lost to its overrun, as it would be with no ring.
 *
 * Started lazily: the interrupt is turned on the first time a thread
 * waits for input.  Until then, and in an image that never reads the
 * console, the UART is left as board_init set it up, for
 * board_console_getc's other callers (fault reports, a polled program).
 *
 * Limits: one console; bytes the UART itself dropped (overrun, framing
 * errors) are neither counted nor reported; the handler's time goes to
 * the thread it interrupted and no trace event marks it.
 */
#include <stddef.h>

#include "arch.h"
#include "board.h"
#include "kernel/console.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/time.h"

#define RING_BYTES CONFIG_CONSOLE_RX_BYTES

/* The receive interrupt's priority: one the kernel lock masks, since its
 * handler calls the kernel. */
#define RX_IRQ_PRIORITY (ARCH_KERNEL_BASEPRI + 0x40u)

_Static_assert(RING_BYTES >= 1 && (RING_BYTES & (RING_BYTES - 1)) == 0,
	       "CONFIG_CONSOLE_RX_BYTES must be a power of two");

/* head and tail count bytes in and out, wrapping together: head - tail
 * bytes are in the ring.  All zero at reset (.bss: nothing for the reset
 * path to copy). */
static struct {
	uint8_t ring[RING_BYTES];
	uint32_t head;
	uint32_t tail;
	unsigned irq; /* the receive interrupt's line, once it is on */
	bool held;    /* the ring filled: the line is held off */
	struct console_rx_stats stats;
} rx;

static struct wait_queue readers = WAIT_QUEUE_INIT(readers, NULL);

static uint32_t ring_count(void)
{
	return rx.head - rx.tail;
}

/* Context: the receive interrupt, at a kernel-aware priority. */
void console_rx_interrupt(void)
{
	uint32_t key = kernel_lock();
	struct thread *t;
	int c;

	rx.stats.interrupts++;
	while (ring_count() < RING_BYTES && (c = board_console_getc()) >= 0) {
		rx.ring[rx.head++ % RING_BYTES] = (uint8_t)c;
		rx.stats.from_irq++;
	}
	if (ring_count() == RING_BYTES && !rx.held) {
		rx.held = true;
		rx.stats.holds++;
		arch_irq_disable(rx.irq);
	}
	for (uint32_t n = ring_count(); n > 0 && (t = wait_queue_first(&readers)) != NULL; n--)
		sched_wake_locked(t, 0);
	kernel_unlock(key);
}

/* The oldest byte of input, or -1.  Lock held. */
static int take_locked(void)
{
	int c;

	if (ring_count() == 0) {
		c = board_console_getc();
		if (c >= 0)
			rx.stats.direct++;
		return c;
	}
	c = rx.ring[rx.tail++ % RING_BYTES];
	if (rx.held) {
		rx.held = false;
		arch_irq_enable(rx.irq);
	}
	return c;
}

int console_getc(uint32_t timeout_ticks)
{
	if (!board_info.console_can_receive)
		return ERR_NOSYS;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;
	if (timeout_ticks != TIMEOUT_NO_WAIT && arch_in_isr())
		return ERR_CONTEXT;
	if (timeout_ticks != TIMEOUT_NO_WAIT && thread_self() == NULL)
		return ERR_STATE;

	uint32_t deadline = time_ticks() + timeout_ticks;
	for (;;) {
		uint32_t key = kernel_lock();
		int c = take_locked();
		if (c >= 0 || timeout_ticks == TIMEOUT_NO_WAIT) {
			kernel_unlock(key);
			return c >= 0 ? c : ERR_WOULD_BLOCK;
		}
		if (!rx.stats.started) {
			/* A byte that reached the UART after the look above but
			 * before its interrupt was on raises none (the CMSDK UART
			 * flags only bytes that arrive while RXINTEN is set), and
			 * would wait there with the reader asleep: look again,
			 * with the interrupt on. */
			rx.stats.started = true;
			rx.irq = board_console_rx_irq_on();
			arch_irq_set_priority(rx.irq, RX_IRQ_PRIORITY);
			arch_irq_enable(rx.irq);
			kernel_unlock(key);
			continue;
		}
		/* A reader woken for a byte another took waits again, for
		 * what is left of its timeout. */
		uint32_t wait = timeout_ticks;
		if (timeout_ticks != TIMEOUT_FOREVER) {
			uint32_t now = time_ticks();
			if (tick_reached(now, deadline)) {
				kernel_unlock(key);
				return ERR_TIMEOUT;
			}
			wait = deadline - now;
		}
		int err = sched_block(&readers, &readers, "console", wait, key);
		if (err != 0)
			return err;
	}
}

void console_rx_stats(struct console_rx_stats *out)
{
	uint32_t key = kernel_lock();
	*out = rx.stats;
	kernel_unlock(key);
	out->ring_bytes = RING_BYTES;
}
