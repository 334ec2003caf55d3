/* SPDX-License-Identifier: MIT */
/*
 * Foundation checks on the target: the reset path, the console through
 * newlib, the bounded heap, and the CPU the board claims to have.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "board.h"
#include "ktest.h"

extern char __heap_start[], __heap_end[];

static int initialised = 42;
static int zeroed;

static void test_data_and_bss(void)
{
	CHECK_EQ(initialised, 42);
	CHECK_EQ(zeroed, 0);
}

static void test_printf_formats(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%d %s %05x %lu", -17, "ok", 0xbeef, 123456789ul);

	CHECK(strcmp(buf, "-17 ok 0beef 123456789") == 0);
	CHECK_EQ(n, 22);
}

static void test_write_reports_bad_fd(void)
{
	errno = 0;
	CHECK_EQ(write(7, "x", 1), -1);
	CHECK_EQ(errno, EBADF);
}

static void test_malloc_inside_heap(void)
{
	char *p = malloc(1000);

	CHECK(p != NULL);
	CHECK(p >= __heap_start && p + 1000 <= __heap_end);
	memset(p, 0xa5, 1000);
	free(p);
}

static void test_sbrk_exhaustion_is_enomem(void)
{
	size_t heap_bytes = (size_t)(__heap_end - __heap_start);

	errno = 0;
	CHECK(malloc(heap_bytes + 1) == NULL);
	CHECK_EQ(errno, ENOMEM);
	/* The heap still works after a refused request. */
	void *p = malloc(64);
	CHECK(p != NULL);
	free(p);
}

static void test_sbrk_refuses_beyond_end(void)
{
	extern void *_sbrk(ptrdiff_t);
	char *before = _sbrk(0);

	errno = 0;
	CHECK(_sbrk(__heap_end - before + 1) == (void *)-1);
	CHECK_EQ(errno, ENOMEM);
	CHECK(_sbrk(0) == before);
	CHECK(_sbrk(-(before - __heap_start) - 1) == (void *)-1);
	CHECK(_sbrk(0) == before);
}

static void test_cpuid_is_cortex_m(void)
{
	uint32_t cpuid = arch_cpuid();

	CHECK_EQ(cpuid >> 24, 0x41); /* implementer: ARM */
	CHECK(strncmp(arch_cpu_name(), "Cortex-M", 8) == 0);
}

static void test_fpu_matches_build(void)
{
	volatile float a = 1.5f, b = 2.25f;

	/* On FPU builds this runs VFP instructions: a NOCP fault would end the
	 * image.  On soft-float builds it exercises libgcc. */
	CHECK(a * b == 3.375f);
}

int main(void)
{
	ktest_run("boot.data_and_bss", test_data_and_bss);
	ktest_run("boot.printf_formats", test_printf_formats);
	ktest_run("boot.write_reports_bad_fd", test_write_reports_bad_fd);
	ktest_run("boot.malloc_inside_heap", test_malloc_inside_heap);
	ktest_run("boot.sbrk_exhaustion_is_enomem", test_sbrk_exhaustion_is_enomem);
	ktest_run("boot.sbrk_refuses_beyond_end", test_sbrk_refuses_beyond_end);
	ktest_run("boot.cpuid_is_cortex_m", test_cpuid_is_cortex_m);
	ktest_run("boot.fpu_matches_build", test_fpu_matches_build);
	return ktest_finish();
}
