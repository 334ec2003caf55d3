/* SPDX-License-Identifier: MIT */
/*
 * What the kernel does to make newlib safe for threads.  Debian's newlib
 * is built without retargetable locks, so:
 *
 *  - the heap: newlib calls __malloc_lock/__malloc_unlock around every
 *    malloc and free; they take a recursive mutex (with inheritance);
 *  - errno: there is one struct _reent, whose _errno field the switch
 *    saves into the outgoing thread and loads from the incoming one, so
 *    each thread sees its own errno (newlib's own _r functions included);
 *  - console output: printf, puts, putchar, fputs, fputc, putc, fwrite,
 *    fprintf, vprintf, vfprintf, fflush and perror are wrapped at link
 *    time (-Wl,--wrap) so that each call holds a recursive console mutex
 *    for its whole length; stdout is line-buffered, so a line printed by
 *    one call reaches the UART in one piece, never interleaved with
 *    another thread's output.
 *
 * Limits: a line assembled from several calls can have another thread's
 * line printed between its parts.  Heap and stdio calls from interrupt
 * handlers are not safe (no lock can be waited for there); handlers print
 * with kprintf.
 */
#ifndef KERNEL_LIBC_H
#define KERNEL_LIBC_H

#include <reent.h>

#include "kernel/thread.h"

/* Creates the heap and console mutexes.  Called once at boot. */
void libc_init(void);

/* stdout's line buffer: by default the BUFSIZ (1 KiB) one newlib takes
 * from the heap at the first output; with CONFIG_STDOUT_BUFFER_BYTES, a
 * static one of that size, for a board with little RAM (the micro:bit).
 * Called at boot before anything is printed. */
#ifndef CONFIG_STDOUT_BUFFER_BYTES
#define CONFIG_STDOUT_BUFFER_BYTES 0
#endif
void libc_stdout_init(void);

/* Writes len bytes to the console under the console lock, after what
 * stdio has buffered (SYS_WRITE).  Context: thread. */
void libc_console_write(const char *buf, size_t len);

/* Moves errno from the outgoing thread to the incoming one.
 * Context: the switch, kernel lock held. */
static inline void libc_switch_errno(struct thread *prev, struct thread *next)
{
	prev->saved_errno = _REENT->_errno;
	_REENT->_errno = next->saved_errno;
}

#endif
