/* SPDX-License-Identifier: MIT */
/*
 * uformat: snprintf for user processes, which may not call newlib's
 * stdio (it keeps state in kernel-owned globals).  It formats into the
 * caller's buffer only: no allocation, no global state, no libc, so it
 * is safe from any thread and any number of them at once.
 *
 * Conversions: %d %i %u %x %X %p %s %c and %%.
 * Flags: '-' (left-justify) and '0' (pad numbers with zeros after the
 * sign; ignored with '-'; %s, %c and %p always pad with spaces), in any
 * order, then a decimal field width.
 * Lengths: hh h l ll, and z (size_t) for the integer conversions.
 * %s of NULL prints "(null)"; %p prints "0x" and the address in lower
 * case hex ("0x0" for NULL).
 *
 * Not supported: precision, '*' widths, the '+' ' ' '#' flags, floating
 * point and %n.  A conversion using them, or any unknown one, is copied
 * to the output as written, from the '%' up to the character that was
 * not understood, so the mistake shows in the text.  Its argument is not
 * taken, so later conversions in the same call see the wrong ones.
 */
#ifndef KESTREL_UFORMAT_H
#define KESTREL_UFORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Formats fmt with the arguments in ap, writing at most cap - 1
 * characters of the output to buf and a NUL after them when cap > 0.  A
 * NULL buf counts as cap 0: nothing is stored, the length is measured.
 * Returns: the length the whole output has, not counting the NUL, so a
 * result >= cap means it was truncated; -1 if that length exceeds
 * INT_MAX. */
int uvformat(char *buf, size_t cap, const char *fmt, va_list ap);

/* As uvformat, with the arguments in line. */
__attribute__((format(printf, 3, 4))) int uformat(char *buf, size_t cap, const char *fmt, ...);

#endif
