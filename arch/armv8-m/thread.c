/* SPDX-License-Identifier: MIT */
/*
 * ARMv8-M Mainline thread support: each thread's stack limit (PSPLIM) and
 * the MPU.  The first frame and idle are common to all profiles
 * (arch/common/thread_common.c, where the frame layout is drawn), and so
 * is the tick (arch/common/tick.c); the switch is in switch.S.
 *
 * The kernel runs Secure and never calls Non-secure code, so the hardware
 * never adds the callee-saved "additional state context" (EXC_RETURN.DCRS
 * stays 1) and the frame is the ARMv7-M one.
 */
#include "arch.h"
#include "armv8m.h"
#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

/* The switch code relies on these offsets. */
_Static_assert(offsetof(struct thread, saved_sp) == 0, "switch.S: TCB_SAVED_SP");
_Static_assert(offsetof(struct thread, arch.guard.psplim) == 4, "switch.S: TCB_PSPLIM");
_Static_assert(offsetof(struct thread, arch.control) == 12, "switch.S: TCB_CONTROL");

/* See arch_types.h for the layout: switch reserve, PSPLIM, landing zone,
 * usable stack. */
uintptr_t arch_stack_guard_init(struct arch_thread *a, uintptr_t base, size_t bytes)
{
	uintptr_t limit = ((base + 7) & ~(uintptr_t)7) + ARCH_STACK_SWITCH_RESERVE_BYTES;

	(void)bytes;
	a->guard.psplim = (uint32_t)limit;
	return limit + ARCH_STACK_GUARD_BYTES;
}

/* No region is needed for stack guards (PSPLIM does that); the MPU starts
 * with every region off and the default map for privileged code, ready
 * for process regions. */
void arch_mpu_init(void)
{
	unsigned regions = MPU_TYPE_DREGION(MPU_TYPE);

	MPU_CTRL = 0;
	for (unsigned r = 0; r < regions; r++) {
		MPU_RNR = r;
		MPU_RLAR = 0;
	}
	MPU_MAIR0 = MPU_MAIR0_DEFAULT;
	MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

void arch_guard_load(const struct arch_guard *g)
{
	__asm__ volatile("msr psplim, %0" : : "r"(g->psplim) : "memory");
}

/*
 * Process regions (PMSAv8: base and limit, 32-byte granules; regions must
 * not overlap).  Region 0: code and read-only data, read-only for all,
 * executable; 1: data, .bss, heap and stacks, read-write, never executed;
 * 2-3: granted device windows (MAIR attribute 1, device).  Privileged
 * code sees the default map behind them (PRIVDEFENA).
 */
static bool region(uint32_t *pair, uintptr_t base, uint32_t size, uint32_t rbar_attr,
		   uint32_t attr_index)
{
	if (size < 32 || (size & 31u) != 0 || (base & 31u) != 0 || base + size - 1 < base)
		return false;
	pair[0] = (uint32_t)base | rbar_attr;
	pair[1] = (uint32_t)(base + size - 32) | (attr_index << 1) | MPU_RLAR_EN;
	return true;
}

int arch_process_init(struct arch_process *ap, const struct process *p)
{
	for (unsigned i = 0; i < 2 * ARCH_PROCESS_REGIONS; i++)
		ap->regions[i] = 0; /* RLAR 0: off */
	if (!region(&ap->regions[0], p->code.base, p->code.size, MPU_RBAR_AP_RO_ANY, 0) ||
	    !region(&ap->regions[2], p->data.base, p->data.size,
		    MPU_RBAR_AP_RW_ANY | MPU_RBAR_XN, 0))
		return ERR_INVALID;
	for (unsigned d = 0; d < p->device_count; d++)
		if (!region(&ap->regions[4 + 2 * d], p->devices[d].base, p->devices[d].size,
			    MPU_RBAR_AP_RW_ANY | MPU_RBAR_XN, 1))
			return ERR_INVALID;
	return 0;
}

void arch_process_activate(const struct arch_process *ap)
{
	/* With RNR = 0, RBAR/RLAR and their aliases A1-A3 are regions 0-3. */
	volatile uint32_t *mpu = &MPU_RBAR;

	MPU_RNR = 0;
	for (unsigned i = 0; i < 2 * ARCH_PROCESS_REGIONS; i++)
		mpu[i] = ap->regions[i];
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}
