/* SPDX-License-Identifier: MIT */
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
		 * prologue may vpush d8 (qemu-notes §5).  ASPEN stays set: a
		 * thread that never uses the FPU never gets an extended frame.
		 * LSPEN is cleared: the FP part of a frame is stacked at exception
		 * entry, with the interrupted code's own access rights, not later
		 * by the first FP instruction of whichever handler runs.  A frame
		 * an unprivileged thread may not write then faults at the entry,
		 * as that thread's fault (MSTKERR), never inside a kernel handler
		 * (MLSPERR), where it could not be told apart from the kernel's.
		 * The cost: 18 more words stacked and unstacked per exception taken
		 * from a thread with live FP state (none for other threads; a
		 * switch reads them all anyway). */
		SCB_CPACR |= CPACR_CP10_CP11_FULL;
		FPU_FPCCR = (FPU_FPCCR | FPCCR_ASPEN) & ~FPCCR_LSPEN;
		__asm__ volatile("dsb\n\tisb" ::: "memory");
	}
}

/* Exception priorities (8-bit values; real parts implement the top 3-4
 * bits, QEMU all 8).  PendSV is the least urgent of all so a switch never
 * interrupts a handler; SysTick is kernel-aware, so it sits at or above
 * ARCH_KERNEL_BASEPRI and is masked by the kernel lock. */
#define PRIORITY_PENDSV 0xffu
#define PRIORITY_SYSTICK ARCH_TICK_PRIORITY
#define PRIORITY_SVCALL 0xc0u

void arch_init(void)
{
	SCB_SHPR8(EXC_PENDSV) = PRIORITY_PENDSV;
	SCB_SHPR8(EXC_SYSTICK) = PRIORITY_SYSTICK;
	SCB_SHPR8(EXC_SVCALL) = PRIORITY_SVCALL;
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
