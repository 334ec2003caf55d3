/*
 * ktest: the test harness shared by host unit tests and target images.
 *
 * A test program calls ktest_run() for each case and returns
 * ktest_finish().  Output, read by tools/run_tests.py:
 *
 *   PASS <case>
 *   FAIL <case>: <file>:<line>: <what>
 *   KTEST DONE passed=<n> failed=<n>
 *
 * A failed check marks the case failed and the case goes on, so one run
 * shows every broken check.  A program that dies before KTEST DONE is a
 * failure of the whole image.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdbool.h>

void ktest_run(const char *name, void (*fn)(void));
int ktest_finish(void);

bool ktest_check(bool ok, const char *what, const char *file, int line);
bool ktest_check_eq(long long actual, long long expected, const char *actual_text,
		    const char *expected_text, const char *file, int line);

#define CHECK(cond) ktest_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(actual, expected)                                                      \
	ktest_check_eq((long long)(actual), (long long)(expected), #actual, #expected, \
		       __FILE__, __LINE__)

#endif
