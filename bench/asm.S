/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's assembly: the do-nothing stubs that stand in for the
 * kernel's functions when a loop's own cost is measured, and the clock
 * trace that times the boot.  Written in assembly so that their length in
 * instructions is known exactly (bench.h: STUB_VOID, STUB_INT).  Thumb-1
 * instructions only, so the file assembles for every profile.
 */
	.syntax unified
	.thumb
	.text

/* A void stub: one instruction.  stub_alloc returns its argument (r0
 * unchanged), a block address that is never NULL. */
	.macro	stub_void name
	.global	\name
	.type	\name, %function
	.thumb_func
\name:
	bx	lr
	.size	\name, . - \name
	.endm

/* An int stub: two instructions, returns 0. */
	.macro	stub_int name
	.global	\name
	.type	\name, %function
	.thumb_func
\name:
	movs	r0, #0
	bx	lr
	.size	\name, . - \name
	.endm

	stub_void stub_yield
	stub_void stub_alloc
	stub_void stub_trigger
	stub_int stub_suspend
	stub_int stub_resume
	stub_int stub_take
	stub_int stub_give
	stub_int stub_send
	stub_int stub_receive
	stub_int stub_lock
	stub_int stub_unlock
	stub_int stub_free
	stub_int stub_create
	stub_int stub_join

/*
 * void bench_clock_trace(uint32_t (*now)(void), uint32_t *readings,
 *                        uint32_t count)
 *
 * Calls now() count times (count >= 1) and stores each reading.  The
 * loop has no branch but its own, so consecutive calls are exactly
 * (instructions of one call of now, from blx to its return) + 3
 * instructions apart: the host solves for that spacing and for the time
 * of the first reading together.
 *
 *   r4 now, r5 where the next reading goes, r6 readings left
 */
	.global	bench_clock_trace
	.type	bench_clock_trace, %function
	.thumb_func
bench_clock_trace:
	push	{r4-r6, lr}
	mov	r4, r0
	mov	r5, r1
	mov	r6, r2
1:	blx	r4
	stmia	r5!, {r0}
	subs	r6, #1
	bne	1b
	pop	{r4-r6, pc}
	.size	bench_clock_trace, . - bench_clock_trace

/*
 * void bench_delay(uint32_t nops)
 *
 * Executes nops (0..8) no-operations and returns: 5 + nops instructions
 * from its first instruction to its return, exactly, by jumping into a
 * sled of eight NOPs.  Only the count varies, never the path, so a loop that calls it
 * is longer by exactly one instruction per NOP.
 */
	.global	bench_delay
	.type	bench_delay, %function
	.thumb_func
bench_delay:
	movs	r1, #8
	subs	r1, r1, r0		/* NOPs to skip */
	lsls	r1, r1, #1
	add	pc, r1			/* pc reads as this instruction + 4 */
	nop				/* never executed: the sled starts below */
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	bx	lr
	.size	bench_delay, . - bench_delay

/* The PendSV vector while the benchmarks run (bench_count_pendsv): counts
 * the switch handler's entries, then is the handler.  Its
 * BENCH_PENDSV_COUNT_INSNS instructions are taken out of the figures. */
	.global	bench_pendsv
	.type	bench_pendsv, %function
	.thumb_func
bench_pendsv:
	ldr	r0, =bench_pendsvs
	ldr	r1, [r0]
	adds	r1, r1, #1
	str	r1, [r0]
	ldr	r0, =isr_pendsv		/* a 16-bit b may not reach it */
	bx	r0
	.size	bench_pendsv, . - bench_pendsv
