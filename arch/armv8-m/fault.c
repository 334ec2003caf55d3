/*
 * Fault reporting for ARMv8-M Mainline: HardFault, MemManage, BusFault,
 * UsageFault and SecureFault share one entry that finds the stacked frame
 * and hands it to C, which prints the decoded fault status (arch/mainline,
 * plus SFSR here) and the frame and passes the result to the kernel
 * (kernel_fault), which decides what happens next.
 *
 * A stack overflow is a UsageFault with STKOF: the thread's SP would have
 * gone below PSPLIM.  If that happened while the hardware stacked the
 * fault's own frame, the SP is left at the limit and the frame is not
 * all there, so it is not printed as if it were.
 *
 * The report is printed with kprintf, straight to the console UART: it
 * takes no lock and allocates nothing, so it works whatever state the
 * faulting code left behind.  Host tools (tools/qemu_run.py) add the
 * symbol for each "pc"/"lr" they see.
 */
#include <stdint.h>

#include "arch.h"
#include "armv8m.h"
#include "fault_print.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/process.h"

static const struct fault_bit sfsr_bits[] = {
	{ 1u << 0, "INVEP: invalid Secure entry point" },
	{ 1u << 1, "INVIS: invalid integrity signature on exception return" },
	{ 1u << 2, "INVER: invalid exception return" },
	{ 1u << 3, "AUVIOL: access violates the security attribution (SAU/IDAU)" },
	{ 1u << 4, "INVTRAN: invalid transition from Secure to Non-secure" },
	{ 1u << 5, "LSPERR: security violation on lazy FP state preservation" },
	{ 1u << 7, "LSERR: lazy FP state error" },
};

/* Called from isr_hardfault with the frame the hardware stacked.  A fault
 * of unprivileged code ends its process (process_fault) and returns: the
 * thread never runs its code again, it leaves the handler into the kernel
 * to end its process.  Any other halts the system; the MPU is switched off
 * first, as the report may need to read any memory. */
__attribute__((used)) static uint32_t fault_report(const struct exception_frame *frame,
						   uint32_t exc_return)
{
	bool user = arch_fault_is_user(exc_return);

	if (!user) {
		MPU_CTRL = 0;
		__asm__ volatile("dsb\n\tisb" ::: "memory");
	}
	uint32_t exc = SCB_ICSR & ICSR_VECTACTIVE_MASK;
	bool on_psp = (exc_return & EXC_RETURN_SPSEL) != 0;
	uint32_t limit;
	struct fault_info info = {
		.what = fault_name(exc),
		.exception = exc,
		.thread_mode = (exc_return & EXC_RETURN_MODE) != 0,
		.user = user,
		.sp = (uintptr_t)frame,
	};

	if (on_psp)
		__asm__ volatile("mrs %0, psplim" : "=r"(limit));
	else
		__asm__ volatile("mrs %0, msplim" : "=r"(limit));

	fault_print_headline(exc, exc_return);
	uint32_t cfsr = mainline_fault_decode(exc, &info);
	info.status = exc == EXC_HARDFAULT ? SCB_HFSR : cfsr;
	uint32_t sfsr = SCB_SFSR;
	if (exc == EXC_SECUREFAULT || sfsr != 0) {
		fault_print_bits("SFSR", sfsr, sfsr_bits, sizeof(sfsr_bits) / sizeof(sfsr_bits[0]));
		if (sfsr & SFSR_SFARVALID)
			kprintf("  SFAR = 0x%08lx (faulting address)\n", (unsigned long)SCB_SFAR);
		SCB_SFSR = sfsr;
	}
	if (cfsr & CFSR_STKOF)
		kprintf("  %s limit 0x%08lx, sp 0x%08lx\n", on_psp ? "PSPLIM" : "MSPLIM",
			(unsigned long)limit, (unsigned long)(uintptr_t)frame);
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR))
		kprintf("  no frame: the fault happened while stacking it at 0x%08lx\n",
			(unsigned long)(uintptr_t)frame);
	else if ((cfsr & CFSR_STKOF) && (uintptr_t)frame == limit)
		kprintf("  no frame: stacking it hit the limit; sp was left at the limit\n");
	else {
		info.pc = frame->pc;
		fault_print_frame(frame, exc_return);
	}
	if (!user)
		kernel_fault(&info);
	SCB_HFSR = SCB_HFSR; /* write-one-to-clear */
	return process_fault(&info);
}

/*
 * One entry for all five faults.  EXC_RETURN bit 2 says which stack the
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
			 "push  {r1, lr}\n\t"
			 "bl    fault_report\n\t" /* returns the EXC_RETURN to leave by */
			 "pop   {r1, r2}\n\t"
			 "bx    r0\n\t");
}

void isr_memmanage(void) __attribute__((alias("isr_hardfault")));
void isr_busfault(void) __attribute__((alias("isr_hardfault")));
void isr_usagefault(void) __attribute__((alias("isr_hardfault")));
void isr_securefault(void) __attribute__((alias("isr_hardfault")));
