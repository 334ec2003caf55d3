/*
 * Special-register readers for debuggers.
 *
 * QEMU 7.2's GDB server shows r0-r15 and xPSR only: no MSP, PSP, CONTROL
 * or interrupt masks.  Each function here returns one of them, and its
 * FIRST instruction is the `mrs r0, <register>` that reads it:
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
 * them although nothing in the image calls them.  They change no state.
 * ARMv6-M has no BASEPRI and no FAULTMASK (nothing is masked by them):
 * their readers' first instruction puts 0 in r0 instead.
 */
#include <stdint.h>

uint32_t arch_debug_msp(void);
uint32_t arch_debug_psp(void);
uint32_t arch_debug_control(void);
uint32_t arch_debug_primask(void);
uint32_t arch_debug_basepri(void);
uint32_t arch_debug_faultmask(void);

#define DEBUG_READER(name, reg)                    \
	"	.global " #name "\n"                   \
	"	.type " #name ", %function\n"          \
	"	.thumb_func\n"                         \
	#name ":\n"                                \
	"	mrs r0, " #reg "\n"                    \
	"	bx lr\n"                               \
	"	.size " #name ", . - " #name "\n"

#define DEBUG_ZERO(name)                           \
	"	.global " #name "\n"                   \
	"	.type " #name ", %function\n"          \
	"	.thumb_func\n"                         \
	#name ":\n"                                \
	"	movs r0, #0\n"                         \
	"	bx lr\n"                               \
	"	.size " #name ", . - " #name "\n"

__asm__("	.section .text.arch_debug,\"axR\",%progbits\n"
	"	.syntax unified\n"
	"	.thumb\n"
	"	.balign 2\n"
	DEBUG_READER(arch_debug_msp, msp)
	DEBUG_READER(arch_debug_psp, psp)
	DEBUG_READER(arch_debug_control, control)
	DEBUG_READER(arch_debug_primask, primask)
	DEBUG_ZERO(arch_debug_basepri)
	DEBUG_ZERO(arch_debug_faultmask)
	"	.text\n");
