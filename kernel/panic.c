/* SPDX-License-Identifier: MIT */
/*
 * panic() and the kernel's side of a CPU fault: say which thread was
 * running (and whether it overran its stack), then halt.  Both print
 * with kprintf, so they work whatever state the rest of the system is in.
 */
#include <stdarg.h>

#include "arch.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"

/* Prints which thread was running. */
static void describe_current(void)
{
	struct thread *t = sched_self();

	if (t == NULL) {
		kprintf("  context: before the scheduler started\n");
		return;
	}
	if (t->magic != THREAD_MAGIC) {
		kprintf("  thread:  record at 0x%08lx is corrupt (magic 0x%08lx)\n",
			(unsigned long)(uintptr_t)t, (unsigned long)t->magic);
		return;
	}
	kprintf("  thread:  '%s' (tid %lu, priority %u, base %u) of process '%s' (pid %lu)\n",
		t->name, (unsigned long)t->tid, t->priority, t->base_priority, t->process->name,
		(unsigned long)t->process->pid);
	kprintf("  stack:   0x%08lx..0x%08lx, usable from 0x%08lx\n",
		(unsigned long)(uintptr_t)t->stack_base,
		(unsigned long)((uintptr_t)t->stack_base + t->stack_bytes),
		(unsigned long)(uintptr_t)t->stack_limit);
}

void kernel_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	kprintf("\n*** PANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	describe_current();
	arch_halt(PANIC_EXIT_STATUS);
}

/* A fault in thread code is an overflow into the stack guard when the
 * faulting data address lies in the guard, or when the SP is below the
 * usable stack (the hardware stacked its frame there, up to a full
 * context below the stack's base). */
bool kernel_fault_is_stack_overflow(const struct thread *t, const struct fault_info *fault)
{
	uintptr_t base = (uintptr_t)t->stack_base;
	uintptr_t usable = (uintptr_t)t->stack_limit;

	if (fault->address_valid && fault->address >= base && fault->address < usable)
		return true;
	return fault->sp < usable && fault->sp + ARCH_CONTEXT_MAX_BYTES >= base;
}

void kernel_fault(const struct fault_info *fault)
{
	struct thread *t = sched_self();

	describe_current();
	if (t != NULL && t->magic == THREAD_MAGIC && fault->thread_mode &&
	    kernel_fault_is_stack_overflow(t, fault))
		kprintf("*** stack overflow: thread '%s' (tid %lu) of process '%s' ran past the "
			"bottom of its stack 0x%08lx..0x%08lx into the guard: sp 0x%08lx\n",
			t->name, (unsigned long)t->tid, t->process->name,
			(unsigned long)(uintptr_t)t->stack_limit,
			(unsigned long)((uintptr_t)t->stack_base + t->stack_bytes),
			(unsigned long)fault->sp);
	kprintf("*** %s: system halted\n", fault->what);
	arch_halt(PANIC_EXIT_STATUS);
}
