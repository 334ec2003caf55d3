/*
 * ARMv6-M thread support: a thread's stack bounds (no guard: see
 * arch_types.h).  The first frame, the tick and idle are common to all
 * profiles (arch/common/thread_common.c); the switch is in switch.S and
 * keeps the other profiles' frame layout without FP state.
 */
#include "arch.h"
#include "armv6m.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

/* The switch code relies on this offset. */
_Static_assert(offsetof(struct thread, saved_sp) == 0, "switch.S: TCB_SAVED_SP");

/* No guard to place: the usable stack starts above the switch reserve. */
uintptr_t arch_stack_guard_init(struct arch_thread *a, uintptr_t base, size_t bytes)
{
	(void)bytes;
	a->unused = 0;
	return ((base + 7) & ~(uintptr_t)7) + ARCH_STACK_SWITCH_RESERVE_BYTES;
}

void arch_mpu_init(void)
{
	/* No MPU on ARMv6-M (see arch_types.h). */
}
