/*
 * panic() and the kernel's side of a CPU fault: say which thread was
 * running, then halt.  Both print with kprintf so they work whatever
 * state the rest of the system is in.
 */
#include <stdarg.h>

#include "arch.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"

/* The kernel describes its current thread here once it has one. */
__attribute__((weak)) void kernel_describe_current(void)
{
	kprintf("  context: before the scheduler started\n");
}

void kernel_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	kprintf("\n*** PANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	kernel_describe_current();
	arch_halt(PANIC_EXIT_STATUS);
}

void kernel_fault(const char *what)
{
	kernel_describe_current();
	kprintf("*** %s: system halted\n", what);
	arch_halt(PANIC_EXIT_STATUS);
}
