/* SPDX-License-Identifier: MIT */
/*
 * Boot: the banner, the first records, the first threads, then the
 * scheduler.  Everything the banner prints comes from the hardware
 * (CPUID), the board (clocks, console) or the linker (memory map).
 *
 * main() runs as the thread "main" of init (PID 1) at
 * CONFIG_MAIN_PRIORITY; when it returns, the system exits with its
 * status, as a hosted program would.  The idle thread (kernel process,
 * priority 0) sleeps the core whenever nothing else is ready.
 */
#include <newlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch.h"
#include "board.h"
#include "kernel/libc.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/version.h"

extern char __flash_origin[], __flash_length[], __ram_origin[], __ram_length[];
extern char __text_start[], __text_end[], __msp_stack_bottom[], __msp_stack_top[];
extern char __data_start[], __data_end[], __bss_start[], __bss_end[];
extern char __heap_start[], __heap_end[];

extern int main(void);

/* The tick counter's first value.  Weak so that a test image can start it
 * just below the 32-bit wrap; defined here, away from its reader in
 * sched.c, so the compiler cannot fold the default in. */
__attribute__((weak)) const uint32_t kernel_tick_initial = 0;

struct thread kernel_idle_thread; /* sched_idle_thread() */
static struct thread main_thread;
static uint8_t idle_stack[CONFIG_IDLE_STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
static uint8_t main_stack[CONFIG_MAIN_STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));

static unsigned long span(const char *start, const char *end)
{
	return (unsigned long)(end - start);
}

void kernel_print_banner(void)
{
	printf("\n%s %s on %s (%s)\n", KERNEL_NAME, KERNEL_VERSION, board_info.name,
	       board_info.description);
	printf("cpu:     %s (CPUID 0x%08lx), FPU %s\n", arch_cpu_name(),
	       (unsigned long)arch_cpuid(), arch_has_fpu() ? "enabled, lazy stacking" : "none");
	board_print_banner();
	printf("tick:    %u Hz, time slice %u ticks\n", CONFIG_TICK_HZ, CONFIG_TIME_SLICE_TICKS);
	printf("console: %s\n", board_info.console);
	printf("flash:   0x%08lx, %lu KiB; text+rodata %lu bytes\n",
	       (unsigned long)(uintptr_t)__flash_origin, (unsigned long)(uintptr_t)__flash_length / 1024,
	       span(__text_start, __text_end));
	printf("ram:     0x%08lx, %lu KiB; MSP stack %lu, data %lu, bss %lu, heap %lu bytes\n",
	       (unsigned long)(uintptr_t)__ram_origin, (unsigned long)(uintptr_t)__ram_length / 1024,
	       span(__msp_stack_bottom, __msp_stack_top), span(__data_start, __data_end),
	       span(__bss_start, __bss_end), span(__heap_start, __heap_end));
	printf("libc:    newlib %s%s\n", _NEWLIB_VERSION, CONFIG_NANO ? " (newlib-nano)" : "");
}

static void *idle_entry(void *arg)
{
	(void)arg;
	for (;;)
		sched_idle();
	__builtin_unreachable(); /* this gcc warns of a missing return otherwise */
}

static void *main_entry(void *arg)
{
	(void)arg;
	exit(main());
	__builtin_unreachable();
}

/* The tick from a board timer (board_tick_start), as isr_systick's. */
static void board_tick(void)
{
	trace_isr_enter(TRACE_IRQ_TICK);
	sched_tick();
	trace_isr_exit();
}

int kernel_start(void)
{
	libc_stdout_init();
	kernel_print_banner();
	fflush(stdout);

	process_boot();
	sched_init();
	trace_boot_start();
	libc_init();
	uint32_t key = kernel_lock();
	thread_setup_locked(&kernel_idle_thread, process_kernel(), "idle", idle_entry, NULL,
			    PRIORITY_IDLE, idle_stack, sizeof(idle_stack));
	sched_ready_locked(&kernel_idle_thread, TRACE_CREATED);
	thread_setup_locked(&main_thread, process_init(), "main", main_entry, NULL,
			    CONFIG_MAIN_PRIORITY, main_stack, sizeof(main_stack));
	sched_ready_locked(&main_thread, TRACE_CREATED);
	kernel_unlock(key);

	/* No tick may reach the scheduler before the first thread runs: it
	 * would pend a switch away from no thread at all.  The lock stays
	 * held into sched_start; arch_start_first unmasks as the first
	 * thread starts, and a tick that came meanwhile is taken then. */
	(void)kernel_lock();
	arch_mpu_init();
	/* Tickless idle's tick is the arch's, on the board clock's grid. */
	if (CONFIG_TICKLESS || !board_tick_start(CONFIG_TICK_HZ, board_tick))
		arch_tick_start(board_cpu_hz(), CONFIG_TICK_HZ);
	sched_start();
}
