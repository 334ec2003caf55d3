/* SPDX-License-Identifier: MIT */
/* kernel_panic for the host tests that link kernel code: the message on
 * stderr, then abort(), which the sanitizers and the runner report. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "host_panic.h"
#include "kernel/panic.h"

void (*host_panic_hook)(void);

void kernel_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (host_panic_hook)
		host_panic_hook();
	fprintf(stderr, "PANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
