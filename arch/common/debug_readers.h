/* SPDX-License-Identifier: MIT */
/*
 * Special-register readers for debuggers, shared by every profile's
 * debug.c.
 *
 * QEMU 7.2's GDB server shows r0-r15 and xPSR only: no MSP, PSP, CONTROL
 * or interrupt masks.  Each reader returns one of them, and its FIRST
 * instruction is the `mrs r0, <register>` that reads it:
 * tools/gdb/rsp_proxy.py and tools/gdb/kestrel.py read a register by
 * pointing pc at the function, single-stepping that one instruction
 * (QEMU steps with interrupts and timers held) and putting r0, pc and
 * xPSR back.  Nothing else of the program runs.  From GDB they can also
 * be called directly, `p/x arch_debug_psp()`, but that runs the program
 * (an interrupt or a switch may happen during the call); prefer $psp
 * through the proxy, or `kestrel regs`.
 *
 * Written in assembly so that nothing (no prologue) comes before the mrs,
 * in a section marked "R" (SHF_GNU_RETAIN) so that --gc-sections keeps
 * them although nothing in the image calls them.  They change no state;
 * unprivileged code gets 0 for MSP (the MRS rule).
 *
 * A profile's debug.c lists its readers between DEBUG_READERS_BEGIN and
 * DEBUG_READERS_END inside one __asm__ statement.
 */
#ifndef ARCH_DEBUG_READERS_H
#define ARCH_DEBUG_READERS_H

#include <stdint.h>

uint32_t arch_debug_msp(void);
uint32_t arch_debug_psp(void);
uint32_t arch_debug_control(void);
uint32_t arch_debug_primask(void);
uint32_t arch_debug_basepri(void);
uint32_t arch_debug_faultmask(void);

#define DEBUG_READERS_BEGIN                                  \
	"	.section .text.arch_debug,\"axR\",%progbits\n" \
	"	.syntax unified\n"                             \
	"	.thumb\n"                                      \
	"	.balign 2\n"

#define DEBUG_READERS_END "	.text\n"

/* A reader whose first instruction is `first` (normally an mrs). */
#define DEBUG_FUNCTION(name, first)                \
	"	.global " #name "\n"                   \
	"	.type " #name ", %function\n"          \
	"	.thumb_func\n"                         \
	#name ":\n"                                \
	"	" first "\n"                           \
	"	bx lr\n"                               \
	"	.size " #name ", . - " #name "\n"

#define DEBUG_READER(name, reg) DEBUG_FUNCTION(name, "mrs r0, " #reg)

/* For a register the profile does not have: reads as 0. */
#define DEBUG_ZERO(name) DEBUG_FUNCTION(name, "movs r0, #0")

#endif
