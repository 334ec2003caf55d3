/* SPDX-License-Identifier: MIT */
/*
 * Fault reporting for ARMv8-M Mainline: HardFault, MemManage, BusFault,
 * UsageFault and SecureFault share one entry (arch/mainline/fault.c) that
 * finds the stacked frame and calls fault_report, which prints the decoded
 * fault status (plus SFSR and the stack limits here) and the frame and
 * passes the result to the kernel: a fault of privileged code halts the
 * system (kernel_fault), one of unprivileged code ends only its process
 * (process_fault).
 *
 * A stack overflow is a UsageFault with STKOF: the thread's SP would have
 * gone below PSPLIM.  If that happened while the hardware stacked the
 * fault's own frame, the SP is left at the limit and the frame is not
 * all there, so it is not printed as if it were.
 */
#include <stdint.h>

#include "arch.h"
#include "armv8m.h"
#include "fault_print.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"

static const struct fault_bit sfsr_bits[] = {
	{ 1u << 0, "INVEP: invalid Secure entry point" },
	{ 1u << 1, "INVIS: invalid integrity signature on exception return" },
	{ 1u << 2, "INVER: invalid exception return" },
	{ 1u << 3, "AUVIOL: access violates the security attribution (SAU/IDAU)" },
	{ 1u << 4, "INVTRAN: invalid transition from Secure to Non-secure" },
	{ 1u << 5, "LSPERR: security violation on lazy FP state preservation" },
	{ 1u << 7, "LSERR: lazy FP state error" },
};

uint32_t fault_report(const struct exception_frame *frame, uint32_t exc_return)
{
	struct fault_info info;
	bool on_psp = (exc_return & EXC_RETURN_SPSEL) != 0;
	uint32_t limit;

	mainline_fault_start(&info, frame, exc_return);
	if (on_psp)
		__asm__ volatile("mrs %0, psplim" : "=r"(limit));
	else
		__asm__ volatile("mrs %0, msplim" : "=r"(limit));

	uint32_t cfsr = mainline_fault_decode(info.exception, &info);
	uint32_t sfsr = SCB_SFSR;
	if (info.exception == EXC_SECUREFAULT || sfsr != 0) {
		fault_print_bits("SFSR", sfsr, sfsr_bits, sizeof(sfsr_bits) / sizeof(sfsr_bits[0]));
		if (sfsr & SFSR_SFARVALID)
			kprintf("  SFAR = 0x%08lx (faulting address)\n", (unsigned long)SCB_SFAR);
		SCB_SFSR = sfsr;
	}
	if (cfsr & CFSR_STKOF)
		kprintf("  %s limit 0x%08lx, sp 0x%08lx\n", on_psp ? "PSPLIM" : "MSPLIM",
			(unsigned long)limit, (unsigned long)(uintptr_t)frame);
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR)) {
		kprintf("  no frame: the fault happened while stacking it at 0x%08lx\n",
			(unsigned long)(uintptr_t)frame);
	} else if ((cfsr & CFSR_STKOF) && (uintptr_t)frame == limit) {
		kprintf("  no frame: stacking it hit the limit; sp was left at the limit\n");
	} else if (!mainline_frame_readable(&info, cfsr)) {
		kprintf("  no frame read: sp 0x%08lx is outside the process's RAM\n",
			(unsigned long)(uintptr_t)frame);
	} else {
		info.pc = frame->pc;
		fault_print_frame(frame, exc_return);
	}
	return mainline_fault_finish(&info);
}
