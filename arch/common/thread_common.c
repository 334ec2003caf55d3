/* SPDX-License-Identifier: MIT */
/*
 * What every Cortex-M profile does the same way: the first frame of a new
 * thread (the layout below is shared by all three profiles, and tests and
 * the debugger rely on it), and idle.  The tick is in tick.c.
 *
 * A switched-out thread's stack, from its saved SP upwards:
 *
 *   saved_sp -> r4 r5 r6 r7 r8 r9 r10 r11    pushed by isr_pendsv
 *               EXC_RETURN                    (bit 4 clear: FP frame follows)
 *               [s16 .. s31]                  only if the thread used the FPU
 *               r0 r1 r2 r3 r12 lr pc xPSR    pushed by the hardware
 *               [s0 .. s15 FPSCR reserved]    only with an FP frame (lazy)
 */
#include "arch.h"
#include "kernel/thread.h"

#define XPSR_THUMB (1u << 24)

uint32_t *arch_stack_frame_init(uint32_t *stack_top, void *(*entry)(void *), void *arg,
				void (*exit_fn)(void *))
{
	uint32_t *sp = (uint32_t *)((uintptr_t)stack_top & ~7u);

	*--sp = XPSR_THUMB;
	*--sp = (uint32_t)(uintptr_t)entry & ~1u; /* pc */
	*--sp = (uint32_t)(uintptr_t)exit_fn;     /* lr: where entry returns to */
	*--sp = 0x12121212u;                      /* r12 */
	*--sp = 0x03030303u;                      /* r3 */
	*--sp = 0x02020202u;                      /* r2 */
	*--sp = 0x01010101u;                      /* r1 */
	*--sp = (uint32_t)(uintptr_t)arg;         /* r0 */
	*--sp = ARCH_EXC_RETURN_THREAD;
	for (uint32_t r = 11; r >= 4; r--)
		*--sp = r * 0x01010101u; /* r11 .. r4: recognisable in a debugger */
	return sp;
}

void arch_idle(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}
