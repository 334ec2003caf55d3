/* SPDX-License-Identifier: MIT */
/*
 * The syscall entry and exit of ARMv7-M and ARMv8-M Mainline.
 *
 * An unprivileged thread calls the kernel with svc #0 (kestrel/syscall.h).
 * The kernel does not run the call in the SVC handler: a call may block,
 * and a handler cannot wait for the switch that blocking needs.  Instead
 * the handler moves the thread into the kernel:
 *
 *   svc #0   user code, PSP on the user stack
 *     isr_svcall -> syscall_enter (C, user.c): records the user frame,
 *     builds a frame on the thread's own kernel stack that "returns" to
 *     syscall_trampoline with the call's arguments, makes the thread
 *     privileged (CONTROL.nPRIV = 0) and moves its stack guard there
 *   syscall_trampoline   privileged thread mode, PSP on the kernel stack:
 *     syscall_run (kernel/syscall.c) decodes and performs the call; it
 *     may block and be switched like any thread
 *   svc #1   with the result in r0
 *     isr_svcall -> syscall_leave (C): puts the result in the user frame,
 *     drops privilege, moves the guard back, returns to the user code
 *
 * r4-r11 (and s16-s31) are callee-saved, so the kernel's C code hands
 * them back unchanged at svc #1.  Floating point: the hardware stacked
 * the user code's s0-s15 and FPSCR with its frame at svc #0 (lazy
 * stacking is off: cpu.c); s16-s31 are kept at the top of the kernel
 * stack here.  The thread then runs the call with no FP context (basic
 * frame), and at svc #1 s16-s31 come back and the user code's own
 * EXC_RETURN unstacks s0-s15.  A switch during the call saves whatever FP
 * state the kernel code has, as for any thread; at svc #1 that state is
 * dropped.
 *
 * Any other svc number, svc #1 outside a call, and svc #0 from privileged
 * code are refused by the C side (syscall_switch_stack returns NULL): the caller
 * gets ERR_NOSYS in r0, or the kernel panics for privileged code.
 */
	.syntax unified
	.thumb
	.cfi_sections .debug_frame
	/* .thumb_func alone declares a function: see arch/mainline/fault_entry.S. */

	.equ TCB_USER, 16		/* struct thread_user * (user.c checks these) */
	.equ USER_EXC_RETURN, 0
	.equ USER_KERNEL_STACK_TOP, 4

	.text
	.global isr_svcall
	.thumb_func
isr_svcall:
	mrs	r0, psp
	tst	lr, #4			/* an SVC from a handler (on MSP) */
	it	eq
	moveq	r0, #0			/*  is refused by the C side */
	mov	r1, lr
	push	{r1, lr}		/* keep MSP 8-byte aligned */
	bl	syscall_switch_stack	/* r0 = frame to return to, or NULL */
	pop	{r1, lr}
	cbz	r0, 2f			/* refused: back as it came, r0 = error */
#ifdef __ARM_FP
	ldr	r1, =sched_current
	ldr	r1, [r1]
	ldr	r1, [r1, #TCB_USER]
	ldr	r3, [r1, #USER_KERNEL_STACK_TOP]
	sub	r3, r3, #64		/* s16-s31 of the user code */
	ldr	r2, [r1, #USER_EXC_RETURN]
	tst	r2, #0x10		/* does the user code have an FP frame? */
	bne	1f
	mrs	r1, control		/* nPRIV = 0: entering the kernel */
	tst	r1, #1
	ite	eq
	vstmiaeq r3, {s16-s31}
	vldmiane r3, {s16-s31}
1:
#endif
	msr	psp, r0
	ldr	lr, =0xfffffffd		/* thread mode, PSP, basic frame */
	mrs	r1, control
	tst	r1, #1
	beq	2f
	ldr	r1, =sched_current	/* leaving: the user code's EXC_RETURN */
	ldr	r1, [r1]
	ldr	r1, [r1, #TCB_USER]
	ldr	lr, [r1, #USER_EXC_RETURN]
2:	bx	lr
	.size isr_svcall, . - isr_svcall

/* The first code of a syscall, in privileged thread mode on the kernel
 * stack: r0-r3 are the arguments and r12 the syscall number, as the user
 * code passed them. */
	.global syscall_trampoline
	.thumb_func
syscall_trampoline:
	.cfi_startproc
	.cfi_undefined lr		/* the user code is reached by svc #1, not a return */
	sub	sp, sp, #8
	.cfi_adjust_cfa_offset 8
	str	r12, [sp]		/* fifth argument: the number */
	bl	syscall_run
	svc	#1
	b	.			/* not reached */
	.cfi_endproc
	.size syscall_trampoline, . - syscall_trampoline
