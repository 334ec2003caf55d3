/* SPDX-License-Identifier: MIT */
/*
 * What every Cortex-M profile does the same way: the first frame of a new
 * thread (the layout below is shared by all three profiles, and tests and
 * the debugger rely on it), the SysTick tick (periodic, or with
 * CONFIG_TICKLESS an alarm on the board clock's grid), and idle.
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
#include "board.h"
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

uint32_t arch_tick_period(void)
{
	return tick_period;
}

/* The tick's interrupt: SysTick's, or with CONFIG_TICKLESS the board's
 * alarm's. */
static void tick_interrupt(void)
{
	trace_isr_enter(TRACE_IRQ_TICK);
	sched_tick();
	trace_isr_exit();
}

void isr_systick(void)
{
	tick_interrupt();
}

#if !CONFIG_TICKLESS

/* The periodic tick: SysTick reloads every period and is never written
 * again, so the ticks keep the phase of the first.  SysTick is optional
 * on ARMv6-M and ARMv8-M (the nRF51's Cortex-M0 has none, though QEMU
 * models one); where it is missing its registers read as zero, which the
 * check after the first write catches. */
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

#else /* CONFIG_TICKLESS */

/*
 * The tick without a period: time is kept by the board clock, which never
 * stops and counts from the core clock's source, and the board's alarm
 * (board.h) brings the tick interrupt.  Tick k begins at a fixed board
 * clock count, the grid: grid_next is the count at which the tick after
 * the current one begins, and each step is grid_step counts.  The alarm
 * is set for the next boundary (arch_tick_catch_up) or, in the idle
 * thread, for a later one (arch_tick_alarm_after), always as a count of
 * the board clock: moving it loses nothing, and since it never comes
 * before its count, a tick is never counted early.  SysTick is not used.
 */
static uint32_t grid_next;        /* board clock count where the next tick begins */
static uint32_t grid_step;        /* board clock counts per tick */
static uint32_t cycles_per_count; /* core clock cycles per board clock count */
static uint32_t alarm_max_ticks;  /* the farthest boundary an alarm is set for */

/* The farthest alarm, in board clock counts: well inside the half of the
 * 32-bit clock's range in which differences of counts keep their sign. */
#define ALARM_MAX_COUNTS (1u << 30)

void arch_tick_start(uint32_t cpu_hz, uint32_t tick_hz)
{
	uint32_t clock_hz = board_clock_hz();

	grid_step = tick_hz ? clock_hz / tick_hz : 0;
	cycles_per_count = cpu_hz / clock_hz;
	if (grid_step == 0 || grid_step * tick_hz != clock_hz || cycles_per_count == 0 ||
	    cycles_per_count * clock_hz != cpu_hz)
		panic("tick: tickless needs a board clock (%lu Hz) that makes the %lu Hz tick and "
		      "divides the %lu Hz core clock",
		      (unsigned long)clock_hz, (unsigned long)tick_hz, (unsigned long)cpu_hz);
	tick_period = cpu_hz / tick_hz;
	alarm_max_ticks = ALARM_MAX_COUNTS / grid_step;
	board_alarm_start(tick_interrupt);
	grid_next = board_clock_now() + grid_step;
	board_alarm_at(grid_next);
}

bool arch_tick_due(void)
{
	return (int32_t)(board_clock_now() - grid_next) >= 0;
}

uint32_t arch_tick_catch_up(void)
{
	int32_t late = (int32_t)(board_clock_now() - grid_next);
	uint32_t ticks = 0;

	if (late >= 0) {
		ticks = (uint32_t)late / grid_step + 1;
		grid_next += ticks * grid_step;
	}
	board_alarm_at(grid_next);
	return ticks;
}

uint32_t arch_tick_alarm_after(uint32_t ticks)
{
	if (ticks > alarm_max_ticks)
		ticks = alarm_max_ticks;
	board_alarm_at(grid_next + (ticks - 1) * grid_step);
	return ticks;
}

void arch_tick_pend(void)
{
	board_alarm_at(board_clock_now()); /* comes at once */
}

/* From the board clock: the tick that began last is grid_next - step. */
uint32_t arch_tick_fraction(void)
{
	if (tick_period == 0)
		return 0;
	return (board_clock_now() - (grid_next - grid_step)) * cycles_per_count;
}

#endif /* CONFIG_TICKLESS */

void arch_idle(void)
{
	__asm__ volatile("dsb\n\twfi" ::: "memory");
}
