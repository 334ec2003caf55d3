/*
 * Decoding of the configurable fault status registers, the same on
 * ARMv7-M and ARMv8-M Mainline (see mainline.h).  The profile's fault.c
 * calls it between the headline and the frame.
 */
#include "fault_print.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "mainline.h"

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
	SCB_CFSR = cfsr; /* write-one-to-clear, for a debugger looking later */
	return cfsr;
}
