/* SPDX-License-Identifier: MIT */
/*
 * Fault reporting for ARMv6-M.  Every fault is a HardFault, and the
 * profile has no fault status or address registers (no CFSR, HFSR, MMFAR
 * or BFAR), so the cause is not recorded anywhere: the report gives the
 * stacked frame and the instruction at the stacked pc, which is usually
 * enough to tell (an undefined instruction, a semihosting BKPT without a
 * debugger, an access at an address held in r0-r3).  The kernel
 * (kernel_fault) then decides what happens next.
 *
 * The report is printed with kprintf, straight to the console UART: it
 * takes no lock and allocates nothing, so it works whatever state the
 * faulting code left behind.  Host tools (tools/qemu_run.py) add the
 * symbol for each "pc"/"lr" they see.
 */
#include <stdint.h>

#include "arch.h"
#include "armv6m.h"
#include "fault_print.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"

extern char __text_start[], __text_end[], __ram_origin[], __ram_length[];

static bool inside(uintptr_t addr, size_t bytes, uintptr_t start, uintptr_t end)
{
	return addr >= start && addr <= end && bytes <= end - addr;
}

/* Names the instruction at pc, if pc lies in the image's code (reading
 * anywhere else could fault again, which would lock the core up). */
static void print_instruction(uint32_t pc)
{
	uintptr_t at = pc & ~(uintptr_t)1;

	if (!inside(at, 2, (uintptr_t)__text_start, (uintptr_t)__text_end))
		return;
	uint16_t insn = *(const uint16_t *)at;
	const char *what = "";
	if ((insn & 0xff00u) == 0xde00u)
		what = " (UDF: permanently undefined)";
	else if (insn == 0xbeabu)
		what = " (BKPT 0xab: semihosting with no debugger attached?)";
	else if ((insn & 0xff00u) == 0xbe00u)
		what = " (BKPT: a breakpoint with no debugger attached)";
	kprintf("  instruction at pc: 0x%04x%s\n", insn, what);
}

/* Called from isr_hardfault (fault_entry.S) with the frame the hardware
 * stacked. */
__attribute__((noreturn)) void fault_report(const struct exception_frame *frame,
					    uint32_t exc_return);

void fault_report(const struct exception_frame *frame, uint32_t exc_return)
{
	uint32_t exc = SCB_ICSR & ICSR_VECTACTIVE_MASK;
	uintptr_t ram = (uintptr_t)__ram_origin;
	struct fault_info info = {
		.what = fault_name(exc),
		.thread_mode = (exc_return & EXC_RETURN_MODE) != 0,
		.sp = (uintptr_t)frame,
	};

	fault_print_headline(exc, exc_return);
	kprintf("  cause: not recorded; ARMv6-M has no fault status registers "
		"(CFSR, HFSR, MMFAR, BFAR)\n");
	if (inside((uintptr_t)frame, sizeof(*frame), ram, ram + (uintptr_t)__ram_length)) {
		print_instruction(frame->pc);
		fault_print_frame(frame, exc_return);
	} else {
		kprintf("  no frame: sp 0x%08lx is outside RAM\n", (unsigned long)(uintptr_t)frame);
	}
	kernel_fault(&info);
}

/* The HardFault entry is fault_entry.S: it calls fault_report with the
 * stacked frame and EXC_RETURN. */
