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

bool ktest_check(bool ok, const char *what, const char *file, int line)
{
	if (!ok) {
		printf("FAIL %s: %s:%d: CHECK(%s)\n", current_case ? current_case : "?", file, line,
		       what);
		current_failed = true;
	}
	return ok;
}

bool ktest_check_eq(long long actual, long long expected, const char *actual_text,
		    const char *expected_text, const char *file, int line)
{
	if (actual != expected) {
		printf("FAIL %s: %s:%d: CHECK_EQ(%s, %s): %lld != %lld\n",
		       current_case ? current_case : "?", file, line, actual_text, expected_text,
		       actual, expected);
		current_failed = true;
	}
	return actual == expected;
}
