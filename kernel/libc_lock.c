/* SPDX-License-Identifier: MIT */
/*
 * newlib made safe for threads: the heap lock and the console lock (see
 * kernel/libc.h for what is covered and the limits).
 *
 * Both locks are no-ops before the scheduler starts (one thread of
 * control) and in interrupt handlers (which must not wait).
 */
#include <stdarg.h>
#include <stdio.h>
#include <sys/reent.h>

#include "kernel/libc.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/sched.h"

static struct mutex heap_lock;
static struct mutex console_lock;

#if CONFIG_STDOUT_BUFFER_BYTES
static char stdout_buffer[CONFIG_STDOUT_BUFFER_BYTES];
#endif

void libc_stdout_init(void)
{
#if CONFIG_STDOUT_BUFFER_BYTES
	/* newlib-nano makes its streams at their first use (stdout is a
	 * placeholder until then), from the heap: with no room for them,
	 * nothing will print, and the placeholder must not be touched. */
	_REENT_SMALL_CHECK_INIT(_REENT);
	if (stdout != NULL && stdout->_flags != 0)
		setvbuf(stdout, stdout_buffer, _IOLBF, sizeof(stdout_buffer));
#endif
}

void libc_init(void)
{
	mutex_init(&heap_lock, MUTEX_RECURSIVE);
	mutex_init(&console_lock, MUTEX_RECURSIVE);
}

static bool may_lock(void)
{
	return sched_self() != NULL && !arch_in_isr();
}

void __malloc_lock(struct _reent *reent)
{
	(void)reent;
	if (may_lock())
		mutex_lock(&heap_lock, TIMEOUT_FOREVER);
}

void __malloc_unlock(struct _reent *reent)
{
	(void)reent;
	if (may_lock())
		mutex_unlock(&heap_lock);
}

static void console_enter(void)
{
	if (may_lock())
		mutex_lock(&console_lock, TIMEOUT_FOREVER);
}

static void console_leave(void)
{
	if (may_lock())
		mutex_unlock(&console_lock);
}

int __real_fflush(FILE *f);
int _write(int fd, const char *buf, int len);

void libc_console_write(const char *buf, size_t len)
{
	console_enter();
	__real_fflush(stdout); /* what printf buffered comes first */
	_write(1, buf, (int)len);
	console_leave();
}

/* The wrapped stdio calls: each takes the console lock around the real
 * one (__real_X is newlib's X, see -Wl,--wrap in the Makefile). */
int __real_vprintf(const char *fmt, va_list ap);
int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
int __real_puts(const char *s);
int __real_putchar(int c);
int __real_fputs(const char *s, FILE *f);
int __real_fputc(int c, FILE *f);
int __real_putc(int c, FILE *f);
size_t __real_fwrite(const void *p, size_t size, size_t n, FILE *f);
int __real_fflush(FILE *f);
void __real_perror(const char *s);

int __wrap_vprintf(const char *fmt, va_list ap)
{
	console_enter();
	int n = __real_vprintf(fmt, ap);
	console_leave();
	return n;
}

int __wrap_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = __wrap_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	console_enter();
	int n = __real_vfprintf(f, fmt, ap);
	console_leave();
	return n;
}

int __wrap_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = __wrap_vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int __wrap_puts(const char *s)
{
	console_enter();
	int n = __real_puts(s);
	console_leave();
	return n;
}

int __wrap_putchar(int c)
{
	console_enter();
	int n = __real_putchar(c);
	console_leave();
	return n;
}

int __wrap_fputs(const char *s, FILE *f)
{
	console_enter();
	int n = __real_fputs(s, f);
	console_leave();
	return n;
}

int __wrap_fputc(int c, FILE *f)
{
	console_enter();
	int n = __real_fputc(c, f);
	console_leave();
	return n;
}

int __wrap_putc(int c, FILE *f)
{
	console_enter();
	int n = __real_putc(c, f);
	console_leave();
	return n;
}

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	console_enter();
	size_t written = __real_fwrite(p, size, n, f);
	console_leave();
	return written;
}

int __wrap_fflush(FILE *f)
{
	console_enter();
	int n = __real_fflush(f);
	console_leave();
	return n;
}

void __wrap_perror(const char *s)
{
	console_enter();
	__real_perror(s);
	console_leave();
}
