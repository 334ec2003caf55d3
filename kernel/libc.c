/* SPDX-License-Identifier: MIT */
/*
 * newlib's system calls: the C library's only way out of the image.
 *
 *   _write   stdout/stderr to the console UART, "\n" sent as "\r\n"
 *   _read    stdin from the console (EOF where the UART cannot receive):
 *            waiting for the first byte, a thread sleeps in console_getc
 *            (kernel/console.c) until the UART's receive interrupt wakes
 *            it, with no polling; the rest of the line is taken as far as
 *            it has come.  Before the scheduler starts, and in an
 *            interrupt handler, where nothing can wait, it spins.
 *   _sbrk    the heap between __heap_start and __heap_end (linker); growing
 *            past the end fails with ENOMEM and leaves the break unchanged
 *   _exit    ends the system: QEMU exits with the status (semihosting)
 *
 * The rest report "no such thing" with the errno a host C library would.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "arch.h"
#include "board.h"
#include "kernel/console.h"
#include "kernel/thread.h"

extern char __heap_start[], __heap_end[];

static char *heap_break = __heap_start;

static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _write(int fd, const char *buf, int len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	for (int i = 0; i < len; i++) {
		if (buf[i] == '\n')
			board_console_putc('\r');
		board_console_putc(buf[i]);
	}
	return len;
}

int _read(int fd, char *buf, int len)
{
	int n = 0;

	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	if (!board_info.console_can_receive || len <= 0)
		return 0;
	bool can_wait = thread_self() != NULL && !arch_in_isr();
	while (n < len) {
		int c = console_getc(n == 0 && can_wait ? TIMEOUT_FOREVER : TIMEOUT_NO_WAIT);
		if (c < 0) {
			if (n > 0)
				break;
			continue; /* nothing can wait here: spin */
		}
		buf[n++] = (char)(c == '\r' ? '\n' : c);
		if (c == '\r' || c == '\n')
			break;
	}
	return n;
}

void *_sbrk(ptrdiff_t increment)
{
	char *old = heap_break;

	if (increment > __heap_end - heap_break || increment < __heap_start - heap_break) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_break += increment;
	return old;
}

void _exit(int status)
{
	arch_halt(status);
}

int _close(int fd)
{
	errno = is_console(fd) ? EINVAL : EBADF;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	if (is_console(fd))
		return 1;
	errno = EBADF;
	return 0;
}

int _lseek(int fd, int offset, int whence)
{
	(void)offset;
	(void)whence;
	errno = is_console(fd) ? ESPIPE : EBADF;
	return -1;
}

int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = EINVAL;
	return -1;
}

/* __libc_init_array calls these; with -nostartfiles there is no crti.o. */
void _init(void)
{
}

void _fini(void)
{
}
