/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M thread support: a thread's stack bounds (no guard: see
 * arch_types.h).  The first frame, the tick and idle are common to all
 * profiles (arch/common/thread_common.c); the switch is in switch.S and
 * keeps the other profiles' frame layout without FP state.
 */
#include "arch.h"
#include "armv6m.h"
#include "kernel/errors.h"
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

/*
 * Processes need an MPU, which ARMv6-M cores do not have: spawning one is
 * refused (ERR_NOSYS) before any of the rest could be called.
 */
int arch_process_init(struct arch_process *ap, const struct process *p)
{
	(void)ap;
	(void)p;
	return ERR_NOSYS;
}

void arch_process_activate(const struct arch_process *ap)
{
	(void)ap;
	panic("no MPU: no process regions to load");
}

uintptr_t arch_thread_make_user(struct arch_thread *a, struct arch_thread_user *u,
				uintptr_t kernel_stack, size_t kernel_stack_bytes,
				uint32_t **saved_sp)
{
	(void)a;
	(void)u;
	(void)kernel_stack;
	(void)kernel_stack_bytes;
	(void)saved_sp;
	panic("no MPU: no unprivileged threads");
}

bool arch_thread_in_syscall(const struct arch_thread *a)
{
	(void)a;
	return false;
}

uint32_t arch_thread_redirect(struct arch_thread *a, struct arch_thread_user *u,
			      void (*fn)(void))
{
	(void)a;
	(void)u;
	(void)fn;
	panic("no MPU: no unprivileged threads");
}

uint32_t *arch_thread_redirect_saved(struct arch_thread *a, struct arch_thread_user *u,
				     void (*fn)(void))
{
	(void)a;
	(void)u;
	(void)fn;
	panic("no MPU: no unprivileged threads");
}

bool arch_fault_is_user(uint32_t exc_return)
{
	(void)exc_return;
	return false;
}
