/* SPDX-License-Identifier: MIT */
/*
 * The board contract: everything the kernel and the arch layer may ask of a
 * board.  One implementation per folder under boards/; nothing here knows
 * about scheduling.
 *
 * A board owns its clocks, its console UART and its memory map.  Addresses
 * of RAM and flash come from the linker (boards/<board>/memory.ld), so the
 * numbers printed at boot are the ones the image was really linked for.
 */
#ifndef BOARD_H
#define BOARD_H

#include <stdbool.h>
#include <stdint.h>

struct board_info {
	const char *name;         /* folder name under boards/ */
	const char *description;  /* the real part or development board */
	const char *console;      /* console UART driver and base address */
	bool console_can_receive; /* board_console_getc() can return data */
};

extern const struct board_info board_info;

/*
 * Bring up clocks and the console UART.  Called once from the reset path,
 * before .data users and before the kernel; must not use the heap.
 */
void board_init(void);

/* Write one byte to the console, waiting while the transmitter is full.
 * Context: any, including faults and panics; never takes a lock. */
void board_console_putc(char c);

/* Read one byte from the console.  Returns the byte, or -1 when nothing is
 * waiting.  Context: any; never blocks. */
int board_console_getc(void);

/*
 * The console's receive interrupt, which wakes a thread waiting for input
 * (kernel/console.c) so that nothing polls the UART.  Every board whose
 * console can receive (console_can_receive) implements both parts; the
 * kernel never asks the others.
 *
 * board_console_rx_irq_on turns on the UART's own receive interrupt and
 * returns the NVIC line it raises.  The line is the kernel's from then
 * on: it sets its priority (one the kernel lock masks), enables it, and
 * holds it off while its buffer is full (a UART whose interrupt is a
 * level, PL011, STM32, nRF, would interrupt again at once).  The board's
 * handler for that line acknowledges the UART's interrupt, where the UART
 * latches one, and then calls console_rx_interrupt(), which takes the
 * bytes with board_console_getc() (a spurious call finds none).  The
 * acknowledgement comes first, so a byte arriving after the kernel looked
 * raises the interrupt again.  A byte that was already waiting when the
 * interrupt was turned on may raise none (the CMSDK UART latches its
 * interrupt only as a byte arrives): the kernel reads the UART itself
 * once the interrupt is on, before it waits.
 *
 * Context: called once, with the kernel lock held, by the first thread
 * that waits for input.  board_console_getc() keeps working as before.
 */
unsigned board_console_rx_irq_on(void);

/* The kernel's (kernel/console.c), for the board's handler of that line.
 * Context: that handler. */
void console_rx_interrupt(void);

/* The core clock in Hz as configured by board_init(); SysTick counts at
 * this rate (CLKSOURCE = processor clock). */
uint32_t board_cpu_hz(void);

/* Print board-specific lines of the boot banner (clock source, notes). */
void board_print_banner(void);

/*
 * The board's user LED (the demo blinks it): lights it or puts it out and
 * returns true; returns false, doing nothing, on a board without an LED
 * it can drive.  Boards without one get the weak default in
 * arch/common/board_clock.c.  Context: any; never takes a lock.
 */
bool board_led_set(bool on);

/*
 * The kernel tick from a board timer, for cores without SysTick (it is
 * optional on ARMv6-M and ARMv8-M: the nRF51's Cortex-M0 has none).
 * Starts a timer interrupt tick_hz times a second that calls tick(), and
 * returns true; a board without one gets the weak default
 * (arch/common/board_clock.c), which returns false, and the kernel uses
 * SysTick.  Called once, before the first thread runs.
 */
bool board_tick_start(uint32_t tick_hz, void (*tick)(void));

/*
 * Tickless idle's alarm, on a board whose board clock (below) keeps time
 * on the core clock's source and never stops (BOARD_TICKLESS in its
 * board.mk; CONFIG_TICKLESS).  board_alarm_start sets up a timer whose
 * interrupt handler calls arch_tick_alarm_interrupt() (arch.h);
 * board_alarm_at makes that interrupt come once, when
 * board_clock_now() has reached `at` (at once if it has), replacing the
 * alarm set before, pending or not.  It must never come before `at`; it
 * may come a few counts after.  The interrupt's priority is ARCH_TICK_PRIORITY.
 * Context: kernel lock held.
 */
void board_alarm_start(void);
void board_alarm_at(uint32_t at);

/*
 * Tickless idle's wait for an interrupt, `ticks` ticks at most until the
 * alarm.  A board whose chip has a sleep state deeper than WFI in which
 * the board clock and the alarm keep running may enter it here when the
 * wait is long enough to pay for the wake-up (SCB->SCR.SLEEPDEEP and the
 * chip's power controller).  It returns as arch_idle_wait() does: once
 * an interrupt is pending, none taken, the kernel lock still held.  The
 * weak default (arch/common/board_clock.c) is arch_idle_wait().
 * Context: the idle thread, kernel lock held.
 */
void board_idle_wait(uint32_t ticks);

/*
 * A free-running clock for measuring (make bench, profiling): a 32-bit
 * count that rises board_clock_hz() times a second and wraps, so the
 * difference of two readings is the time between them, modulo 2^32
 * counts.  Under QEMU with -icount shift=0 a nanosecond of virtual time
 * is one guest instruction: a count is 1e9 / board_clock_hz()
 * instructions.
 *
 * A board with a fine timer of its own provides these three (MPS2: the
 * FPGA counter; AN505: the SSE-200's TIMER0; Netduino Plus 2: TIM2) and
 * starts it in board_init().
 * Every other board gets the weak default in arch/common/board_clock.c:
 * the kernel tick and SysTick combined, at the core clock, standing
 * still until the kernel starts its tick.
 *
 * Context: any; never takes a lock.
 */
uint32_t board_clock_now(void);
uint32_t board_clock_hz(void);

/* True when board_clock_now() counted from 0 at reset (under QEMU:
 * virtual time 0, the core's first instruction), so that a reading is the
 * time since reset. */
bool board_clock_from_reset(void);

#endif
