/* SPDX-License-Identifier: MIT */
/* kprintf: lock-free, allocation-free console formatting (see kprintf.h). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "kernel/kprintf.h"

static void put_padded(const char *s, unsigned len, unsigned width, bool left, char pad)
{
	unsigned fill = width > len ? width - len : 0;

	if (!left)
		while (fill-- > 0)
			board_console_putc(pad);
	while (len-- > 0)
		board_console_putc(*s++);
	if (left)
		while (fill-- > 0)
			board_console_putc(' ');
}

static unsigned format_unsigned(char *end, unsigned long value, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		*--p = digits[value % base];
		value /= base;
	} while (value != 0);
	return (unsigned)(end - p);
}

void kvprintf(const char *fmt, va_list ap)
{
	char buf[24];
	char *end = buf + sizeof(buf);

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			board_console_putc(*fmt);
			continue;
		}
		bool left = false, is_long = false;
		char pad = ' ';
		unsigned width = 0;

		fmt++;
		if (*fmt == '-') {
			left = true;
			fmt++;
		} else if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		if (*fmt == 'l') {
			is_long = true;
			fmt++;
		}

		unsigned len;
		switch (*fmt) {
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			put_padded(buf, 1, width, left, ' ');
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			for (len = 0; s[len] != '\0'; len++)
				;
			put_padded(s, len, width, left, ' ');
			break;
		}
		case 'd':
		case 'i': {
			long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
			unsigned long mag = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
			len = format_unsigned(end, mag, 10, false);
			if (v < 0 && pad == '0') {
				board_console_putc('-');
				width = width > 0 ? width - 1 : 0;
			} else if (v < 0) {
				end[-(int)++len] = '-';
			}
			put_padded(end - len, len, width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			unsigned long v = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			len = format_unsigned(end, v, *fmt == 'u' ? 10 : 16, *fmt == 'X');
			put_padded(end - len, len, width, left, pad);
			break;
		}
		case 'p':
			board_console_putc('0');
			board_console_putc('x');
			len = format_unsigned(end, (uintptr_t)va_arg(ap, void *), 16, false);
			put_padded(end - len, len, 8, false, '0');
			break;
		case '%':
			board_console_putc('%');
			break;
		case '\0':
			return;
		default:
			board_console_putc('%');
			board_console_putc(*fmt);
			break;
		}
	}
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
