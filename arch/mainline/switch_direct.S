/* SPDX-License-Identifier: MIT */
/*
 * The direct switch of ARMv7-M and ARMv8-M Mainline: a thread in
 * privileged thread mode hands the CPU to another by a plain call, with
 * no exception (kernel/sched_switch.c decides; arch_switch_direct_ok in
 * arch_inline.h says when it may).  isr_pendsv (the profile's switch.S)
 * stays for preemption from interrupts and for what this cannot do.
 *
 * arch_switch_direct(struct thread *prev, struct thread *next) is called
 * on PSP with the kernel lock held.  It keeps only what a call must keep
 * on prev's stack:
 *
 *   saved_sp -> r4 r5 r6 r7 r8 r9 r10 r11 return-address
 *
 * The return address sits where EXC_RETURN sits in the context isr_pendsv
 * saves (r4-r11, EXC_RETURN, hardware frame); being below 0xff000000, it
 * tells the two apart.  It loads next's stack guard (the MPU region on
 * ARMv7-M, PSPLIM on ARMv8-M) and next's stack, and then:
 *
 *   - a context saved here: returns into the code that called
 *     arch_switch_direct for next, with the lock still held;
 *   - a context isr_pendsv saved, or a new thread's first frame (a basic
 *     frame of privileged code with no IT state: the caller checked):
 *     unstacks that frame in thread mode as the exception return would,
 *     and continues where next was preempted, unlocked, as it was then.
 *
 * Both run privileged with SPSEL = 1 and no live FP state (the caller
 * checked CONTROL.FPCA), so CONTROL stays as it is.  On ARMv7-M the new
 * guard region is in force at the latest at the ISB of the kernel_unlock
 * that follows, or at the unstacking's end.
 *
 * isr_pendsv restores a context saved here through a basic frame it
 * builds below it, whose return enters switch_direct_resume.
 *
 * Named points for a debugger: switch_direct_saved (prev's context is
 * at prev->saved_sp), switch_direct_restore (sp is next's saved_sp).
 */
	.syntax unified
	.thumb
	/* .thumb_func alone declares a function: see arch/mainline/fault_entry.S. */
	.cfi_sections .debug_frame

	.equ TCB_SAVED_SP, 0
	.equ TCB_GUARD, 4		/* ARMv7-M: RBAR, RASR; ARMv8-M: PSPLIM */
	.equ MPU_RBAR, 0xe000ed9c
	.equ XPSR_ALIGN, 0x200		/* a padding word above the frame */
	.equ ARCH_KERNEL_BASEPRI, 0x40	/* arch_inline.h */

	.text
	.global arch_switch_direct
	.thumb_func
arch_switch_direct:
	.cfi_startproc
	push	{r4-r11, lr}
	.cfi_def_cfa_offset 36
	.cfi_offset r4, -36
	.cfi_offset r5, -32
	.cfi_offset r6, -28
	.cfi_offset r7, -24
	.cfi_offset r8, -20
	.cfi_offset r9, -16
	.cfi_offset r10, -12
	.cfi_offset r11, -8
	.cfi_offset lr, -4
	.global switch_direct_saved
switch_direct_saved:
	str	sp, [r0, #TCB_SAVED_SP]
#if __ARM_ARCH_8M_MAIN__
	ldr	r2, [r1, #TCB_GUARD]
	movs	r3, #0
	msr	psplim, r3		/* no limit while SP moves between stacks */
	ldr	sp, [r1, #TCB_SAVED_SP]
	msr	psplim, r2
#else
	ldr	r0, =MPU_RBAR
	ldrd	r2, r3, [r1, #TCB_GUARD]
	strd	r2, r3, [r0]		/* RBAR selects the region, RASR arms it */
	ldr	sp, [r1, #TCB_SAVED_SP]
#endif
	/* From here the registers and the stack are next's: no unwind rule
	 * describes prev. */
	.cfi_undefined lr
	.global switch_direct_restore
switch_direct_restore:
	ldr	r0, [sp, #32]
	cmn	r0, #0x01000000		/* carry set: an EXC_RETURN */
	bcs	unstack
	pop	{r4-r11, pc}

unstack:
	/* sp -> r4-r11, EXC_RETURN, then r0 r1 r2 r3 r12 lr pc xPSR [pad].
	 * Every word is read at or above sp, so an exception taken meanwhile
	 * (an NMI) cannot overwrite what is still to be read. */
	cpsid	i			/* to the end: the unlock and the jump */
	pop	{r4-r11}
	ldr	r0, [sp, #32]		/* xPSR */
	ldr	r1, [sp, #28]		/* pc */
	add	sp, sp, #4		/* sp -> the frame */
	movs	r2, #0
	msr	basepri, r2		/* unlocked, as it was when it was switched out */
	orr	r1, r1, #1		/* pop {pc} needs the Thumb bit */
	ldr	r12, [sp, #16]
	ldr	lr, [sp, #20]
	tst	r0, #XPSR_ALIGN
	bne	unstack_padded
	str	r1, [sp, #28]		/* pc, in the frame's last word */
#if __ARM_FEATURE_DSP
	msr	APSR_nzcvqg, r0		/* its flags, from here unchanged */
#else
	msr	APSR_nzcvq, r0
#endif
	pop	{r0-r3}
	add	sp, sp, #12
	cpsie	i
	pop	{pc}
unstack_padded:
	str	r1, [sp, #32]		/* pc, in the padding word */
#if __ARM_FEATURE_DSP
	msr	APSR_nzcvqg, r0
#else
	msr	APSR_nzcvq, r0
#endif
	pop	{r0-r3}
	add	sp, sp, #16
	cpsie	i
	pop	{pc}
	.cfi_endproc
	.size arch_switch_direct, . - arch_switch_direct

/* Where a context saved by arch_switch_direct resumes when isr_pendsv
 * restores it, with lr the address its call returns to: the lock is
 * taken again, as that caller expects, and the call returns. */
	.global switch_direct_resume
	.thumb_func
switch_direct_resume:
	.cfi_startproc
	movs	r0, #ARCH_KERNEL_BASEPRI
	msr	basepri, r0
	bx	lr
	.cfi_endproc
	.size switch_direct_resume, . - switch_direct_resume
