/* SPDX-License-Identifier: MIT */
/*
 * Fault reporting for ARMv7-M: HardFault, MemManage, BusFault and
 * UsageFault share one entry (arch/mainline/fault.c) that finds the
 * stacked frame and calls fault_report, which prints the decoded fault
 * status and the frame and passes the result to the kernel: a fault of
 * privileged code halts the system (kernel_fault), one of unprivileged
 * code ends only its process (process_fault).
 */
#include <stdint.h>

#include "arch.h"
#include "armv7m.h"
#include "fault_print.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"

uint32_t fault_report(const struct exception_frame *frame, uint32_t exc_return)
{
	struct fault_info info;

	mainline_fault_start(&info, frame, exc_return);
	uint32_t cfsr = mainline_fault_decode(info.exception, &info);
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR)) {
		kprintf("  no frame: the fault happened while stacking it at 0x%08lx\n",
			(unsigned long)(uintptr_t)frame);
	} else if (!mainline_frame_readable(&info, cfsr)) {
		kprintf("  no frame read: sp 0x%08lx is outside the process's RAM\n",
			(unsigned long)(uintptr_t)frame);
	} else {
		info.pc = frame->pc;
		fault_print_frame(frame, exc_return);
	}
	return mainline_fault_finish(&info);
}
