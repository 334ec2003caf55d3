/*
 * ARMv8-M Mainline thread support: each thread's stack limit (PSPLIM) and
 * the MPU.  The first frame, the tick and idle are common to all profiles
 * (arch/common/thread_common.c, where the frame layout is drawn); the
 * switch is in switch.S.
 *
 * The kernel runs Secure and never calls Non-secure code, so the hardware
 * never adds the callee-saved "additional state context" (EXC_RETURN.DCRS
 * stays 1) and the frame is the ARMv7-M one.
 */
#include "arch.h"
#include "armv8m.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

/* The switch code relies on these offsets. */
_Static_assert(offsetof(struct thread, saved_sp) == 0, "switch.S: TCB_SAVED_SP");
_Static_assert(offsetof(struct thread, arch.psplim) == 4, "switch.S: TCB_PSPLIM");

/* See arch_types.h for the layout: switch reserve, PSPLIM, landing zone,
 * usable stack. */
uintptr_t arch_stack_guard_init(struct arch_thread *a, uintptr_t base, size_t bytes)
{
	uintptr_t limit = ((base + 7) & ~(uintptr_t)7) + ARCH_STACK_SWITCH_RESERVE_BYTES;

	(void)bytes;
	a->psplim = (uint32_t)limit;
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
