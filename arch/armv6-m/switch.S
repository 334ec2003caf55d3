/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M context switch.
 *
 * isr_pendsv runs at the lowest exception priority, so it never
 * interrupts another handler: by the time it runs, the hardware has
 * pushed r0-r3, r12, lr, pc, xPSR of the outgoing thread on its PSP.  It
 * saves the rest, asks the scheduler for the incoming thread, and
 * restores that thread's rest.  C decides; this file only saves and
 * restores.
 *
 * ARMv6-M's Thumb instructions load and store only r0-r7 in multiples,
 * so r8-r11 pass through r4-r7 (already saved by then, or restored
 * last), and the frame is laid out upwards from the final SP so that it
 * matches the other profiles' word for word.
 *
 * Register use:
 *   r0   PSP of the outgoing thread, then the incoming thread (TCB), then
 *        its PSP
 *   r1   &sched_current / the outgoing TCB / the incoming EXC_RETURN
 *   r4-r7 thread state, and carriers for r8-r11
 *   r8-r11 thread state, saved and restored untouched
 *   lr   EXC_RETURN (thread mode, PSP; ARMv6-M has no FP frame)
 *
 * Frame saved below the hardware frame (lowest address first):
 *   r4 r5 r6 r7 r8 r9 r10 r11 EXC_RETURN
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
 * tools/gdb/kestrel.py unwinds from it.  Here r4-r7 also carry r8-r11
 * and EXC_RETURN from the first save to the last restore: there they are
 * marked undefined too (their values are at saved_sp).  The instructions
 * are the same with or without these directives.
 */
	.syntax unified
	.thumb
	/* .thumb_func alone declares a function: see arch/mainline/fault_entry.S. */
	.cfi_sections .debug_frame

	.equ TCB_SAVED_SP, 0

	.text
	.global isr_pendsv
	.thumb_func
isr_pendsv:
	.cfi_startproc
	.global switch_save
switch_save:
	mrs	r0, psp
	subs	r0, #36			/* room for r4-r11, EXC_RETURN */
	stmia	r0!, {r4-r7}		/* r4-r7 at saved_sp + 0 */
	.cfi_undefined r4		/* to the bx: carriers, values at saved_sp */
	.cfi_undefined r5
	.cfi_undefined r6
	.cfi_undefined r7
	mov	r4, r8
	mov	r5, r9
	mov	r6, r10
	mov	r7, r11
	stmia	r0!, {r4-r7}		/* r8-r11 at saved_sp + 16 */
	mov	r4, lr
	str	r4, [r0]		/* EXC_RETURN at saved_sp + 32 */
	subs	r0, #32			/* back to saved_sp */
	ldr	r1, =sched_current
	ldr	r1, [r1]
	str	r0, [r1, #TCB_SAVED_SP]

	.global switch_choose
switch_choose:
	.cfi_undefined lr		/* to the bx: context at sched_current->saved_sp */
	bl	sched_switch		/* r0 = incoming thread */

	.global switch_restore
switch_restore:
	ldr	r0, [r0, #TCB_SAVED_SP]
	adds	r0, #16
	ldmia	r0!, {r4-r7}		/* r8-r11 from saved_sp + 16 */
	mov	r8, r4
	mov	r9, r5
	mov	r10, r6
	mov	r11, r7
	ldmia	r0!, {r1}		/* EXC_RETURN from saved_sp + 32 */
	msr	psp, r0			/* the hardware frame */
	subs	r0, #36
	ldmia	r0!, {r4-r7}		/* r4-r7 from saved_sp + 0 */
	mov	lr, r1
	.cfi_same_value r4		/* the incoming thread's r4-r7 and EXC_RETURN */
	.cfi_same_value r5
	.cfi_same_value r6
	.cfi_same_value r7
	.cfi_same_value lr
	bx	lr
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
	ldr	r1, [r0, #TCB_SAVED_SP]
	adds	r1, #36			/* skip r4-r11, EXC_RETURN */
	ldr	r0, [r1, #0]		/* r0: the argument */
	ldr	r2, [r1, #20]		/* lr: the exit function */
	ldr	r3, [r1, #24]		/* pc: the entry point */
	movs	r4, #1
	orrs	r3, r4			/* bx needs the Thumb bit */
	adds	r1, #32			/* pop the hardware frame */
	msr	psp, r1
	ldr	r1, =__msp_stack_top
	msr	msp, r1
	movs	r1, #2			/* CONTROL.SPSEL = 1: PSP, privileged */
	msr	control, r1
	isb
	mov	lr, r2
	cpsie	i
	bx	r3
	.cfi_endproc
	.size arch_start_first, . - arch_start_first
