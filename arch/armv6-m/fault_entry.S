/* SPDX-License-Identifier: MIT */
/*
 * The HardFault entry of ARMv6-M (its only fault).  EXC_RETURN bit 2
 * says which stack the hardware pushed the frame on; the frame and
 * EXC_RETURN go to fault_report (fault.c), which never returns.  r4-r11
 * are still the faulting code's, and EXC_RETURN is kept on the stack
 * where the CFI says: a debugger stopped in fault_report (or in the halt
 * after it) unwinds through the exception frame into the code that
 * faulted.  BL, not B: fault_report may lie beyond a Thumb-1 branch's
 * reach.
 */
	.syntax unified
	.thumb
	/* .thumb_func alone declares a function: see arch/mainline/fault_entry.S. */
	.cfi_sections .debug_frame
	.text

	.global isr_hardfault
	.thumb_func
isr_hardfault:
	.cfi_startproc
	movs	r0, #4
	mov	r1, lr
	tst	r0, r1
	beq	1f
	mrs	r0, psp
	b	2f
1:	mrs	r0, msp
2:	push	{r1, lr}		/* EXC_RETURN, for the debugger's unwinding */
	.cfi_def_cfa_offset 8
	.cfi_offset lr, -4
	bl	fault_report
	.cfi_endproc
	.size isr_hardfault, . - isr_hardfault
