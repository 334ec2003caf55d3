/*
 * ARMv7-M core set-up: FPU enable, fault enables, halting.
 */
#include "arch.h"
#include "armv7m.h"
#include "semihost.h"

void arch_reset_init(void)
{
	if (ARCH_FPU) {
		/* Before any compiled code can touch an FP register: a hard-float
		 * prologue may vpush d8 (qemu-notes §5).  Lazy stacking (ASPEN,
		 * LSPEN) stays as reset leaves it: a thread that never uses the
		 * FPU never gets an extended frame. */
		SCB_CPACR |= CPACR_CP10_CP11_FULL;
		__asm__ volatile("dsb\n\tisb" ::: "memory");
	}
}

void arch_init(void)
{
	SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
	SCB_CCR |= CCR_DIV_0_TRP | CCR_STKALIGN;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

bool arch_has_fpu(void)
{
	return ARCH_FPU;
}

void arch_halt(int status)
{
	__asm__ volatile("cpsid i" ::: "memory");
	if (CONFIG_SEMIHOSTING)
		semihost_exit(status);
	for (;;)
		__asm__ volatile("wfi");
}
