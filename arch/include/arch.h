/* SPDX-License-Identifier: MIT */
/*
 * The arch contract: the only way kernel/ reaches the CPU.  Each profile
 * folder (arch/armv6-m, arch/armv7-m, arch/armv8-m) implements every
 * function here; code shared by all profiles lives in arch/common, code
 * shared by ARMv7-M and ARMv8-M Mainline in arch/mainline.  Nothing in
 * this header names a register.
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch_types.h"

/*
 * An image that depends on the MPU to isolate its processes says so with
 * CONFIG_REQUIRE_ISOLATION=1 (on the compiler command line, through a
 * board's BOARD_CPPFLAGS, or defined in a source before it includes this
 * header); on a core without an MPU the build stops here instead of
 * producing an image whose processes would run unisolated.
 */
#if defined(CONFIG_REQUIRE_ISOLATION) && CONFIG_REQUIRE_ISOLATION && !ARCH_HAS_MPU
#error "this image requires process isolation, but this core has no MPU (ARMv6-M)"
#endif

struct thread;

/* Called first from the reset handler, before .data and .bss exist:
 * enables what compiled C may use at once (the FPU on cores with one). */
void arch_reset_init(void);

/* Exception priorities, fault handlers, trapping of unaligned access and
 * division by zero.  Called once before the kernel starts. */
void arch_init(void);

/* Name of the core read from CPUID, e.g. "Cortex-M3 r2p1". */
const char *arch_cpu_name(void);
uint32_t arch_cpuid(void);

/* Whether the core has a floating-point unit in use by this build. */
bool arch_has_fpu(void);

/* End execution with a status: through semihosting when built for it
 * (QEMU or a debugger), otherwise by halting the core in a WFI loop. */
__attribute__((noreturn)) void arch_halt(int status);

/*
 * Hot-path operations, defined static inline by each profile's
 * arch_inline.h (included at the end of this header):
 *
 *   uint32_t arch_irq_lock(void);
 *   void arch_irq_unlock(uint32_t key);
 *       Mask every interrupt that may call the kernel; return a key for the
 *       matching unlock.  Locks nest; ARCH_IRQ_UNLOCKED is the key of the
 *       outermost one.  A switch pended under the lock is taken at the
 *       unlock, before the next instruction.  Context: any.
 *   void arch_irq_unlock_quiet(uint32_t key);
 *       The unlock of a section that pended no switch: an interrupt that
 *       came meanwhile may be taken a few instructions later.
 *   bool arch_in_isr(void);
 *       True in an exception handler.
 *   bool arch_irq_masked(void);
 *       True while the caller has interrupts masked (PRIMASK, or BASEPRI
 *       raised where the profile has it).
 *   void arch_switch_pend(void);
 *       Request a context switch: it happens once no interrupt is active
 *       and the kernel lock is released.  Context: any.
 *
 * A profile that can also switch by a plain call (ARMv7-M and ARMv8-M
 * Mainline) defines ARCH_SWITCH_DIRECT 1 and these; one that cannot
 * defines it 0:
 *
 *   bool arch_switch_direct_ok(const uint32_t *next_saved_sp,
 *                              uint32_t next_control);
 *       Whether arch_switch_direct can switch from the calling thread to
 *       the one whose context is at next_saved_sp (next_control: its
 *       arch.control): the caller's state fits in what it keeps, and that
 *       context can be resumed from thread mode.  Otherwise the switch
 *       goes through arch_switch_pend.
 *   void arch_switch_direct(struct thread *prev, struct thread *next);
 *       Saves the calling thread prev's context on its stack (saved_sp),
 *       loads next's stack guard and context, and returns as next, from
 *       the call next made.  Context: privileged thread mode, kernel
 *       lock held (and still held on return).
 *   uint32_t *arch_sp(void);
 *       The current stack pointer; arch_switch_direct stores
 *       ARCH_DIRECT_CONTEXT_WORDS words below it.
 */

/* Builds the first frame of a new thread below stack_top so that the
 * switch code "returns" into entry(arg) and, if entry returns, into
 * exit_fn(its value).  Returns the saved SP for the TCB. */
uint32_t *arch_stack_frame_init(uint32_t *stack_top, void *(*entry)(void *), void *arg,
				void (*exit_fn)(void *));

/* Places the stack overflow guard at the bottom of [base, base+bytes) and
 * records it in a; returns the lowest address the thread may use.  The
 * guard is an MPU region on ARMv7-M and the PSPLIM limit on ARMv8-M;
 * ARMv6-M has none (only the kernel's canary). */
uintptr_t arch_stack_guard_init(struct arch_thread *a, uintptr_t base, size_t bytes);

/* Switches from the boot code to the first thread (on PSP) for good;
 * the boot stack (MSP) becomes the interrupt stack.  Called with the
 * kernel lock held; interrupts are unmasked (the lock dropped) only as
 * the first thread starts. */
__attribute__((noreturn)) void arch_start_first(struct thread *first);

/* Starts the tick (isr_systick calls sched_tick).  Panics if the rate
 * cannot be made from the core clock (with CONFIG_TICKLESS, from the
 * board clock too). */
void arch_tick_start(uint32_t cpu_hz, uint32_t tick_hz);

/*
 * The tick with CONFIG_TICKLESS (arch/common/tick.c): time is kept by the
 * board clock (board.h), on a grid of one board clock count per tick
 * boundary, and an alarm (the board's, or SysTick) comes at the next
 * boundary that matters, so that moving the alarm loses no time.
 *
 * arch_tick_catch_up: how many boundaries have passed since the last
 * call (0 when the interrupt was not the alarm, or came between two), the
 * alarm set again for the next one.  The tick count is to move on by as
 * many.  Context: kernel lock held (the tick handler, the idle thread).
 *
 * arch_tick_alarm_after: the alarm for the ticks-th boundary from now
 * instead (ticks >= 2), or for the farthest one the alarm reaches; returns
 * the one it was set for.  Context: the idle thread, lock held.
 *
 * arch_tick_pend: makes the tick interrupt pending (its handler catches
 * up and runs the software timers due).
 *
 * arch_tick_due: whether a boundary has passed that arch_tick_catch_up
 * would count.
 */
bool arch_tick_due(void);
uint32_t arch_tick_catch_up(void);
/* The fewest ticks per wake-up of the CPU in a long idle sleep: the
 * alarm's reach (with the SysTick clock, its wraps wake the CPU too;
 * tick.c).  Context: any, after arch_tick_start. */
uint32_t arch_tick_reach(void);
/* What the board's alarm handler calls (board.h: board_alarm_start): the
 * tick's interrupt.  Context: that handler. */
void arch_tick_alarm_interrupt(void);
uint32_t arch_tick_alarm_after(uint32_t ticks);
void arch_tick_pend(void);

/* The fine clock under the tick, for the trace and CPU-time statistics.
 * arch_tick_period: core clock cycles in one tick (0 before
 * arch_tick_start).  arch_tick_fraction: cycles since the tick period
 * that time_ticks() counts began, so tick * period + fraction is a time
 * in cycles.  When a period has ended but its interrupt is still pending
 * (the caller holds the kernel lock, or is a more urgent handler), the
 * result is one period more: at least arch_tick_period() (with
 * CONFIG_TICKLESS, as many periods more as have passed uncounted).
 * Inside the tick handler, before sched_tick has counted the tick, the
 * fraction already belongs to the new period (with CONFIG_TICKLESS, it
 * is still one period more).  A caller that keeps the tick
 * interrupt pending for more than a whole period loses that period.
 * Context: any. */
uint32_t arch_tick_period(void);
uint32_t arch_tick_fraction(void);

/* Enables the MPU with the default map for privileged code, so stack
 * guards work for privileged threads too.  Does nothing on a core without
 * one (ARCH_HAS_MPU 0). */
void arch_mpu_init(void);

/* External interrupts (IRQ numbers from 0).  A kernel-aware handler
 * (one that calls the kernel) must have a priority value of at least
 * ARCH_KERNEL_BASEPRI; more urgent ones are never masked by the kernel
 * and must not call it. */
void arch_irq_set_priority(unsigned irq, uint8_t priority);
void arch_irq_enable(unsigned irq);
void arch_irq_disable(unsigned irq);
/* Makes the interrupt pending, as if the device had raised it. */
void arch_irq_trigger(unsigned irq);
/* Makes it not pending (a device that still raises it pends it again). */
void arch_irq_unpend(unsigned irq);

/* Sleeps until the next interrupt. */
void arch_idle(void);

/* (arch_inline.h) With the kernel lock held, sleeps until an interrupt
 * that the lock masks is pending, and returns with the lock still held:
 * the interrupt is taken once the caller releases it.
 *   void arch_idle_wait(void); */

/*
 * Unprivileged threads and process memory (cores with an MPU; ARMv6-M
 * builds return ERR_NOSYS from arch_process_init and never call the
 * rest).  struct process is kernel/process.h's.
 */
struct process;
struct arch_process;
struct arch_thread_user;

/* Makes a thread whose stack guard is set up (arch_stack_guard_init on its
 * user stack) start unprivileged, with its syscalls running on
 * [kernel_stack, kernel_stack + bytes).  *saved_sp is its first context
 * (arch_stack_frame_init on its user stack); it becomes the context as the
 * switch keeps it for unprivileged code.  Returns the kernel stack's
 * lowest usable address (for its canary). */
uintptr_t arch_thread_make_user(struct arch_thread *a, struct arch_thread_user *u,
				uintptr_t kernel_stack, size_t kernel_stack_bytes,
				uint32_t **saved_sp);
/* Whether an unprivileged thread is inside a syscall (on its kernel
 * stack), as opposed to running or stopped in its own code. */
bool arch_thread_in_syscall(const struct arch_thread *a);
/* After a fault of the running unprivileged thread (in a fault handler):
 * arranges for the handler's return to enter fn in privileged thread mode
 * on the thread's kernel stack, never to return to the faulting code, and
 * returns the EXC_RETURN value that does it. */
uint32_t arch_thread_redirect(struct arch_thread *a, struct arch_thread_user *u,
			      void (*fn)(void));
/* The same for a switched-out unprivileged thread, in its own code (not
 * in a syscall): returns the saved SP that makes its next switch-in enter
 * fn, privileged, on its kernel stack. */
uint32_t *arch_thread_redirect_saved(struct arch_thread *a, struct arch_thread_user *u,
				     void (*fn)(void));
/* Whether a fault with this EXC_RETURN was raised by unprivileged code. */
bool arch_fault_is_user(uint32_t exc_return);

/* Computes the MPU regions of p's code, data and devices.
 * Returns: 0; ERR_INVALID (a region the MPU cannot describe); ERR_NOSYS
 * (no MPU). */
int arch_process_init(struct arch_process *ap, const struct process *p);
/* Loads them: from now on unprivileged code sees exactly p's memory. */
void arch_process_activate(const struct arch_process *ap);

#include "arch_inline.h"

#endif
