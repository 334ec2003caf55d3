/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-M thread and process support: each thread's MPU stack guard, and
 * the MPU regions of an unprivileged process.  The first frame and idle
 * are common to all profiles (arch/common/thread_common.c, where the
 * frame layout is drawn), and so is the tick (arch/common/tick.c); the
 * switch is in switch.S, the syscall entry in arch/mainline.
 *
 * MPU regions (PMSAv7, ARM DDI 0403 §B3.5; a higher number wins where
 * regions overlap):
 *
 *   0  process code and read-only data   read-only, executable
 *   1  process data, .bss, heap, stacks  read-write, never executed
 *   2  granted device window             read-write, device, never executed
 *   3  granted device window             read-write, device, never executed
 *   7  the running thread's stack guard  no access at all
 *
 * Regions 0-3 are loaded when a switch enters an unprivileged process
 * other than the one loaded (arch_process_activate); privileged code sees
 * the default memory map behind them (PRIVDEFENA), and unprivileged code
 * nothing else: the kernel's memory, other processes and ungranted
 * devices fault.
 */
#include "arch.h"
#include "armv7m.h"
#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

#define GUARD_REGION 7u
#define GUARD_BYTES ARCH_STACK_GUARD_BYTES
#define GUARD_LOG2 (__builtin_ctz(GUARD_BYTES))

/* The switch code relies on these offsets. */
_Static_assert(offsetof(struct thread, saved_sp) == 0, "switch.S: TCB_SAVED_SP");
_Static_assert(offsetof(struct thread, arch.guard.rbar) == 4, "switch.S: TCB_GUARD");
_Static_assert(offsetof(struct thread, arch.guard.rasr) == 8, "switch.S: TCB_GUARD + 4");
_Static_assert(offsetof(struct thread, arch.control) == 12, "switch.S: TCB_CONTROL");

uintptr_t arch_stack_guard_init(struct arch_thread *a, uintptr_t base, size_t bytes)
{
	uintptr_t guard = (base + GUARD_BYTES - 1) & ~(uintptr_t)(GUARD_BYTES - 1);

	(void)bytes;
	a->guard.rbar = (uint32_t)guard | MPU_RBAR_VALID | GUARD_REGION;
	a->guard.rasr = MPU_RASR_ENABLE | MPU_RASR_SIZE(GUARD_LOG2) | MPU_RASR_AP_NONE | MPU_RASR_XN;
	return guard + GUARD_BYTES;
}

void arch_guard_load(const struct arch_guard *g)
{
	MPU_RBAR = g->rbar;
	MPU_RASR = g->rasr;
}

void arch_mpu_init(void)
{
	for (unsigned r = 0; r < 8; r++) {
		MPU_RNR = r;
		MPU_RASR = 0;
	}
	MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

/* One region covering exactly [base, base + size): size a power of two of
 * at least 32 bytes, base aligned to it; false if not. */
static bool region(uint32_t *pair, unsigned number, uintptr_t base, uint32_t size, uint32_t attr)
{
	if (size < 32 || (size & (size - 1)) != 0 || (base & (size - 1)) != 0)
		return false;
	pair[0] = (uint32_t)base | MPU_RBAR_VALID | number;
	pair[1] = MPU_RASR_ENABLE | MPU_RASR_SIZE((uint32_t)__builtin_ctz(size)) | attr;
	return true;
}

int arch_process_init(struct arch_process *ap, const struct process *p)
{
	for (unsigned r = 0; r < ARCH_PROCESS_REGIONS; r++) {
		ap->regions[2 * r] = MPU_RBAR_VALID | r;
		ap->regions[2 * r + 1] = 0; /* off */
	}
	if (!region(&ap->regions[0], 0, p->code.base, p->code.size,
		    MPU_RASR_AP_RO | MPU_RASR_NORMAL_WT) ||
	    !region(&ap->regions[2], 1, p->data.base, p->data.size,
		    MPU_RASR_AP_RW | MPU_RASR_NORMAL_WB | MPU_RASR_XN))
		return ERR_INVALID;
	for (unsigned d = 0; d < p->device_count; d++)
		if (!region(&ap->regions[4 + 2 * d], 2 + d, p->devices[d].base, p->devices[d].size,
			    MPU_RASR_AP_RW | MPU_RASR_DEVICE | MPU_RASR_XN))
			return ERR_INVALID;
	return 0;
}

void arch_process_activate(const struct arch_process *ap)
{
	/* RBAR with VALID selects the region; the aliases at RBAR_A1..A3
	 * let one block store write all four. */
	volatile uint32_t *mpu = &MPU_RBAR;
	const uint32_t *r = ap->regions;

	for (unsigned i = 0; i < 2 * ARCH_PROCESS_REGIONS; i++)
		mpu[i] = r[i];
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}
