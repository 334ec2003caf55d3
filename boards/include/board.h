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

/* The core clock in Hz as configured by board_init(); SysTick counts at
 * this rate (CLKSOURCE = processor clock). */
uint32_t board_cpu_hz(void);

/* Print board-specific lines of the boot banner (clock source, notes). */
void board_print_banner(void);

#endif
