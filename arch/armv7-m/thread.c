/*
 * ARMv7-M thread support: each thread's MPU stack guard and the MPU set-up
 * it needs.  The first frame, the tick and idle are common to all
 * profiles (arch/common/thread_common.c, where the frame layout is
 * drawn); the switch is in switch.S.
 */
#include "arch.h"
#include "armv7m.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

#define GUARD_REGION 7u
#define GUARD_BYTES ARCH_STACK_GUARD_BYTES
#define GUARD_LOG2 (__builtin_ctz(GUARD_BYTES))

/* The switch code relies on these offsets. */
_Static_assert(offsetof(struct thread, saved_sp) == 0, "switch.S: TCB_SAVED_SP");
_Static_assert(offsetof(struct thread, arch.guard_rbar) == 4, "switch.S: TCB_GUARD");
_Static_assert(offsetof(struct thread, arch.guard_rasr) == 8, "switch.S: TCB_GUARD + 4");

uintptr_t arch_stack_guard_init(struct arch_thread *a, uintptr_t base, size_t bytes)
{
	uintptr_t guard = (base + GUARD_BYTES - 1) & ~(uintptr_t)(GUARD_BYTES - 1);

	(void)bytes;
	a->guard_rbar = (uint32_t)guard | MPU_RBAR_VALID | GUARD_REGION;
	a->guard_rasr = MPU_RASR_ENABLE | MPU_RASR_SIZE(GUARD_LOG2) | MPU_RASR_AP_NONE | MPU_RASR_XN;
	return guard + GUARD_BYTES;
}

void arch_mpu_init(void)
{
	MPU_RNR = GUARD_REGION;
	MPU_RASR = 0;
	MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}
