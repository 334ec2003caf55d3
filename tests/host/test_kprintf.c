/* SPDX-License-Identifier: MIT */
/* Host tests of kprintf's formatting, with the console captured. */
#include <stdio.h>
#include <string.h>

#include "kernel/kprintf.h"
#include "ktest.h"

static char out[256];
static size_t out_len;

void board_console_putc(char c)
{
	if (out_len + 1 < sizeof(out))
		out[out_len++] = c;
	out[out_len] = '\0';
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	va_list ap;

	out_len = 0;
	out[0] = '\0';
	va_start(ap, f);
	kvprintf(f, ap);
	va_end(ap);
	return out;
}

static void test_integers(void)
{
	CHECK(strcmp(fmt("%d %i %u", -42, 7, 4000000000u), "-42 7 4000000000") == 0);
	CHECK(strcmp(fmt("%ld", -2147483647l - 1), "-2147483648") == 0);
	CHECK(strcmp(fmt("%x %X %08lx", 0xbeefu, 0xbeefu, 0x1234ul), "beef BEEF 00001234") == 0);
	CHECK(strcmp(fmt("%d", 0), "0") == 0);
}

static void test_widths(void)
{
	CHECK(strcmp(fmt("[%5d]", 42), "[   42]") == 0);
	CHECK(strcmp(fmt("[%-5d]", 42), "[42   ]") == 0);
	CHECK(strcmp(fmt("[%05d]", -42), "[-0042]") == 0);
	CHECK(strcmp(fmt("[%-6s|%3s]", "ab", "abcd"), "[ab    |abcd]") == 0);
}

static void test_strings_and_chars(void)
{
	CHECK(strcmp(fmt("%s %c %%", "hi", 'x'), "hi x %") == 0);
	const char *volatile nothing = NULL;

	CHECK(strcmp(fmt("%s", nothing), "(null)") == 0);
}

static void test_pointer(void)
{
	CHECK(strcmp(fmt("%p", (void *)0x1000), "0x00001000") == 0);
}

int main(void)
{
	ktest_run("kprintf.integers", test_integers);
	ktest_run("kprintf.widths", test_widths);
	ktest_run("kprintf.strings_and_chars", test_strings_and_chars);
	ktest_run("kprintf.pointer", test_pointer);
	return ktest_finish();
}
