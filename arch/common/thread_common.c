/* SPDX-License-Identifier: MIT */
/*
 * What every Cortex-M profile does the same way: the first frame of a new
 * thread (the layout below is shared by all three profiles, and tests and
 * the debugger rely on it), the SysTick tick, and idle.
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
#include "cortex_m.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/trace.h"

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

/* Core clock cycles per tick; 0 until the tick starts. */
static uint32_t tick_period;

/* SysTick is optional on ARMv6-M and ARMv8-M (the nRF51's Cortex-M0 has
 * none, though QEMU models one); where it is missing its registers read
 * as zero, which the check after the first write catches. */
void arch_tick_start(uint32_t cpu_hz, uint32_t tick_hz)
{
	uint32_t reload = tick_hz ? cpu_hz / tick_hz : 0;

	if (reload == 0 || reload - 1 > 0xffffffu)
		panic("tick: %lu Hz cannot be made from a %lu Hz core clock with SysTick",
		      (unsigned long)tick_hz, (unsigned long)cpu_hz);
	SYST_RVR = reload - 1;
	if (SYST_RVR != reload - 1)
		panic("tick: this core has no SysTick (SYST_RVR does not hold a value)");
	SYST_CVR = 0;
	tick_period = reload;
	SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

uint32_t arch_tick_period(void)
{
	return tick_period;
}

/* Cycles since SysTick's count reached 0, the moment its interrupt is
 * requested: 0 while it reads 0, then period - count as it counts down
 * from period - 1. */
static uint32_t cycles_since_tick(uint32_t count)
{
	return count == 0 ? 0 : tick_period - count;
}

/* A tick between the read of the count and the read of PENDSTSET shows
 * as pending, and the count is then read again, after it. */
uint32_t arch_tick_fraction(void)
{
	uint32_t count = SYST_CVR;

	if (tick_period == 0)
		return 0;
	if (SCB_ICSR & ICSR_PENDSTSET)
		return tick_period + cycles_since_tick(SYST_CVR);
	return cycles_since_tick(count);
}

void isr_systick(void)
{
	trace_isr_enter(TRACE_IRQ_TICK);
	sched_tick();
	trace_isr_exit();
}

void arch_idle(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}
