/*
 * Fault reporting for ARMv7-M: HardFault, MemManage, BusFault and
 * UsageFault share one entry that finds the stacked frame and hands it to
 * C, which decodes the fault status registers into words and passes the
 * result to the kernel (kernel_fault), which decides what happens next.
 *
 * The report is printed with kprintf, straight to the console UART: it
 * takes no lock and allocates nothing, so it works whatever state the
 * faulting code left behind.  Host tools (tools/qemu_run.py) add the
 * symbol for each "pc"/"lr" they see.
 */
#include <stdint.h>

#include "arch.h"
#include "armv7m.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"

struct fault_bit {
	uint32_t mask;
	const char *what;
};

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

static const char *const fault_names[] = {
	[EXC_HARDFAULT] = "HardFault",
	[EXC_MEMMANAGE] = "MemManage fault",
	[EXC_BUSFAULT] = "BusFault",
	[EXC_USAGEFAULT] = "UsageFault",
};

static void print_bits(const char *reg, uint32_t value, const struct fault_bit *bits,
		       unsigned count)
{
	kprintf("  %s = 0x%08lx\n", reg, (unsigned long)value);
	for (unsigned i = 0; i < count; i++)
		if (value & bits[i].mask)
			kprintf("    %s\n", bits[i].what);
}

static void print_frame(const struct exception_frame *frame, uint32_t exc_return)
{
	kprintf("  r0 0x%08lx  r1 0x%08lx  r2 0x%08lx  r3 0x%08lx  r12 0x%08lx\n",
		(unsigned long)frame->r0, (unsigned long)frame->r1, (unsigned long)frame->r2,
		(unsigned long)frame->r3, (unsigned long)frame->r12);
	kprintf("  pc 0x%08lx\n  lr 0x%08lx\n  xpsr 0x%08lx  EXC_RETURN 0x%08lx  frame at 0x%08lx\n",
		(unsigned long)frame->pc, (unsigned long)frame->lr, (unsigned long)frame->xpsr,
		(unsigned long)exc_return, (unsigned long)(uintptr_t)frame);
}

/* Called from isr_hardfault with the frame the hardware stacked.  The MPU
 * is switched off first: the report may need to read a stack guard, and
 * the system halts afterwards anyway. */
__attribute__((used, noreturn)) static void fault_report(const struct exception_frame *frame,
							 uint32_t exc_return)
{
	MPU_CTRL = 0;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
	uint32_t exc = SCB_ICSR & ICSR_VECTACTIVE_MASK;
	uint32_t cfsr = SCB_CFSR;
	uint32_t hfsr = SCB_HFSR;
	uint32_t mmfar = SCB_MMFAR;
	uint32_t bfar = SCB_BFAR;
	bool thread_mode = (exc_return & 0x8u) != 0;

	kprintf("\n*** FAULT: %s (exception %lu) in %s mode on %s\n",
		exc <= EXC_USAGEFAULT ? fault_names[exc] : "?", (unsigned long)exc,
		thread_mode ? "thread" : "handler", (exc_return & 0x4u) ? "PSP" : "MSP");
	print_bits("CFSR", cfsr, cfsr_bits, sizeof(cfsr_bits) / sizeof(cfsr_bits[0]));
	if (exc == EXC_HARDFAULT)
		print_bits("HFSR", hfsr, hfsr_bits, sizeof(hfsr_bits) / sizeof(hfsr_bits[0]));
	if (cfsr & CFSR_MMARVALID)
		kprintf("  MMFAR = 0x%08lx (faulting data address)\n", (unsigned long)mmfar);
	if (cfsr & CFSR_BFARVALID)
		kprintf("  BFAR = 0x%08lx (faulting bus address)\n", (unsigned long)bfar);
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR))
		kprintf("  no frame: the fault happened while stacking it at 0x%08lx\n",
			(unsigned long)(uintptr_t)frame);
	else
		print_frame(frame, exc_return);

	SCB_CFSR = cfsr; /* write-one-to-clear, for a debugger looking later */
	struct fault_info info = {
		.what = exc <= EXC_USAGEFAULT ? fault_names[exc] : "fault",
		.thread_mode = thread_mode,
		.address_valid = (cfsr & (CFSR_MMARVALID | CFSR_BFARVALID)) != 0,
		.address = (cfsr & CFSR_MMARVALID) ? mmfar : bfar,
		.sp = (uintptr_t)frame,
	};
	kernel_fault(&info);
}

/*
 * One entry for all four faults.  EXC_RETURN bit 2 says which stack the
 * hardware pushed the frame on.  r4-r11 are still the faulting code's, so
 * a debugger stopped in fault_report sees them untouched.
 */
__attribute__((naked)) void isr_hardfault(void)
{
	__asm__ volatile("tst   lr, #4\n\t"
			 "ite   eq\n\t"
			 "mrseq r0, msp\n\t"
			 "mrsne r0, psp\n\t"
			 "mov   r1, lr\n\t"
			 "b     fault_report\n\t");
}

void isr_memmanage(void) __attribute__((alias("isr_hardfault")));
void isr_busfault(void) __attribute__((alias("isr_hardfault")));
void isr_usagefault(void) __attribute__((alias("isr_hardfault")));
