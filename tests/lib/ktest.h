/* SPDX-License-Identifier: MIT */
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
 * or, from a program that cannot run here, only "KTEST SKIP: <why>".
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

/* For a program that cannot run on this core or board (a hardware
 * feature it tests is missing): prints "KTEST SKIP: <why>" and returns 0
 * for main to return, instead of running any case.  The runner counts
 * the program as skipped, neither passed nor failed, and fails it if it
 * printed anything else of the protocol or exited non-zero. */
int ktest_skip(const char *why);

bool ktest_check(bool ok, const char *what, const char *file, int line);
bool ktest_check_eq(long long actual, long long expected, const char *actual_text,
		    const char *expected_text, const char *file, int line);

#define CHECK(cond) ktest_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(actual, expected)                                                      \
	ktest_check_eq((long long)(actual), (long long)(expected), #actual, #expected, \
		       __FILE__, __LINE__)

#endif
