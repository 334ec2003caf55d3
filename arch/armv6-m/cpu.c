/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M core set-up: exception priorities, halting.  There is no FPU
 * to enable and no fault to configure: every fault is a HardFault, and
 * unaligned accesses always trap.
 */
#include "arch.h"
#include "armv6m.h"
#include "semihost.h"

void arch_reset_init(void)
{
	/* Nothing to do before .data and .bss: no FPU on ARMv6-M. */
}

/* Exception priorities (8-bit values, the top 2 bits implemented).
 * PendSV is the least urgent of all so a switch never interrupts a
 * handler; SysTick and SVCall one level above it. */
#define PRIORITY_PENDSV 0xc0u
#define PRIORITY_SYSTICK ARCH_TICK_PRIORITY
#define PRIORITY_SVCALL 0x80u

void arch_init(void)
{
	/* Called once, before any interrupt is enabled: no one else writes
	 * SHPR meanwhile. */
	priority_field_set(SHPR_OF(EXC_PENDSV), SHPR_SHIFT(EXC_PENDSV), PRIORITY_PENDSV);
	priority_field_set(SHPR_OF(EXC_SYSTICK), SHPR_SHIFT(EXC_SYSTICK), PRIORITY_SYSTICK);
	priority_field_set(SHPR_OF(EXC_SVCALL), SHPR_SHIFT(EXC_SVCALL), PRIORITY_SVCALL);
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

bool arch_has_fpu(void)
{
	return false;
}

void arch_halt(int status)
{
	__asm__ volatile("cpsid i" ::: "memory");
	if (CONFIG_SEMIHOSTING)
		semihost_exit(status);
	for (;;)
		__asm__ volatile("wfi");
}
