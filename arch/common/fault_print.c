/* SPDX-License-Identifier: MIT */
/* Fault report lines common to all profiles (see fault_print.h). */
#include "fault_print.h"
#include "kernel/kprintf.h"

static const char *const fault_names[] = {
	[EXC_HARDFAULT] = "HardFault",
	[EXC_MEMMANAGE] = "MemManage fault",
	[EXC_BUSFAULT] = "BusFault",
	[EXC_USAGEFAULT] = "UsageFault",
	[EXC_SECUREFAULT] = "SecureFault",
};

const char *fault_name(uint32_t exc)
{
	if (exc < sizeof(fault_names) / sizeof(fault_names[0]) && fault_names[exc])
		return fault_names[exc];
	return "fault";
}

void fault_print_headline(uint32_t exc, uint32_t exc_return)
{
	kprintf("\n*** FAULT: %s (exception %lu) in %s mode on %s\n", fault_name(exc),
		(unsigned long)exc, (exc_return & EXC_RETURN_MODE) ? "thread" : "handler",
		(exc_return & EXC_RETURN_SPSEL) ? "PSP" : "MSP");
}

void fault_print_bits(const char *reg, uint32_t value, const struct fault_bit *bits,
		      unsigned count)
{
	kprintf("  %s = 0x%08lx\n", reg, (unsigned long)value);
	for (unsigned i = 0; i < count; i++)
		if (value & bits[i].mask)
			kprintf("    %s\n", bits[i].what);
}

void fault_print_frame(const struct exception_frame *frame, uint32_t exc_return)
{
	kprintf("  r0 0x%08lx  r1 0x%08lx  r2 0x%08lx  r3 0x%08lx  r12 0x%08lx\n",
		(unsigned long)frame->r0, (unsigned long)frame->r1, (unsigned long)frame->r2,
		(unsigned long)frame->r3, (unsigned long)frame->r12);
	kprintf("  pc 0x%08lx\n  lr 0x%08lx\n  xpsr 0x%08lx  EXC_RETURN 0x%08lx  frame at 0x%08lx\n",
		(unsigned long)frame->pc, (unsigned long)frame->lr, (unsigned long)frame->xpsr,
		(unsigned long)exc_return, (unsigned long)(uintptr_t)frame);
}
