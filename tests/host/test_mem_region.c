/* SPDX-License-Identifier: MIT */
/*
 * mem_region_contains (kernel/include/kernel/process.h), the test every
 * pointer a process passes to a syscall must pass: exhaustive over a small
 * address space against the obvious formula, then the edges (empty
 * ranges, one byte over, huge lengths, a region ending at 2^32).  On the
 * host addresses are 64 bits wide, so no sum could wrap here whatever the
 * formula; lengths that wrap 32-bit sums are tested on the target
 * (tests/target/syscall_args.c), where they could.
 */
#include <stdint.h>

#include "kernel/process.h"
#include "ktest.h"

/* The reference, in 64 bits. */
static bool reference(uint64_t base, uint64_t size, uint64_t addr, uint64_t len)
{
	return addr >= base && addr + len <= base + size;
}

static void test_exhaustive_small(void)
{
	unsigned wrong = 0, checked = 0;

	for (uint32_t base = 0; base < 24; base += 3)
		for (uint32_t size = 0; size < 20; size++) {
			struct mem_region r = { base, size, REGION_READ };
			for (uint32_t addr = 0; addr < 48; addr++)
				for (uint32_t len = 0; len < 48; len++) {
					checked++;
					wrong += mem_region_contains(&r, addr, len) !=
						 reference(base, size, addr, len);
				}
		}
	CHECK_EQ(wrong, 0);
	CHECK(checked > 100000);
}

static void test_edges(void)
{
	const struct mem_region r = { 0x20001000u, 0x800u, REGION_READ | REGION_WRITE };
	const struct mem_region top = { 0xfffff000u, 0x1000u, REGION_READ };

	CHECK(mem_region_contains(&r, 0x20001000u, 0x800u));     /* exactly the region */
	CHECK(mem_region_contains(&r, 0x20001800u, 0));          /* empty, at its end */
	CHECK(!mem_region_contains(&r, 0x20001801u, 0));         /* past its end */
	CHECK(!mem_region_contains(&r, 0x20000fffu, 1));         /* one below */
	CHECK(!mem_region_contains(&r, 0x200017ffu, 2));         /* straddles the end */
	CHECK(!mem_region_contains(&r, 0x20001004u, 0xffffffffu)); /* huge lengths */
	CHECK(!mem_region_contains(&r, 0x20001004u, 0xfffffffcu));
	CHECK(!mem_region_contains(&r, 0, 0x20001800u));         /* from address 0 */
	CHECK(mem_region_contains(&top, 0xfffffffcu, 4));        /* the last word */
	CHECK(!mem_region_contains(&top, 0xfffffffcu, 5));       /* one past 2^32 */
	CHECK(!mem_region_contains(&top, 0xffffffffu, 0xffffffffu));
	for (uint32_t len = 1; len != 0; len <<= 1)
		CHECK_EQ(mem_region_contains(&top, 0xfffff000u, len), len <= 0x1000u);
}

int main(void)
{
	ktest_run("mem_region.exhaustive_small", test_exhaustive_small);
	ktest_run("mem_region.edges", test_edges);
	return ktest_finish();
}
