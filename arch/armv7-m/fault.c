/*
 * Fault reporting for ARMv7-M: HardFault, MemManage, BusFault and
 * UsageFault share one entry that finds the stacked frame and hands it to
 * C, which prints the decoded fault status (arch/mainline) and the frame
 * and passes the result to the kernel (kernel_fault), which decides what
 * happens next.
 *
 * The report is printed with kprintf, straight to the console UART: it
 * takes no lock and allocates nothing, so it works whatever state the
 * faulting code left behind.  Host tools (tools/qemu_run.py) add the
 * symbol for each "pc"/"lr" they see.
 */
#include <stdint.h>

#include "arch.h"
#include "armv7m.h"
#include "fault_print.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/process.h"

/* Called from isr_hardfault with the frame the hardware stacked.  A fault
 * of unprivileged code ends its process (process_fault) and returns: the
 * thread never runs its code again: it leaves the handler into the kernel,
 * to end its process.  Any other
 * halts the system; the MPU is switched off first, as the report may need
 * to read a stack guard. */
__attribute__((used)) static uint32_t fault_report(const struct exception_frame *frame,
					      uint32_t exc_return)
{
	uint32_t exc = SCB_ICSR & ICSR_VECTACTIVE_MASK;
	struct fault_info info = {
		.what = fault_name(exc),
		.exception = exc,
		.thread_mode = (exc_return & EXC_RETURN_MODE) != 0,
		.user = arch_fault_is_user(exc_return),
		.sp = (uintptr_t)frame,
	};

	if (!info.user) {
		MPU_CTRL = 0;
		__asm__ volatile("dsb\n\tisb" ::: "memory");
	}
	fault_print_headline(exc, exc_return);
	uint32_t cfsr = mainline_fault_decode(exc, &info);
	info.status = exc == EXC_HARDFAULT ? SCB_HFSR : cfsr;
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR)) {
		kprintf("  no frame: the fault happened while stacking it at 0x%08lx\n",
			(unsigned long)(uintptr_t)frame);
	} else {
		info.pc = frame->pc;
		fault_print_frame(frame, exc_return);
	}
	if (!info.user)
		kernel_fault(&info);
	SCB_HFSR = SCB_HFSR; /* write-one-to-clear */
	return process_fault(&info);
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
			 "push  {r1, lr}\n\t"
			 "bl    fault_report\n\t" /* returns the EXC_RETURN to leave by */
			 "pop   {r1, r2}\n\t"
			 "bx    r0\n\t");
}

void isr_memmanage(void) __attribute__((alias("isr_hardfault")));
void isr_busfault(void) __attribute__((alias("isr_hardfault")));
void isr_usagefault(void) __attribute__((alias("isr_hardfault")));
