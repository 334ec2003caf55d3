/* SPDX-License-Identifier: MIT */
/*
 * Loud failure.  A broken kernel invariant is a bug: panic() prints where
 * (file:line), what, and which thread was running, then halts the system
 * (under QEMU: exits with status PANIC_EXIT_STATUS).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#define PANIC_EXIT_STATUS 3

#define panic(...) kernel_panic(__FILE__, __LINE__, __VA_ARGS__)

/* Asserts an invariant; compiled in always (the checks are cheap). */
#define kassert(cond)                                              \
	do {                                                       \
		if (!(cond))                                       \
			panic("assertion failed: %s", #cond);      \
	} while (0)

__attribute__((noreturn, format(printf, 3, 4))) void kernel_panic(const char *file, int line,
								   const char *fmt, ...);

#include <stdbool.h>
#include <stdint.h>

/* What the arch fault handler tells the kernel about a CPU fault. */
struct fault_info {
	const char *what;   /* "MemManage fault", "BusFault", ... */
	uint32_t exception; /* its exception number */
	uint32_t status;    /* CFSR, or HFSR for a HardFault (0 where there is none) */
	uint32_t pc;        /* the faulting instruction (stacked pc), 0 if unknown */
	bool thread_mode;   /* raised by thread code (not a handler) */
	bool user;          /* raised by unprivileged code: contained (process_fault) */
	bool address_valid; /* address holds the faulting data address */
	uintptr_t address;
	uintptr_t sp;       /* the faulting code's SP after exception entry */
	uint32_t cause;     /* enum sys_fault_cause (kestrel/syscall.h), from the status bits */
};

/* Called by the arch fault handler after it printed the decoded
 * registers: names the thread, recognises a stack overflow, halts.
 * Context: fault handler. */
__attribute__((noreturn)) void kernel_fault(const struct fault_info *fault);

/* Whether the fault is t running past the bottom of its stack: the data
 * address in its guard, or the SP below its usable stack. */
struct thread;
bool kernel_fault_is_stack_overflow(const struct thread *t, const struct fault_info *fault);

#endif
