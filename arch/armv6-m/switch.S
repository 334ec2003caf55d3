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
 */
	.syntax unified
	.thumb

	.equ TCB_SAVED_SP, 0

	.text
	.global isr_pendsv
	.type isr_pendsv, %function
	.thumb_func
isr_pendsv:
	.global switch_save
switch_save:
	mrs	r0, psp
	subs	r0, #36			/* room for r4-r11, EXC_RETURN */
	stmia	r0!, {r4-r7}		/* r4-r7 at saved_sp + 0 */
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
	bx	lr
	.size isr_pendsv, . - isr_pendsv

/*
 * arch_start_first(struct thread *first): leave the boot code for good.
 * Unstacks the first thread's initial frame by hand (it was built by
 * arch_stack_frame_init), resets MSP to the top of the interrupt stack,
 * moves thread mode to PSP and jumps to the entry point with its
 * argument in r0 and the exit function in lr.
 */
	.global arch_start_first
	.type arch_start_first, %function
	.thumb_func
arch_start_first:
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
	.size arch_start_first, . - arch_start_first
