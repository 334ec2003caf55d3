/* SPDX-License-Identifier: MIT */
/* ktest: see ktest.h for the output format. */
#include <stdio.h>

#include "ktest.h"

static const char *current_case;
static bool current_failed;
static int passed, failed;

void ktest_run(const char *name, void (*fn)(void))
{
	current_case = name;
	current_failed = false;
	fn();
	if (current_failed) {
		failed++;
	} else {
		passed++;
		printf("PASS %s\n", name);
	}
	fflush(stdout);
	current_case = NULL;
}

int ktest_finish(void)
{
	printf("KTEST DONE passed=%d failed=%d\n", passed, failed);
	fflush(stdout);
	return failed == 0 ? 0 : 1;
}

int ktest_skip(const char *why)
{
	printf("KTEST SKIP: %s\n", why);
	fflush(stdout);
	return 0;
}

bool ktest_check(bool ok, const char *what, const char *file, int line)
{
	if (!ok) {
		printf("FAIL %s: %s:%d: CHECK(%s)\n", current_case ? current_case : "?", file, line,
		       what);
		current_failed = true;
	}
	return ok;
}

/* Decimal text of v in buf (at least 21 bytes).  By hand: newlib-nano's
 * printf has no %lld. */
static const char *decimal(long long v, char *buf)
{
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	char *p = buf + 20;

	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

bool ktest_check_eq(long long actual, long long expected, const char *actual_text,
		    const char *expected_text, const char *file, int line)
{
	if (actual != expected) {
		char a[21], e[21];

		printf("FAIL %s: %s:%d: CHECK_EQ(%s, %s): %s != %s\n",
		       current_case ? current_case : "?", file, line, actual_text, expected_text,
		       decimal(actual, a), decimal(expected, e));
		current_failed = true;
	}
	return actual == expected;
}
