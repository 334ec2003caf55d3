/* SPDX-License-Identifier: MIT */
/*
 * kprintf: the kernel's own formatted output, straight to the console
 * UART.  It allocates nothing, takes no lock and never blocks on anything
 * but the UART, so panics and fault reports can use it from any state.
 * Supports %c %s %d %i %u %x %X %p and %%, with an optional '-' or '0'
 * flag, a field width and an 'l' length.
 */
#ifndef KERNEL_KPRINTF_H
#define KERNEL_KPRINTF_H

#include <stdarg.h>

__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);

#endif
