/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-M context switch.
 *
 * isr_pendsv runs at the lowest exception priority, so it never
 * interrupts another handler: by the time it runs, the hardware has
 * pushed r0-r3, r12, lr, pc, xPSR (and, lazily, s0-s15/FPSCR) of the
 * outgoing thread on its PSP.  It saves the rest, asks the scheduler for
 * the incoming thread, and restores that thread's rest.  C decides; this
 * file only saves and restores.
 *
 * Register use:
 *   r0   PSP of the outgoing thread, then where its context is saved, then
 *        the incoming thread (TCB), then its context, then its PSP
 *   r1   the outgoing TCB / the MPU RBAR address
 *   r2-r3 the outgoing CONTROL, its kernel stack's top; the incoming
 *        thread's guard region (RBAR, RASR), then its CONTROL (nPRIV:
 *        whether its thread-mode code is unprivileged)
 *   r4-r11 thread state, saved and restored untouched
 *   lr   EXC_RETURN: bit 4 clear means the thread has live FP state and
 *        s16-s31 must be saved with it; bit 2 set means it ran on PSP
 *
 * The context saved (lowest address first), at saved_sp:
 *   r4 r5 r6 r7 r8 r9 r10 r11 EXC_RETURN [s16..s31 if EXC_RETURN bit 4 = 0]
 * followed, for privileged code, by the hardware frame (the context is
 * pushed on PSP, below that frame).  Unprivileged code's SP is its own to
 * set: nothing the kernel writes goes there, and nothing the kernel trusts
 * is read from there.  Its context is kept at the top of its kernel stack
 * (empty while it runs its own code), followed by one word: its PSP, where
 * the hardware frame is.  So its stack holds only what the hardware
 * stacked with its own access rights, and the EXC_RETURN that ends the
 * switch always comes from kernel memory.
 *
 * Named points for a debugger: switch_save, switch_choose, switch_restore.
 *
 * Unwind information (CFI, in .debug_frame) for a debugger.  isr_pendsv
 * pushes nothing on MSP, so its CFA is sp throughout.  Where lr holds
 * the EXC_RETURN of the thread whose hardware frame is at PSP (from
 * entry to the bl, and at the final bx), the default rule (lr: same
 * value) lets GDB unwind into that thread through the exception frame
 * (it needs $psp: tools/gdb/rsp_proxy.py provides it under QEMU).  From
 * switch_choose to the final bx, lr is the bl's return address, or PSP
 * still points at the outgoing frame while lr belongs to the incoming
 * one: no register describes the interrupted thread, so lr is marked
 * undefined (a plain backtrace ends at isr_pendsv).  The thread's whole
 * context is in memory there, at sched_current->saved_sp, and
 * tools/gdb/kestrel.py unwinds from it.  The instructions are the same
 * with or without these directives.
 */
#include "direct_frame.inc"

	.syntax unified
	.thumb
	/* .thumb_func alone declares a function: see arch/mainline/fault_entry.S. */
	.cfi_sections .debug_frame

	.equ TCB_SAVED_SP, 0
	.equ TCB_GUARD, 4
	.equ TCB_CONTROL, 12
	.equ TCB_USER, 16		/* struct thread_user *, NULL for a kernel thread */
	.equ USER_KERNEL_STACK_TOP, 4	/* in it: arch.kernel_stack_top */
	.equ MPU_RBAR, 0xe000ed9c

	.text
	.global isr_pendsv
	.thumb_func
isr_pendsv:
	.cfi_startproc
	.global switch_save
switch_save:
	mrs	r0, psp
	ldr	r1, =sched_current
	ldr	r1, [r1]
	mrs	r2, control		/* in a handler: the thread's nPRIV */
	tst	r2, #1
	bne	save_user
save_context:
#ifdef __ARM_FP
	tst	lr, #0x10
	it	eq
	vstmdbeq r0!, {s16-s31}
#endif
	stmdb	r0!, {r4-r11, lr}
	str	r0, [r1, #TCB_SAVED_SP]

	.global switch_choose
switch_choose:
	.cfi_undefined lr		/* to the bx: context at sched_current->saved_sp */
	bl	sched_switch		/* r0 = incoming thread */

	.global switch_restore
switch_restore:
	ldr	r1, =MPU_RBAR
	ldrd	r2, r3, [r0, #TCB_GUARD]
	strd	r2, r3, [r1]		/* RBAR selects the region, RASR arms it */
	ldr	r2, [r0, #TCB_CONTROL]
	msr	control, r2		/* nPRIV; SPSEL is not writable in a handler */
	ldr	r0, [r0, #TCB_SAVED_SP]
	ldmia	r0!, {r4-r11, lr}
	cmn	lr, #0x01000000		/* carry clear: lr < 0xff000000, not an */
	bcc	restore_direct		/*  EXC_RETURN: arch_switch_direct saved it */
#ifdef __ARM_FP
	tst	lr, #0x10
	it	eq
	vldmiaeq r0!, {s16-s31}
#endif
	tst	r2, #1			/* unprivileged: r0 points at its PSP */
	bne	restore_user
restore_psp:
	msr	psp, r0
	.cfi_same_value lr		/* EXC_RETURN of the thread at PSP again */
	bx	lr

	/* Out of the straight line, for unprivileged code. */
save_user:
	ldr	r3, [r1, #TCB_USER]
	ldr	r3, [r3, #USER_KERNEL_STACK_TOP]
	str	r0, [r3, #-4]!		/* its PSP, then the context below it */
	mov	r0, r3
	b	save_context
restore_user:
	.cfi_undefined lr		/* PSP is still the outgoing thread's */
	ldr	r0, [r0]
	b	restore_psp
restore_direct:
	/* A context arch_switch_direct saved: back through a frame that
	 * resumes it at switch_direct_resume (direct_frame.inc). */
	RESTORE_DIRECT_FRAME r1, r2, r3
	b	restore_psp
	.cfi_endproc
	.size isr_pendsv, . - isr_pendsv

/*
 * arch_start_first(struct thread *first): leave the boot code for good.
 * Unstacks the first thread's initial frame by hand (it was built by
 * arch_stack_frame_init), resets MSP to the top of the interrupt stack,
 * moves thread mode to PSP and jumps to the entry point with its
 * argument in r0 and the exit function in lr.
 */
	.global arch_start_first
	.thumb_func
arch_start_first:
	.cfi_startproc
	.cfi_undefined lr		/* the boot code is never returned to */
	cpsid	i
	ldr	r1, =MPU_RBAR
	ldrd	r2, r3, [r0, #TCB_GUARD]
	strd	r2, r3, [r1]
	ldr	r1, [r0, #TCB_SAVED_SP]
	adds	r1, #36			/* skip r4-r11, EXC_RETURN */
	ldr	r0, [r1, #0]		/* r0: the argument */
	ldr	r2, [r1, #20]		/* lr: the exit function */
	ldr	r3, [r1, #24]		/* pc: the entry point */
	orr	r3, r3, #1		/* bx needs the Thumb bit */
	adds	r1, #32			/* pop the hardware frame */
	msr	psp, r1
	ldr	r1, =__msp_stack_top
	msr	msp, r1
	movs	r1, #2			/* CONTROL.SPSEL = 1: PSP, privileged, no FP */
	msr	control, r1
	isb
	movs	r1, #0
	msr	basepri, r1
	mov	lr, r2
	cpsie	i
	bx	r3
	.cfi_endproc
	.size arch_start_first, . - arch_start_first
