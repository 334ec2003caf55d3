/* SPDX-License-Identifier: MIT */
/*
 * Unprivileged threads on ARMv7-M and ARMv8-M Mainline: their first
 * state, and the C half of the syscall entry and exit
 * (syscall_entry.S explains the path).  The profile supplies the stack
 * guard (an MPU region on ARMv7-M, PSPLIM on ARMv8-M) through
 * arch_stack_guard_init and arch_guard_load.
 */
#include "arch.h"
#include "cortex_m.h"
#include "mainline.h"
#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

#define CONTROL_NPRIV 1u
#define XPSR_THUMB (1u << 24)
#define SWITCH_CONTEXT_WORDS 9 /* r4-r11, EXC_RETURN: a first context has no FP part */

#ifdef __ARM_FP
#define FP_SAVE_WORDS 16 /* s16-s31 of the user code, at the kernel stack's top */
#else
#define FP_SAVE_WORDS 0
#endif

_Static_assert(offsetof(struct thread, arch) == 4, "switch.S: TCB_GUARD");
_Static_assert(offsetof(struct thread, arch.control) == 12, "switch.S: TCB_CONTROL");
_Static_assert(offsetof(struct thread, user) == 16, "switch.S, syscall_entry.S: TCB_USER");
_Static_assert(offsetof(struct thread_user, arch.user_exc_return) == 0,
	       "syscall_entry.S: USER_EXC_RETURN");
_Static_assert(offsetof(struct thread_user, arch.kernel_stack_top) == 4,
	       "switch.S, syscall_entry.S: USER_KERNEL_STACK_TOP");

void syscall_trampoline(void);

uintptr_t arch_thread_make_user(struct arch_thread *a, struct arch_thread_user *u,
				uintptr_t kernel_stack, size_t kernel_stack_bytes,
				uint32_t **saved_sp)
{
	struct arch_thread k;
	uintptr_t usable = arch_stack_guard_init(&k, kernel_stack, kernel_stack_bytes);

	u->user_guard = a->guard;
	u->kernel_guard = k.guard;
	u->kernel_stack_top = (uint32_t *)((kernel_stack + kernel_stack_bytes) & ~(uintptr_t)7);
	u->user_sp = NULL;
	a->control = CONTROL_NPRIV;

	/* The switch keeps unprivileged code's context (r4-r11, EXC_RETURN)
	 * at the top of its kernel stack, with its PSP above it (switch.S);
	 * its own stack keeps only the hardware frame. */
	uint32_t *first = *saved_sp;
	uint32_t *context = u->kernel_stack_top - 1 - SWITCH_CONTEXT_WORDS;
	for (unsigned i = 0; i < SWITCH_CONTEXT_WORDS; i++)
		context[i] = first[i];
	context[SWITCH_CONTEXT_WORDS] = (uint32_t)(uintptr_t)(first + SWITCH_CONTEXT_WORDS);
	*saved_sp = context;
	return usable;
}

bool arch_thread_in_syscall(const struct arch_thread *a)
{
	return !(a->control & CONTROL_NPRIV);
}

bool arch_fault_is_user(uint32_t exc_return)
{
	const struct thread *t = sched_self();

	return (exc_return & EXC_RETURN_MODE) && t != NULL && t->magic == THREAD_MAGIC &&
	       (t->arch.control & CONTROL_NPRIV);
}

static inline void set_control(uint32_t value)
{
	/* In a handler only nPRIV (and FPCA) are written; the exception
	 * return that follows makes it take effect for thread mode. */
	__asm__ volatile("msr control, %0" : : "r"(value) : "memory");
}

__attribute__((noinline, cold)) static uint32_t *refuse(uint32_t *frame, uint32_t svc)
{
	struct thread *t = sched_self();

	if (frame == NULL)
		panic("svc #%lu from an exception handler", (unsigned long)svc);
	bool in_syscall = t->user != NULL && t->user->arch.user_sp != NULL;
	if (!(t->arch.control & CONTROL_NPRIV) && !in_syscall)
		panic("svc #%lu from privileged thread '%s' (pc 0x%08lx): the kernel API is called "
		      "directly there", (unsigned long)svc, t->name, (unsigned long)frame[6]);
	if (!(t->arch.control & CONTROL_NPRIV))
		panic("svc #%lu inside a syscall of thread '%s' (pc 0x%08lx)", (unsigned long)svc,
		      t->name, (unsigned long)frame[6]);
	frame[0] = (uint32_t)ERR_NOSYS; /* an unknown svc number from user code */
	return NULL;
}

/* svc #0 from user code: into the kernel. */
static uint32_t *syscall_enter(struct thread *t, uint32_t *frame, uint32_t exc_return)
{
	struct arch_thread *a = &t->arch;
	struct arch_thread_user *u = &t->user->arch;
	uint32_t *k = u->kernel_stack_top - FP_SAVE_WORDS - 8;

	u->user_sp = frame;
	u->user_exc_return = exc_return;
	k[0] = frame[0]; /* r0-r3: the arguments */
	k[1] = frame[1];
	k[2] = frame[2];
	k[3] = frame[3];
	k[4] = frame[4]; /* r12: the number */
	k[5] = 0;        /* lr: the trampoline never returns */
	k[6] = (uint32_t)(uintptr_t)syscall_trampoline & ~1u;
	k[7] = XPSR_THUMB;
	a->control = 0;
	set_control(0);
	a->guard = u->kernel_guard;
	arch_guard_load(&a->guard);
	return k;
}

/* svc #1 from syscall_trampoline: back to the user code with the result. */
static uint32_t *syscall_leave(struct thread *t, const uint32_t *frame)
{
	struct arch_thread *a = &t->arch;
	struct arch_thread_user *u = &t->user->arch;
	uint32_t *user = u->user_sp;

	user[0] = frame[0];
	u->user_sp = NULL;
	a->control = CONTROL_NPRIV;
	set_control(CONTROL_NPRIV);
	a->guard = u->user_guard;
	arch_guard_load(&a->guard);
	return user;
}

/* Called by isr_svcall with the caller's frame (NULL if the caller was a
 * handler).  Returns the frame to return to on PSP, or NULL to return to
 * the caller as it was. */
uint32_t *syscall_switch_stack(uint32_t *frame, uint32_t exc_return)
{
	struct thread *t = sched_self();
	uint32_t svc = frame ? ((const uint8_t *)(uintptr_t)frame[6])[-2] : 0;

	if (frame != NULL && svc == 0 && (t->arch.control & CONTROL_NPRIV))
		return syscall_enter(t, frame, exc_return);
	if (frame != NULL && svc == 1 && t->user != NULL && t->user->arch.user_sp != NULL &&
	    !(t->arch.control & CONTROL_NPRIV))
		return syscall_leave(t, frame);
	return refuse(frame, svc);
}

/* A contained fault of the running thread: it will never run its own
 * code again.  Returns the EXC_RETURN that makes the fault handler's
 * return enter fn in privileged thread mode on the thread's kernel stack
 * (fn ends the thread's process; its own stack may be what faulted). */
uint32_t arch_thread_redirect(struct arch_thread *a, struct arch_thread_user *u,
			      void (*fn)(void))
{
	uint32_t *k = u->kernel_stack_top - FP_SAVE_WORDS - 8;

	/* What the dead code left pending would otherwise be taken next, on
	 * top of fn: an svc whose entry faulted (its frame could not be
	 * stacked) would reach isr_svcall from privileged code, and a fault
	 * whose own entry faulted would be blamed on the kernel. */
	SCB_SHCSR &= ~(SHCSR_SVCALLPENDED | SHCSR_USGFAULTPENDED | SHCSR_MEMFAULTPENDED |
		       SHCSR_BUSFAULTPENDED | SHCSR_SECUREFAULTPENDED);

	for (unsigned i = 0; i < 6; i++)
		k[i] = 0;
	k[6] = (uint32_t)(uintptr_t)fn & ~1u;
	k[7] = XPSR_THUMB;
	u->user_sp = NULL;
	a->control = 0;
	set_control(0);
	a->guard = u->kernel_guard;
	arch_guard_load(&a->guard);
	__asm__ volatile("msr psp, %0" : : "r"(k) : "memory");
	return 0xfffffffdu; /* thread mode, PSP, basic frame */
}

uint32_t *arch_thread_redirect_saved(struct arch_thread *a, struct arch_thread_user *u,
				     void (*fn)(void))
{
	u->user_sp = NULL;
	a->control = 0;
	a->guard = u->kernel_guard;
	return arch_stack_frame_init(u->kernel_stack_top - FP_SAVE_WORDS,
				     (void *(*)(void *))(uintptr_t)fn, NULL, NULL);
}
