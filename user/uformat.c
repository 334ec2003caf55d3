/* SPDX-License-Identifier: MIT */
/*
 * uformat: bounded formatting into a caller's buffer (see uformat.h).
 *
 * Output goes through struct out, which stores what fits and counts
 * everything, so truncation needs no second pass: the count is the
 * return value whatever cap was.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kestrel/uformat.h"

/* The count stops here: anything longer is reported as -1. */
#define LEN_LIMIT ((size_t)INT_MAX + 1)

struct out {
	char *buf;
	size_t cap;
	size_t len; /* characters produced so far, at most LEN_LIMIT */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z };

struct spec {
	bool left; /* '-' */
	bool zero; /* '0' */
	size_t width;
	enum length length;
};

/* Room left before the byte kept for the NUL. */
static size_t room(const struct out *o)
{
	return o->cap > o->len + 1 && o->len < LEN_LIMIT ? o->cap - 1 - o->len : 0;
}

static void count(struct out *o, size_t n)
{
	o->len = n > LEN_LIMIT - o->len ? LEN_LIMIT : o->len + n;
}

static void put_run(struct out *o, const char *s, size_t n)
{
	size_t fit = room(o) < n ? room(o) : n;

	for (size_t i = 0; i < fit; i++)
		o->buf[o->len + i] = s[i];
	count(o, n);
}

/* n copies of c; n may be huge (a width of INT_MAX), so only what fits
 * is written and the rest just counted. */
static void put_fill(struct out *o, char c, size_t n)
{
	size_t fit = room(o) < n ? room(o) : n;

	for (size_t i = 0; i < fit; i++)
		o->buf[o->len + i] = c;
	count(o, n);
}

/* A field: prefix ("-", "0x") and body, padded to the width.  Zero
 * padding, for the conversions that take it (numbers), goes between the
 * prefix and the body, as printf's does. */
static void put_field(struct out *o, const struct spec *sp, bool zero_ok, const char *prefix,
		      size_t prefix_len, const char *body, size_t body_len)
{
	size_t used = prefix_len + body_len;
	size_t fill = sp->width > used ? sp->width - used : 0;
	bool zero = zero_ok && sp->zero && !sp->left;

	if (!sp->left && !zero)
		put_fill(o, ' ', fill);
	put_run(o, prefix, prefix_len);
	if (zero)
		put_fill(o, '0', fill);
	put_run(o, body, body_len);
	if (sp->left)
		put_fill(o, ' ', fill);
}

/* Digits of v written backwards ending at end; returns how many.
 * Hex by shifts; decimal works in 32 bits once the value fits, which
 * keeps the 64-bit division helper out of the common case. */
static size_t format_unsigned(char *end, unsigned long long v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	if (base == 16) {
		do {
			*--p = digits[v & 15];
			v >>= 4;
		} while (v != 0);
		return (size_t)(end - p);
	}
	while (v > UINT32_MAX) {
		*--p = digits[v % 10];
		v /= 10;
	}
	uint32_t v32 = (uint32_t)v;
	do {
		*--p = digits[v32 % 10];
		v32 /= 10;
	} while (v32 != 0);
	return (size_t)(end - p);
}

/* The argument of a signed conversion, widened; the narrow lengths are
 * passed as int and cut back to their type, as printf does. */
static long long get_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return va_arg(*ap, ptrdiff_t); /* the signed size_t */
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long get_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static size_t string_length(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* Flags, width and length of the conversion after a '%'; returns where
 * the conversion character is. */
static const char *parse_spec(const char *f, struct spec *sp)
{
	sp->left = false;
	sp->zero = false;
	sp->width = 0;
	sp->length = LEN_NONE;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	/* Saturates: a wider field could not be counted in an int anyway. */
	for (; *f >= '0' && *f <= '9'; f++) {
		unsigned d = (unsigned)(*f - '0');
		sp->width = sp->width > (INT_MAX - d) / 10 ? INT_MAX : sp->width * 10 + d;
	}
	if (f[0] == 'h') {
		sp->length = f[1] == 'h' ? LEN_HH : LEN_H;
		f += f[1] == 'h' ? 2 : 1;
	} else if (f[0] == 'l') {
		sp->length = f[1] == 'l' ? LEN_LL : LEN_L;
		f += f[1] == 'l' ? 2 : 1;
	} else if (f[0] == 'z') {
		sp->length = LEN_Z;
		f++;
	}
	return f;
}

/* Formats one conversion; returns false for one it does not know. */
static bool convert(struct out *o, const struct spec *sp, char conv, va_list *ap)
{
	char digits[24]; /* 64 bits: 20 decimal or 16 hex digits */
	char *end = digits + sizeof(digits);
	size_t n;

	if (sp->length != LEN_NONE && conv != 'd' && conv != 'i' && conv != 'u' && conv != 'x' &&
	    conv != 'X')
		return false; /* %lc, %ls, %hp...: not handled */

	switch (conv) {
	case 'd':
	case 'i': {
		long long v = get_signed(ap, sp->length);
		/* Negated unsigned, so LLONG_MIN has a magnitude too. */
		unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
		n = format_unsigned(end, mag, 10, false);
		put_field(o, sp, true, "-", v < 0 ? 1 : 0, end - n, n);
		return true;
	}
	case 'u':
	case 'x':
	case 'X':
		n = format_unsigned(end, get_unsigned(ap, sp->length), conv == 'u' ? 10 : 16,
				    conv == 'X');
		put_field(o, sp, true, "", 0, end - n, n);
		return true;
	case 'p':
		n = format_unsigned(end, (uintptr_t)va_arg(*ap, void *), 16, false);
		put_field(o, sp, false, "0x", 2, end - n, n);
		return true;
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";
		put_field(o, sp, false, "", 0, s, string_length(s));
		return true;
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);
		put_field(o, sp, false, "", 0, &c, 1);
		return true;
	}
	case '%':
		put_run(o, "%", 1);
		return true;
	default:
		return false;
	}
}

int uvformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .cap = buf != NULL ? cap : 0, .len = 0 };
	va_list args;

	/* A copy, so the helpers can take its address whatever va_list's
	 * type is (an array type on some ABIs). */
	va_copy(args, ap);
	while (*fmt != '\0') {
		const char *text = fmt;
		while (*fmt != '\0' && *fmt != '%')
			fmt++;
		put_run(&o, text, (size_t)(fmt - text));
		if (*fmt == '\0')
			break;

		struct spec sp;
		const char *conv = parse_spec(fmt + 1, &sp);
		if (convert(&o, &sp, *conv, &args)) {
			fmt = conv + 1;
		} else {
			/* Shown as written, up to the character not understood. */
			const char *stop = *conv != '\0' ? conv + 1 : conv;
			put_run(&o, fmt, (size_t)(stop - fmt));
			fmt = stop;
		}
	}
	va_end(args);

	if (o.cap > 0)
		o.buf[o.len < o.cap ? o.len : o.cap - 1] = '\0';
	return o.len < LEN_LIMIT ? (int)o.len : -1;
}

int uformat(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uvformat(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}
