/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the user library's formatter (user/uformat.c).
 *
 * For every format both the host's snprintf and uvformat run with the same
 * arguments, first into a big buffer and then at every cap from 0 to one
 * past the full length, each into a buffer prefilled with a guard byte:
 * the return values, the text and every byte after the cap must match.
 * What the host's printf does differently by design (%p of NULL, the
 * unsupported conversions, widths past INT_MAX) is checked against fixed
 * text.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kestrel/uformat.h"
#include "ktest.h"

#define BUF 600
#define GUARD 0x7e

static char want[BUF], got[BUF];

/* Runs fmt through both at one cap; false (with a line of detail) if they
 * differ. */
static bool same_at_cap(const char *fmt, size_t cap, va_list ap)
{
	va_list a1, a2;

	memset(want, GUARD, sizeof(want));
	memset(got, GUARD, sizeof(got));
	va_copy(a1, ap);
	va_copy(a2, ap);
	int want_n = vsnprintf(cap > 0 ? want : NULL, cap, fmt, a1);
	int got_n = uvformat(cap > 0 ? got : NULL, cap, fmt, a2);
	va_end(a1);
	va_end(a2);

	if (want_n == got_n && memcmp(want, got, sizeof(want)) == 0)
		return true;
	want[BUF - 1] = got[BUF - 1] = '\0';
	printf("  format \"%s\" cap %zu: libc %d \"%s\", uformat %d \"%s\"\n", fmt, cap, want_n,
	       cap > 0 ? want : "", got_n, cap > 0 ? got : "");
	return false;
}

static bool same_as_libc(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool same_as_libc(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = same_at_cap(fmt, BUF, ap);
	int full = uvformat(NULL, 0, fmt, ap);
	va_end(ap);
	/* Every truncation, and one cap past the end (no truncation). */
	for (size_t cap = 0; ok && full >= 0 && cap <= (size_t)full + 1 && cap < BUF; cap++) {
		va_start(ap, fmt);
		ok = same_at_cap(fmt, cap, ap);
		va_end(ap);
	}
	return ktest_check(ok, fmt, file, line);
}

#define SAME(...) same_as_libc(__FILE__, __LINE__, __VA_ARGS__)

/* uformat's text only, for what has no libc counterpart to compare. */
static const char *text(int *n, const char *fmt, ...)
{
	va_list ap;

	memset(got, GUARD, sizeof(got));
	va_start(ap, fmt);
	*n = uvformat(got, BUF, fmt, ap);
	va_end(ap);
	return got;
}

static void test_signed(void)
{
	SAME("%d", 0);
	SAME("%d %d %d", 1, -1, 42);
	SAME("%d", INT_MIN);
	SAME("%d", INT_MAX);
	SAME("%i|%i", -42, 7);
	SAME("%ld %ld %ld", LONG_MIN, LONG_MAX, 0l);
	SAME("%lld", LLONG_MIN);
	SAME("%lld %lli", LLONG_MAX, -1ll);
	SAME("%hd %hd %hd", 70000, -32768, 32767);
	SAME("%hhd %hhd %hhd %hhd", 300, -128, 127, 255);
	SAME("%zd %zd", (ptrdiff_t)-5, (ptrdiff_t)PTRDIFF_MAX);
}

static void test_unsigned_and_hex(void)
{
	SAME("%u %u %u", 0u, 1u, UINT_MAX);
	SAME("%x %X %x", 0xdeadbeefu, 0xdeadbeefu, 0u);
	SAME("%lu %lx %lX", ULONG_MAX, ULONG_MAX, 0x123456789abcdeful);
	SAME("%llu %llx %llX", ULLONG_MAX, ULLONG_MAX, 0xfedcba9876543210ull);
	SAME("%llu", 4294967296ull); /* the first value past 32 bits */
	SAME("%llu", 10000000000000000000ull);
	SAME("%hu %hx %hX", 70000u, 65535u, 0x1abcdu);
	SAME("%hhu %hhx %hhX", 300u, 511u, 0xabu);
	SAME("%zu %zx", SIZE_MAX, (size_t)4096);
}

static void test_widths_and_flags(void)
{
	SAME("[%5d|%-5d|%05d]", 42, 42, 42);
	SAME("[%5d|%-5d|%05d]", -42, -42, -42);
	SAME("[%5d|%-5d|%05d|%1d|%01d]", 0, 0, 0, 0, 0);
	SAME("[%3d|%012d|%-12d]", INT_MIN, INT_MIN, INT_MIN);
	SAME("[%025lld|%-25lld|%25lld]", LLONG_MIN, LLONG_MIN, LLONG_MIN);
	SAME("[%08x|%-8X|%8x|%08u]", 0xbeefu, 0xbeefu, 0u, 7u);
	SAME("[%020llx|%2llx]", ULLONG_MAX, 0x123ull);
	SAME("[%300d]", -7);
	SAME("[%0300u]", 7u);
	/* '0' and '-' together: '-' wins, in either order (a format gcc
	 * would warn about, so not a literal). */
	const char *both = "[%-05d|%0-5d|%-0-05x]";
	SAME(both, 42, -42, 0xabu);
}

static void test_strings_chars_percent(void)
{
	SAME("%s", "hello");
	SAME("[%10s|%-10s|%2s|%s]", "hi", "hi", "hello", "");
	SAME("[%5s|%-5s]", "", "");
	SAME("%c%c%c", 'a', 'b', 0x7f);
	SAME("[%3c|%-3c|%c]", 'x', 'y', 0xe9);
	SAME("%%");
	SAME("100%% of %d%%", 5);
	SAME("no conversions at all");
	SAME("%s=%d (%x), %c%c %5s|%-4u|%%", "key", -3, 0x1fu, 'o', 'k', "tail", 9u);

	const char *volatile nothing = NULL;
	int n;
	CHECK(strcmp(text(&n, "[%s|%8s|%-8s]", nothing, nothing, nothing),
		     "[(null)|  (null)|(null)  ]") == 0);
	CHECK_EQ(n, 26);
	const char *empty = "";
	CHECK(strcmp(text(&n, empty), "") == 0);
	CHECK_EQ(n, 0);
}

static void test_pointer(void)
{
	int local;

	SAME("%p", (void *)0x1234);
	SAME("%p", (void *)&local);
	SAME("[%24p|%-24p]", (void *)&local, (void *)&local);
	SAME("%p", (void *)UINTPTR_MAX);

	/* NULL: glibc prints "(nil)", newlib "0x0"; uformat as newlib. */
	int n;
	CHECK(strcmp(text(&n, "%p|%5p|%-5p|", NULL, NULL, NULL), "0x0|  0x0|0x0  |") == 0);
	CHECK_EQ(n, 16);
	/* '0' is not honoured for %p (C leaves it undefined): spaces. */
	const char *zero_pad = "[%06p]";
	CHECK(strcmp(text(&n, zero_pad, (void *)0x1f), "[  0x1f]") == 0);
}

static void test_truncation(void)
{
	char buf[8];

	/* Measuring only: NULL buffer, any cap. */
	CHECK_EQ(uformat(NULL, 0, "%d-%s", 12345, "abc"), 9);
	CHECK_EQ(uformat(NULL, 100, "%d-%s", 12345, "abc"), 9);

	memset(buf, GUARD, sizeof(buf));
	CHECK_EQ(uformat(buf, 0, "%d", 123), 3);
	CHECK_EQ(buf[0], GUARD);
	CHECK_EQ(uformat(buf, 1, "%d", 123), 3);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], GUARD);
	CHECK_EQ(uformat(buf, 3, "%d", 123), 3);
	CHECK(strcmp(buf, "12") == 0);
	CHECK_EQ(uformat(buf, 4, "%d", 123), 3);
	CHECK(strcmp(buf, "123") == 0);
	CHECK_EQ(buf[4], GUARD);
	/* A long padded field into a small buffer. */
	CHECK_EQ(uformat(buf, sizeof(buf), "%-40s|", "ab"), 41);
	CHECK(memcmp(buf, "ab     \0", 8) == 0);
}

/* uvformat without the format attribute, for formats gcc's own overflow
 * checks would stop at compile time. */
static int unchecked(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uvformat(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

static void test_huge_widths(void)
{
	char buf[8];

	/* A field of INT_MAX characters is counted, not written; one more
	 * character does not fit in the int result. */
	CHECK_EQ(unchecked(NULL, 0, "%2147483647d", 1), INT_MAX);
	CHECK_EQ(unchecked(buf, sizeof(buf), "%2147483646d", 5), INT_MAX - 1);
	CHECK(strcmp(buf, "       ") == 0);
	CHECK_EQ(unchecked(buf, sizeof(buf), "%-2147483647d", 5), INT_MAX);
	CHECK(strcmp(buf, "5      ") == 0);
	CHECK_EQ(unchecked(buf, sizeof(buf), "%2147483647d%d", 1, 2), -1);
	CHECK_EQ(buf[7], '\0');
	CHECK_EQ(unchecked(NULL, 0, "%2147483647d%2147483647d%2147483647d", 1, 2, 3), -1);
	/* Widths past INT_MAX saturate instead of wrapping round. */
	CHECK_EQ(unchecked(NULL, 0, "%99999999999999999999d", 1), INT_MAX);
	CHECK_EQ(unchecked(NULL, 0, "%4294967297d", 1), INT_MAX);
}

static void test_unsupported_shown_as_written(void)
{
	/* Formats gcc would reject, so through a variable. */
	const char *f;
	int n;

	f = "[%q]";
	CHECK(strcmp(text(&n, f), "[%q]") == 0);
	CHECK_EQ(n, 4);
	f = "[%.3d]";
	CHECK(strcmp(text(&n, f, 5), "[%.3d]") == 0);
	f = "[%+d]";
	CHECK(strcmp(text(&n, f, 5), "[%+d]") == 0);
	f = "[%ls|%lc|%hp]";
	CHECK(strcmp(text(&n, f), "[%ls|%lc|%hp]") == 0);
	f = "[%f]";
	CHECK(strcmp(text(&n, f, 1.5), "[%f]") == 0);
	f = "%05-";
	CHECK(strcmp(text(&n, f), "%05-") == 0);
	f = "ends in %";
	CHECK(strcmp(text(&n, f), "ends in %") == 0);
	CHECK_EQ(n, 9);
	f = "ends in %-08l";
	CHECK(strcmp(text(&n, f), "ends in %-08l") == 0);
	/* A known conversion after an unknown one still works. */
	f = "%y%d";
	CHECK(strcmp(text(&n, f, 12), "%y12") == 0);
}

int main(void)
{
	ktest_run("uformat.signed", test_signed);
	ktest_run("uformat.unsigned_and_hex", test_unsigned_and_hex);
	ktest_run("uformat.widths_and_flags", test_widths_and_flags);
	ktest_run("uformat.strings_chars_percent", test_strings_chars_percent);
	ktest_run("uformat.pointer", test_pointer);
	ktest_run("uformat.truncation", test_truncation);
	ktest_run("uformat.huge_widths", test_huge_widths);
	ktest_run("uformat.unsupported_shown_as_written", test_unsupported_shown_as_written);
	return ktest_finish();
}
