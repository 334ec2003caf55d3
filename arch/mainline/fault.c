/* SPDX-License-Identifier: MIT */
/*
 * The fault handling ARMv7-M and ARMv8-M Mainline share (see mainline.h):
 * one entry for every fault, the start and the end of the report, and the
 * decoding of the configurable fault status registers.  The profile's
 * fault_report prints what only it has (ARMv8-M: the stack limits and
 * SFSR) between them.
 *
 * The report is printed with kprintf, straight to the console UART: it
 * takes no lock and allocates nothing, so it works whatever state the
 * faulting code left behind.  Host tools (tools/qemu_run.py) add the
 * symbol for each "pc"/"lr" they see.
 */
#include "arch.h"
#include "fault_print.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kestrel/syscall.h"
#include "mainline.h"

/* The profile's report (its fault.c): returns the EXC_RETURN to leave by. */
uint32_t fault_report(const struct exception_frame *frame, uint32_t exc_return);

/* The fault handlers' entries (isr_hardfault, isr_memmanage,
 * isr_busfault, isr_usagefault, isr_securefault) are fault_entry.S: they
 * call fault_report with the stacked frame and EXC_RETURN. */

void mainline_fault_start(struct fault_info *info, const struct exception_frame *frame,
			  uint32_t exc_return)
{
	uint32_t exc = SCB_ICSR & ICSR_VECTACTIVE_MASK;

	*info = (struct fault_info){
		.what = fault_name(exc),
		.exception = exc,
		.thread_mode = (exc_return & EXC_RETURN_MODE) != 0,
		.user = arch_fault_is_user(exc_return),
		.sp = (uintptr_t)frame,
	};
	if (!info->user) {
		MPU_CTRL = 0;
		__asm__ volatile("dsb\n\tisb" ::: "memory");
	}
	fault_print_headline(exc, exc_return);
}

bool mainline_frame_readable(const struct fault_info *info, uint32_t cfsr)
{
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR))
		return false; /* the fault happened while the hardware stacked it */
	if (!info->user)
		return true; /* privileged code: the MPU is off for the report */
	/* Unprivileged code's SP is its own to set: the report reads what the
	 * hardware stacked only where that code may write itself. */
	const struct process *p = sched_self()->process;
	return mem_region_contains(&p->data, info->sp, 8 * sizeof(uint32_t));
}

uint32_t mainline_fault_finish(struct fault_info *info)
{
	if (!info->user)
		kernel_fault(info);
	SCB_HFSR = SCB_HFSR; /* write-one-to-clear */
	return process_fault(info);
}

/* What the fault was, as the process's record names it.  An exception
 * entry that could not stack its frame comes first: whatever else was
 * pending, the SP the code left was unusable. */
static uint32_t cause_of(uint32_t cfsr)
{
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR | CFSR_MLSPERR | CFSR_LSPERR))
		return SYS_FAULT_BAD_SP;
	if (cfsr & CFSR_STKOF)
		return SYS_FAULT_STACK_OVERFLOW;
	if (cfsr & (CFSR_MUNSTKERR | CFSR_UNSTKERR | CFSR_INVPC))
		return SYS_FAULT_BAD_RETURN;
	if (cfsr & (CFSR_IACCVIOL | CFSR_DACCVIOL | CFSR_IBUSERR | CFSR_PRECISERR |
		    CFSR_IMPRECISERR))
		return SYS_FAULT_MEMORY;
	return SYS_FAULT_INSTRUCTION; /* UNDEFINSTR, INVSTATE, NOCP, UNALIGNED, DIVBYZERO, bkpt */
}

static const struct fault_bit cfsr_bits[] = {
	{ 1u << 0, "IACCVIOL: instruction fetch from a no-access or XN region" },
	{ 1u << 1, "DACCVIOL: data access violates the MPU" },
	{ 1u << 3, "MUNSTKERR: MPU fault on exception return unstacking" },
	{ 1u << 4, "MSTKERR: MPU fault on exception entry stacking" },
	{ 1u << 5, "MLSPERR: MPU fault on lazy FP state preservation" },
	{ 1u << 8, "IBUSERR: bus error on instruction fetch" },
	{ 1u << 9, "PRECISERR: precise data bus error" },
	{ 1u << 10, "IMPRECISERR: imprecise data bus error" },
	{ 1u << 11, "UNSTKERR: bus fault on exception return unstacking" },
	{ 1u << 12, "STKERR: bus fault on exception entry stacking" },
	{ 1u << 13, "LSPERR: bus fault on lazy FP state preservation" },
	{ 1u << 16, "UNDEFINSTR: undefined instruction" },
	{ 1u << 17, "INVSTATE: invalid EPSR state (Thumb bit clear?)" },
	{ 1u << 18, "INVPC: invalid EXC_RETURN on exception return" },
	{ 1u << 19, "NOCP: coprocessor (FPU) disabled or absent" },
	{ 1u << 20, "STKOF: stack limit (PSPLIM/MSPLIM) overflow" },
	{ 1u << 24, "UNALIGNED: unaligned access trapped" },
	{ 1u << 25, "DIVBYZERO: integer division by zero" },
};

static const struct fault_bit hfsr_bits[] = {
	{ 1u << 1, "VECTTBL: bus fault reading the vector table" },
	{ 1u << 30, "FORCED: escalated from a configurable fault" },
	{ 1u << 31, "DEBUGEVT: debug event with the debugger disabled" },
};

uint32_t mainline_fault_decode(uint32_t exc, struct fault_info *info)
{
	uint32_t cfsr = SCB_CFSR;
	uint32_t mmfar = SCB_MMFAR;
	uint32_t bfar = SCB_BFAR;

	fault_print_bits("CFSR", cfsr, cfsr_bits, sizeof(cfsr_bits) / sizeof(cfsr_bits[0]));
	if (exc == EXC_HARDFAULT)
		fault_print_bits("HFSR", SCB_HFSR, hfsr_bits,
				 sizeof(hfsr_bits) / sizeof(hfsr_bits[0]));
	if (cfsr & CFSR_MMARVALID)
		kprintf("  MMFAR = 0x%08lx (faulting data address)\n", (unsigned long)mmfar);
	if (cfsr & CFSR_BFARVALID)
		kprintf("  BFAR = 0x%08lx (faulting bus address)\n", (unsigned long)bfar);

	info->address_valid = (cfsr & (CFSR_MMARVALID | CFSR_BFARVALID)) != 0;
	info->address = (cfsr & CFSR_MMARVALID) ? mmfar : bfar;
	info->status = exc == EXC_HARDFAULT ? SCB_HFSR : cfsr;
	info->cause = cause_of(cfsr);
	SCB_CFSR = cfsr; /* write-one-to-clear, for a debugger looking later */
	return cfsr;
}
