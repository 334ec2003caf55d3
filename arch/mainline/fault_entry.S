/* SPDX-License-Identifier: MIT */
/*
 * The fault handlers of ARMv7-M and ARMv8-M Mainline: one entry per
 * fault, each the same few instructions under its own name, so that a
 * debugger's backtrace names the fault that was taken (an alias of one
 * shared entry would name any of them).  Each passes the frame the
 * hardware stacked (EXC_RETURN bit 2 says on which stack) and EXC_RETURN
 * to fault_report (the profile's fault.c), and leaves by the EXC_RETURN
 * it returns: a fault of unprivileged code returns into the kernel
 * (process_fault); the kernel's own faults never return.
 *
 * r4-r11 are still the faulting code's, and the CFI says where the
 * handler keeps EXC_RETURN: a debugger stopped in fault_report (or in the
 * halt after it) unwinds through the exception frame into the code that
 * faulted.
 */
	.syntax unified
	.thumb
	/* Functions are declared by .thumb_func alone, which makes a Thumb
	 * function symbol (STT_FUNC, bit 0 set).  .type %function would also
	 * make gas emit a DW_TAG_subprogram whose low_pc has bit 0 set, which
	 * GDB takes for a second function of the same name, with a second
	 * breakpoint location (docs/debugging.md). */
	.cfi_sections .debug_frame
	.text

	.macro FAULT_ENTRY name
	.global \name
	.thumb_func
\name:
	.cfi_startproc
	tst	lr, #4
	ite	eq
	mrseq	r0, msp
	mrsne	r0, psp
	mov	r1, lr
	push	{r1, lr}		/* EXC_RETURN twice: keeps MSP 8-byte aligned */
	.cfi_def_cfa_offset 8
	.cfi_offset lr, -4
	bl	fault_report		/* returns the EXC_RETURN to leave by */
	pop	{r1, r2}
	.cfi_def_cfa_offset 0
	bx	r0
	.cfi_endproc
	.size \name, . - \name
	.endm

	FAULT_ENTRY isr_hardfault
	FAULT_ENTRY isr_memmanage
	FAULT_ENTRY isr_busfault
	FAULT_ENTRY isr_usagefault
	/* ARMv8-M only; its vector is reserved (never taken) on ARMv7-M. */
	FAULT_ENTRY isr_securefault
