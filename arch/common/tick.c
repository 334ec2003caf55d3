/* SPDX-License-Identifier: MIT */
/*
 * The kernel's tick on every Cortex-M profile.
 *
 * The periodic tick (CONFIG_TICKLESS 0): SysTick reloads every period at
 * the core clock, and its interrupt is the tick.
 *
 * Tickless (CONFIG_TICKLESS 1): time is kept by the board clock (board.h),
 * which never stops, and an alarm on it brings the tick interrupt.  Tick
 * k begins at a fixed board clock count, the grid: grid_next is the count
 * at which the tick after the current one begins, and each step is
 * grid_step counts.  The alarm is set for the next boundary
 * (arch_tick_catch_up) or, in the idle thread, for a later one
 * (arch_tick_alarm_after), always as a count of the board clock: moving
 * it loses nothing, and since it never comes before its count, a tick is
 * never counted early (an interrupt that comes early anyway only finds
 * nothing to count).  The clock and the alarm are the board's, except
 * where the board has only one of them and SysTick is the other
 * (CONFIG_TICKLESS_SYSTICK, from BOARD_TICKLESS_SYSTICK in board.mk):
 *
 *   alarm  SysTick counts down the core clock cycles to the alarm's count
 *          and interrupts once it is reached, within 2^24 cycles at most
 *          (about 0.1 s at 168 MHz), the idle thread's longest sleep;
 *   clock  SysTick free-runs over its 24 bits and its interrupt counts the
 *          wraps above them, the board clock being the two together; the
 *          idle thread's alarm comes at least every half wrap (2^23
 *          cycles, a sixth of a second at 50 MHz), so that no wrap is
 *          missed while the CPU sleeps.
 */
#include "arch.h"
#include "board.h"
#include "cortex_m.h"
#include "kernel/config.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/trace.h"

#define SYSTICK_MAX_RELOAD 0xffffffu

/* Core clock cycles per tick; 0 until the tick starts. */
static uint32_t tick_period;

uint32_t arch_tick_period(void)
{
	return tick_period;
}

/* The tick's interrupt: SysTick's, or with CONFIG_TICKLESS the alarm's. */
static void tick_interrupt(void)
{
	trace_isr_enter(TRACE_IRQ_TICK);
	sched_tick();
	trace_isr_exit();
}

/* SysTick is optional on ARMv6-M and ARMv8-M (the nRF51's Cortex-M0 has
 * none, though QEMU models one); where it is missing its registers read
 * as zero, which a read after the first write catches. */
static inline void systick_reload_set(uint32_t reload)
{
	SYST_RVR = reload;
	if (SYST_RVR != reload)
		panic("tick: this core has no SysTick (SYST_RVR does not hold a value)");
}

/* Cycles since SysTick's count reached 0, the moment its interrupt is
 * requested, in a period of `period` cycles: 0 while it reads 0, then
 * period - count as it counts down from period - 1.  (After a write of
 * CVR it also reads 0 for a cycle, then counts the reload down.) */
static inline uint32_t systick_since_zero(uint32_t count, uint32_t period)
{
	return count == 0 ? 0 : period - count;
}

#if !CONFIG_TICKLESS

/* The periodic tick: SysTick reloads every period and is never written
 * again, so the ticks keep the phase of the first. */
void arch_tick_start(uint32_t cpu_hz, uint32_t tick_hz)
{
	uint32_t reload = tick_hz ? cpu_hz / tick_hz : 0;

	if (reload == 0 || reload - 1 > SYSTICK_MAX_RELOAD)
		panic("tick: %lu Hz cannot be made from a %lu Hz core clock with SysTick",
		      (unsigned long)tick_hz, (unsigned long)cpu_hz);
	systick_reload_set(reload - 1);
	SYST_CVR = 0;
	tick_period = reload;
	SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

void isr_systick(void)
{
	tick_interrupt();
}

/* A tick between the read of the count and the read of PENDSTSET shows
 * as pending, and the count is then read again, after it. */
uint32_t arch_tick_fraction(void)
{
	uint32_t count = SYST_CVR;

	if (tick_period == 0)
		return 0;
	if (SCB_ICSR & ICSR_PENDSTSET)
		return tick_period + systick_since_zero(SYST_CVR, tick_period);
	return systick_since_zero(count, tick_period);
}

#else /* CONFIG_TICKLESS */

static uint32_t grid_next;       /* board clock count where the next tick begins */
static uint32_t grid_step;       /* board clock counts per tick */
static uint32_t alarm_max_ticks; /* the farthest boundary an alarm is set for */
/* Core clock cycles per board clock count: cycles_whole + cycles_frac /
 * 2^32, the fraction rounded up so that a whole number of cycles is never
 * converted one short. */
static uint32_t cycles_whole, cycles_frac;

/* The farthest alarm, in board clock counts: well inside the half of the
 * 32-bit clock's range in which differences of counts keep their sign. */
#define ALARM_MAX_COUNTS (1u << 30)

static uint32_t counts_to_cycles(uint32_t counts)
{
	uint32_t cycles = counts * cycles_whole;

	if (cycles_frac != 0)
		cycles += (uint32_t)(((uint64_t)counts * cycles_frac) >> 32);
	return cycles;
}

#if CONFIG_TICKLESS_SYSTICK == TICKLESS_SYSTICK_ALARM

/* SysTick counts down to the alarm, the board's clock keeps the time:
 * the interrupt comes once the core clock has run the cycles from now to
 * the alarm's count, one more for the rounding (SysTick reloads one
 * cycle after CVR is written and interrupts when its count reaches 0).
 * An alarm beyond SysTick's reach comes at its reach; its interrupt
 * finds nothing due and sets the alarm again.
 *
 * After the alarm's period SysTick reloads a short one, so that another
 * timer event follows the alarm's by SYSTICK_ALARM_AFTER cycles: QEMU
 * (7.2, -icount sleep=off) ends a WFI on a SysTick exception pended while
 * PRIMASK is set, the idle thread's wait, only at the next timer event
 * after it, so there the sleeper wakes those 256 cycles late.  On
 * silicon the catch-up, about a hundred cycles, sets the next alarm
 * before the short period ends. */
#define SYSTICK_ALARM_MAX_CYCLES (SYSTICK_MAX_RELOAD + 1u)
#define SYSTICK_ALARM_AFTER 256u

static void alarm_start(void)
{
	systick_reload_set(SYSTICK_MAX_RELOAD);
	SYST_CVR = 0;
	SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

static void alarm_at(uint32_t at)
{
	int32_t counts = (int32_t)(at - board_clock_now());

	if (counts <= 0) {
		SCB_ICSR = ICSR_PENDSTSET; /* due: at once */
		return;
	}
	uint32_t cycles = counts_to_cycles((uint32_t)counts) + 1;

	if (cycles < 2)
		cycles = 2; /* a reload of 0 would stop SysTick */
	if (cycles > SYSTICK_ALARM_MAX_CYCLES)
		cycles = SYSTICK_ALARM_MAX_CYCLES;
	/* The alarm before, come and not taken, is dropped first: should the
	 * old count end before CVR is written, its interrupt only finds
	 * nothing due. */
	SCB_ICSR = ICSR_PENDSTCLR;
	SYST_RVR = cycles - 1;
	SYST_CVR = 0;
	if (cycles > SYSTICK_ALARM_AFTER) {
		while (SYST_CVR == 0)
			; /* the reload, a cycle on */
		SYST_RVR = SYSTICK_ALARM_AFTER - 1;
	}
}

/* The board clock counts in SysTick's reach. */
static uint32_t alarm_reach_counts(uint32_t cpu_hz, uint32_t clock_hz)
{
	return (uint32_t)((uint64_t)(SYSTICK_ALARM_MAX_CYCLES - 2u) * clock_hz / cpu_hz);
}

void isr_systick(void)
{
	tick_interrupt();
}

#else /* the board's alarm */

static void alarm_start(void)
{
	board_alarm_start();
}

void arch_tick_alarm_interrupt(void)
{
	tick_interrupt();
}

static void alarm_at(uint32_t at)
{
	board_alarm_at(at);
}

static uint32_t alarm_reach_counts(uint32_t cpu_hz, uint32_t clock_hz)
{
	(void)cpu_hz;
	(void)clock_hz;
	return ALARM_MAX_COUNTS;
}

#endif

#if CONFIG_TICKLESS_SYSTICK == TICKLESS_SYSTICK_CLOCK

/*
 * The board clock from SysTick (board.h), for a board whose alarm has no
 * count it can read: SysTick free-runs at the core clock, reloading 2^24
 * - 1, and its interrupt counts the wraps, which are the clock's upper
 * bits.  Reading takes no lock: the wraps are read before and after the
 * count, and the pair is read again if a wrap's interrupt ran in between.
 * A wrap whose interrupt is still pending (the caller holds the kernel
 * lock, or is a more urgent handler) is counted through PENDSTSET.  A
 * caller that keeps the interrupt pending for more than 2^24 cycles loses
 * a wrap.  The clock counts from arch_tick_start.
 */
#define SYSTICK_CLOCK_SHIFT 24
#define SYSTICK_CLOCK_PERIOD (1u << SYSTICK_CLOCK_SHIFT)

static volatile uint32_t systick_wraps;

/* The wrap is counted at the most urgent priority the kernel lock masks,
 * so that no kernel-aware handler reads the clock between the exception's
 * entry and the count (it would read a wrap short); a handler above the
 * kernel's priorities could, in those few cycles. */
#if ARCH_KERNEL_BASEPRI == 0
#error "the SysTick clock needs an ARMv7-M or ARMv8-M Mainline core (BASEPRI, byte priorities)"
#endif

static void systick_clock_start(void)
{
	SCB_SHPR8(EXC_SYSTICK) = ARCH_KERNEL_BASEPRI;
	systick_reload_set(SYSTICK_CLOCK_PERIOD - 1);
	SYST_CVR = 0;
	SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

void isr_systick(void)
{
	systick_wraps++;
}

uint32_t board_clock_now(void)
{
	uint32_t before, wraps, count;

	do {
		before = systick_wraps;
		wraps = before;
		count = SYST_CVR;
		if (SCB_ICSR & ICSR_PENDSTSET) {
			count = SYST_CVR; /* after the wrap, certainly */
			wraps++;
		}
	} while (systick_wraps != before);
	return (wraps << SYSTICK_CLOCK_SHIFT) + systick_since_zero(count, SYSTICK_CLOCK_PERIOD);
}

uint32_t board_clock_hz(void)
{
	return board_cpu_hz();
}

bool board_clock_from_reset(void)
{
	return false;
}

#endif

void arch_tick_start(uint32_t cpu_hz, uint32_t tick_hz)
{
#if CONFIG_TICKLESS_SYSTICK == TICKLESS_SYSTICK_CLOCK
	systick_clock_start();
#endif
	uint32_t clock_hz = board_clock_hz();

	grid_step = tick_hz ? clock_hz / tick_hz : 0;
	if (grid_step == 0 || grid_step * tick_hz != clock_hz || cpu_hz % tick_hz != 0)
		panic("tick: tickless needs a board clock (%lu Hz) and a core clock (%lu Hz) that "
		      "both make the %lu Hz tick",
		      (unsigned long)clock_hz, (unsigned long)cpu_hz, (unsigned long)tick_hz);
	tick_period = cpu_hz / tick_hz;
	cycles_whole = cpu_hz / clock_hz;
	cycles_frac = (uint32_t)((((uint64_t)(cpu_hz % clock_hz) << 32) + clock_hz - 1) / clock_hz);
	uint32_t reach = alarm_reach_counts(cpu_hz, clock_hz);
	if (reach > ALARM_MAX_COUNTS)
		reach = ALARM_MAX_COUNTS;
#if CONFIG_TICKLESS_SYSTICK == TICKLESS_SYSTICK_CLOCK
	/* An alarm inside every wrap of the SysTick clock: two wraps in one
	 * wait would count as one. */
	uint32_t wrap = (uint32_t)((uint64_t)(SYSTICK_CLOCK_PERIOD / 2) * clock_hz / cpu_hz);
	if (reach > wrap)
		reach = wrap;
#endif
	/* The farthest boundary is up to a tick more than its ticks away. */
	alarm_max_ticks = reach / grid_step > 2 ? reach / grid_step - 1 : 1;
	alarm_start();
	grid_next = board_clock_now() + grid_step;
	alarm_at(grid_next);
}

uint32_t arch_tick_reach(void)
{
#if CONFIG_TICKLESS_SYSTICK == TICKLESS_SYSTICK_CLOCK
	/* Two alarms and a wrap in every wrap. */
	return alarm_max_ticks * 2 / 3 > 0 ? alarm_max_ticks * 2 / 3 : 1;
#else
	return alarm_max_ticks;
#endif
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
	alarm_at(grid_next);
	return ticks;
}

uint32_t arch_tick_alarm_after(uint32_t ticks)
{
	if (ticks > alarm_max_ticks)
		ticks = alarm_max_ticks;
	alarm_at(grid_next + (ticks - 1) * grid_step);
	return ticks;
}

void arch_tick_pend(void)
{
	alarm_at(board_clock_now()); /* comes at once */
}

/* From the board clock: the tick that began last is grid_next - step. */
uint32_t arch_tick_fraction(void)
{
	if (tick_period == 0)
		return 0;
	return counts_to_cycles(board_clock_now() - (grid_next - grid_step));
}

#endif /* CONFIG_TICKLESS */
