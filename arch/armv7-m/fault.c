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

/* Called from isr_hardfault with the frame the hardware stacked.  The MPU
 * is switched off first: the report may need to read a stack guard, and
 * the system halts afterwards anyway. */
__attribute__((used, noreturn)) static void fault_report(const struct exception_frame *frame,
							 uint32_t exc_return)
{
	MPU_CTRL = 0;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
	uint32_t exc = SCB_ICSR & ICSR_VECTACTIVE_MASK;
	struct fault_info info = {
		.what = fault_name(exc),
		.thread_mode = (exc_return & EXC_RETURN_MODE) != 0,
		.sp = (uintptr_t)frame,
	};

	fault_print_headline(exc, exc_return);
	uint32_t cfsr = mainline_fault_decode(exc, &info);
	if (cfsr & (CFSR_MSTKERR | CFSR_STKERR))
		kprintf("  no frame: the fault happened while stacking it at 0x%08lx\n",
			(unsigned long)(uintptr_t)frame);
	else
		fault_print_frame(frame, exc_return);
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
