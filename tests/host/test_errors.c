/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the error codes and their names (kernel/errors.c).
 *
 * The list of codes is read from errors.h itself (its path comes from
 * host.mk as ERRORS_HEADER), so a code added to the header without a name
 * in errors.c fails here without this file being touched.  A few codes
 * are also checked through the compiler's enum, so the reading cannot
 * drift from what the compiler sees.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kernel/errors.h"
#include "ktest.h"

#ifndef ERRORS_HEADER
#error "host.mk must define ERRORS_HEADER, the path of kernel/errors.h"
#endif

#define MAX_CODES 128

static struct code {
	char name[64];
	int value;
} codes[MAX_CODES];
static int n_codes;
static bool header_read;

/*
 * Collects each "ERR_X = <int>" of the enum in errors.h (comments removed,
 * split at commas).  An enumerator without an explicit value fails the
 * check: error_name()'s table relies on the values, so the header spells
 * each one out.
 */
static bool read_header(void)
{
	static char text[16384];
	FILE *f = fopen(ERRORS_HEADER, "r");
	size_t len;
	char *body, *end, *item;
	bool ok = true;

	if (!CHECK(f != NULL))
		return false;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	if (!CHECK(len < sizeof(text) - 1))
		return false;
	body = strstr(text, "enum kernel_error {");
	if (!CHECK(body != NULL))
		return false;
	body += strlen("enum kernel_error {");
	end = strstr(body, "};");
	if (!CHECK(end != NULL))
		return false;
	*end = '\0';
	/* Blank out the comments, which hold commas and identifiers too. */
	for (char *c = strstr(body, "/*"); c != NULL; c = strstr(c, "/*")) {
		char *close = strstr(c + 2, "*/");

		if (!CHECK(close != NULL))
			return false;
		memset(c, ' ', (size_t)(close + 2 - c));
	}
	for (item = strtok(body, ","); item != NULL; item = strtok(NULL, ",")) {
		char trailing;

		if (item[strspn(item, " \t\n")] == '\0')
			continue;
		if (n_codes == MAX_CODES)
			return CHECK(n_codes < MAX_CODES);
		if (sscanf(item, " %63[A-Z0-9_] = %d %c", codes[n_codes].name,
			   &codes[n_codes].value, &trailing) != 2) {
			printf("errors.h: cannot read enumerator:%s\n", item);
			ok = CHECK(!"every enumerator reads NAME = value");
			continue;
		}
		n_codes++;
	}
	return ok;
}

static void test_header_read(void)
{
	static const struct {
		int value;
		const char *name;
	} anchors[] = {
		{ERR_OK, "ERR_OK"},
		{ERR_INVALID, "ERR_INVALID"},
		{ERR_TIMEOUT, "ERR_TIMEOUT"},
		{ERR_STALE, "ERR_STALE"},
	};

	header_read = read_header();
	CHECK(n_codes >= (int)(sizeof(anchors) / sizeof(anchors[0])));
	for (unsigned a = 0; a < sizeof(anchors) / sizeof(anchors[0]); a++) {
		bool found = false;

		for (int i = 0; i < n_codes; i++)
			if (strcmp(codes[i].name, anchors[a].name) == 0)
				found = CHECK_EQ(codes[i].value, anchors[a].value);
		CHECK(found);
	}
}

static void test_examples(void)
{
	CHECK(strcmp(error_name(ERR_OK), "ERR_OK") == 0);
	CHECK(strcmp(error_name(ERR_INVALID), "ERR_INVALID") == 0);
	CHECK(strcmp(error_name(ERR_TIMEOUT), "ERR_TIMEOUT") == 0);
	CHECK(strcmp(error_name(ERR_STALE), "ERR_STALE") == 0);
	CHECK_EQ(ERR_OK, 0);
}

static void test_every_code_named_after_itself(void)
{
	CHECK(header_read);
	for (int i = 0; i < n_codes; i++) {
		const char *got = error_name(codes[i].value);

		if (!CHECK(strcmp(got, codes[i].name) == 0))
			printf("  error_name(%d) is \"%s\", want \"%s\"\n", codes[i].value, got,
			       codes[i].name);
	}
}

static void test_values_distinct_and_negative(void)
{
	CHECK(header_read);
	for (int i = 0; i < n_codes; i++) {
		if (strcmp(codes[i].name, "ERR_OK") == 0)
			CHECK_EQ(codes[i].value, 0);
		else
			CHECK(codes[i].value < 0);
		for (int j = i + 1; j < n_codes; j++) {
			CHECK(codes[i].value != codes[j].value);
			CHECK(strcmp(codes[i].name, codes[j].name) != 0);
		}
	}
}

static void test_names_distinct(void)
{
	/* Through error_name(), not the header: two codes never share a text. */
	for (int i = 0; i < n_codes; i++)
		for (int j = i + 1; j < n_codes; j++)
			CHECK(strcmp(error_name(codes[i].value), error_name(codes[j].value)) != 0);
}

static bool is_code(int v)
{
	for (int i = 0; i < n_codes; i++)
		if (codes[i].value == v)
			return true;
	return false;
}

static void test_unknown_values(void)
{
	int lowest = 0;

	CHECK(header_read);
	for (int i = 0; i < n_codes; i++)
		if (codes[i].value < lowest)
			lowest = codes[i].value;
	/* One past the last code, far below it, and positive values. */
	CHECK(strcmp(error_name(lowest - 1), "ERR_?") == 0);
	CHECK(strcmp(error_name(lowest - 2), "ERR_?") == 0);
	CHECK(strcmp(error_name(-1000), "ERR_?") == 0);
	CHECK(strcmp(error_name(INT_MIN + 1), "ERR_?") == 0);
	CHECK(strcmp(error_name(1), "ERR_?") == 0);
	CHECK(strcmp(error_name(-lowest), "ERR_?") == 0);
	CHECK(strcmp(error_name(INT_MAX), "ERR_?") == 0);
	/* Every value near the codes: a name exactly for the codes. */
	for (int v = lowest - 100; v <= 100; v++) {
		bool unknown = strcmp(error_name(v), "ERR_?") == 0;

		if (!CHECK_EQ(unknown, !is_code(v)))
			printf("  error_name(%d) is \"%s\"\n", v, error_name(v));
	}
}

int main(void)
{
	ktest_run("errors.header_read", test_header_read);
	ktest_run("errors.examples", test_examples);
	ktest_run("errors.every_code_named_after_itself", test_every_code_named_after_itself);
	ktest_run("errors.values_distinct_and_negative", test_values_distinct_and_negative);
	ktest_run("errors.names_distinct", test_names_distinct);
	ktest_run("errors.unknown_values", test_unknown_values);
	return ktest_finish();
}
