/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the user heap (user/uheap.c).
 *
 * Fixed cases pin down the layout (exact fit, split, coalescing on each
 * side) and the refusals (double free, interior and foreign pointers,
 * corrupt headers, sizes that cannot fit).  A long random sequence then
 * runs against a shadow model: every live block is filled with its own
 * pattern and checked intact before it is freed, blocks must be aligned,
 * inside the region and disjoint, an allocation may fail only when no
 * free block is big enough, bad frees must change nothing, and
 * uheap_check must pass throughout.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/uheap.h"
#include "ktest.h"

#define ARENA_BYTES 65536

static uint64_t arena[ARENA_BYTES / 8];
static struct uheap heap;

static uint8_t *arena_bytes(void)
{
	return (uint8_t *)arena;
}

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* A heap over the first bytes of the (aligned) arena. */
static void setup(size_t bytes)
{
	memset(arena, 0xa5, sizeof(arena));
	CHECK_EQ(uheap_init(&heap, arena, bytes), 0);
	CHECK_EQ(uheap_check(&heap), 0);
}

/* A copy of the heap's state and its whole region, to show that a refused
 * call changed nothing. */
static struct {
	struct uheap h;
	uint8_t bytes[ARENA_BYTES];
} snap;

static void take_snapshot(void)
{
	snap.h = heap;
	memcpy(snap.bytes, arena, sizeof(arena));
}

static bool unchanged(void)
{
	return memcmp(&snap.h, &heap, sizeof(heap)) == 0 &&
	       memcmp(snap.bytes, arena, sizeof(arena)) == 0;
}

/* The check word of a header at hdr for the size word size, with the
 * formula as uheap.c has it (the magic read back from a real header), to
 * forge headers that pass it. */
static uint32_t forged_check(const uint8_t *real_hdr, const uint8_t *hdr, uint32_t size)
{
	const uint32_t *real = (const uint32_t *)(const void *)real_hdr;
	uint32_t magic = real[1] ^ real[0] ^ (uint32_t)(uintptr_t)real_hdr;

	return size ^ magic ^ (uint32_t)(uintptr_t)hdr;
}

/* ------------------------------------------------------------ fixed cases -- */

static void test_init(void)
{
	struct uheap h;

	CHECK_EQ(uheap_init(NULL, arena, 64), -1);
	CHECK_EQ(uheap_init(&h, NULL, 64), -1);
	CHECK(uheap_alloc(&h, 8) == NULL); /* a failed init leaves it empty */
	CHECK_EQ(uheap_check(&h), -1);
	CHECK_EQ(uheap_free_bytes(&h), 0);
	CHECK_EQ(uheap_init(&h, arena, 15), -1);
	CHECK_EQ(uheap_init(&h, arena, 0), -1);
	/* 22 bytes from an odd address: 15 from the next 8-byte boundary,
	 * 8 after rounding the end down. */
	CHECK_EQ(uheap_init(&h, arena_bytes() + 1, 22), -1);
	CHECK_EQ(uheap_init(&h, arena_bytes() + 1, 3), -1);

	/* Both ends rounded: from +3, 5 bytes are skipped, and 100 - 5 = 95
	 * is cut to 88. */
	CHECK_EQ(uheap_init(&h, arena_bytes() + 3, 100), 0);
	CHECK(h.base == arena_bytes() + 8);
	CHECK_EQ(h.bytes, 88);
	CHECK_EQ(uheap_free_bytes(&h), 80);
	CHECK_EQ(uheap_largest_free(&h), 80);
	CHECK_EQ(uheap_check(&h), 0);

	/* The smallest heap holds one 8-byte block. */
	CHECK_EQ(uheap_init(&h, arena, 16), 0);
	CHECK_EQ(uheap_free_bytes(&h), 8);
	void *p = uheap_alloc(&h, 8);
	CHECK(p == arena_bytes() + 8);
	CHECK(uheap_alloc(&h, 1) == NULL);
	CHECK_EQ(uheap_free_bytes(&h), 0);
	CHECK_EQ(uheap_largest_free(&h), 0);
	CHECK_EQ(uheap_check(&h), 0);
	CHECK_EQ(uheap_free(&h, p), 0);
	CHECK_EQ(uheap_free_bytes(&h), 8);

	CHECK(uheap_alloc(NULL, 8) == NULL);
	CHECK_EQ(uheap_free(NULL, arena), -1);
	CHECK_EQ(uheap_free(NULL, NULL), 0);
	CHECK_EQ(uheap_check(NULL), -1);
	CHECK_EQ(uheap_free_bytes(NULL), 0);
	CHECK_EQ(uheap_largest_free(NULL), 0);
}

static void test_exact_fit_and_no_split(void)
{
	/* One block of 64: 56 bytes of payload. */
	setup(64);
	uint8_t *p = uheap_alloc(&heap, 56);
	CHECK(p == arena_bytes() + 8);
	CHECK_EQ(uheap_free_bytes(&heap), 0);
	CHECK(uheap_alloc(&heap, 1) == NULL);
	CHECK_EQ(uheap_free(&heap, p), 0);
	CHECK_EQ(uheap_free_bytes(&heap), 56);

	/* 41 bytes take a 56-byte block and leave 8: too little for a header
	 * and 8 bytes, so the whole block is given. */
	p = uheap_alloc(&heap, 41);
	CHECK(p == arena_bytes() + 8);
	CHECK_EQ(uheap_free_bytes(&heap), 0);
	CHECK(uheap_alloc(&heap, 1) == NULL);
	CHECK_EQ(uheap_check(&heap), 0);
	CHECK_EQ(uheap_free(&heap, p), 0);

	/* 40 bytes leave 16: split, and the rest is a block of 8. */
	p = uheap_alloc(&heap, 40);
	CHECK_EQ(uheap_free_bytes(&heap), 8);
	CHECK_EQ(uheap_largest_free(&heap), 8);
	uint8_t *q = uheap_alloc(&heap, 8);
	CHECK(q == p + 48);
	CHECK_EQ(uheap_free_bytes(&heap), 0);
	CHECK_EQ(uheap_check(&heap), 0);
}

static void test_split_and_first_fit(void)
{
	setup(1024);
	uint8_t *a = uheap_alloc(&heap, 1);
	uint8_t *b = uheap_alloc(&heap, 8);
	uint8_t *c = uheap_alloc(&heap, 9);
	uint8_t *d = uheap_alloc(&heap, 24);

	/* Each block follows the last: header + payload rounded to 8. */
	CHECK(a == arena_bytes() + 8);
	CHECK(b == a + 16);
	CHECK(c == b + 16);
	CHECK(d == c + 24);
	CHECK_EQ(uheap_free_bytes(&heap), 1024 - 8 - (16 + 16 + 24 + 32));
	CHECK_EQ(uheap_check(&heap), 0);

	/* First fit: the hole at c (16 bytes of payload) takes the first
	 * request that fits in it, not the bigger tail. */
	CHECK_EQ(uheap_free(&heap, c), 0);
	CHECK(uheap_alloc(&heap, 17) != c);
	CHECK(uheap_alloc(&heap, 16) == c);
	CHECK_EQ(uheap_check(&heap), 0);
}

/* Four 8-byte blocks a b c d and the free tail; returns their addresses. */
static void four_blocks(uint8_t **blk)
{
	setup(256);
	for (int i = 0; i < 4; i++)
		blk[i] = uheap_alloc(&heap, 8);
	CHECK_EQ(uheap_free_bytes(&heap), 256 - 8 - 4 * 16);
}

static void test_coalesce(void)
{
	uint8_t *blk[4];

	/* Right: b then a; a's block swallows b's. */
	four_blocks(blk);
	CHECK_EQ(uheap_free(&heap, blk[1]), 0);
	CHECK_EQ(uheap_free(&heap, blk[0]), 0);
	CHECK_EQ(uheap_check(&heap), 0);
	/* c and d in use; a+b and the tail free, each with a header. */
	CHECK_EQ(uheap_free_bytes(&heap), 256 - 2 * 16 - 2 * 8);
	CHECK(uheap_alloc(&heap, 24) == blk[0]);

	/* Left: a then b. */
	four_blocks(blk);
	CHECK_EQ(uheap_free(&heap, blk[0]), 0);
	CHECK_EQ(uheap_free(&heap, blk[1]), 0);
	CHECK_EQ(uheap_check(&heap), 0);
	CHECK(uheap_alloc(&heap, 24) == blk[0]);

	/* Both sides: a, c, then b joins them into one. */
	four_blocks(blk);
	CHECK_EQ(uheap_free(&heap, blk[0]), 0);
	CHECK_EQ(uheap_free(&heap, blk[2]), 0);
	CHECK_EQ(uheap_largest_free(&heap), 256 - 8 - 4 * 16);
	CHECK_EQ(uheap_free(&heap, blk[1]), 0);
	CHECK_EQ(uheap_check(&heap), 0);
	CHECK_EQ(uheap_free_bytes(&heap), 256 - 16 - 2 * 8);
	CHECK(uheap_alloc(&heap, 40) == blk[0]);

	/* Into the free tail: d joins it, then c joins that. */
	four_blocks(blk);
	CHECK_EQ(uheap_free(&heap, blk[3]), 0);
	CHECK_EQ(uheap_largest_free(&heap), 256 - 8 - 3 * 16);
	CHECK_EQ(uheap_free(&heap, blk[2]), 0);
	CHECK_EQ(uheap_free(&heap, blk[0]), 0);
	CHECK_EQ(uheap_free(&heap, blk[1]), 0);
	CHECK_EQ(uheap_check(&heap), 0);
	CHECK_EQ(uheap_free_bytes(&heap), 256 - 8);
	CHECK_EQ(uheap_largest_free(&heap), 256 - 8);
}

static void test_bad_frees_change_nothing(void)
{
	uint8_t *blk[4];
	uint64_t elsewhere[4];

	four_blocks(blk);
	CHECK_EQ(uheap_free(&heap, blk[1]), 0);
	take_snapshot();

	/* Double free, and a block already merged into its neighbour. */
	CHECK_EQ(uheap_free(&heap, blk[1]), -1);
	CHECK_EQ(uheap_free(&heap, blk[2]), 0);
	take_snapshot();
	CHECK_EQ(uheap_free(&heap, blk[2]), -1);
	CHECK_EQ(uheap_free(&heap, blk[1]), -1);
	CHECK(unchanged());

	/* Inside a live block, its header, misaligned, past the end. */
	CHECK_EQ(uheap_free(&heap, blk[0] + 1), -1);
	CHECK_EQ(uheap_free(&heap, blk[0] + 4), -1);
	CHECK_EQ(uheap_free(&heap, blk[0] - 8), -1);
	CHECK_EQ(uheap_free(&heap, blk[0] - 7), -1);
	CHECK_EQ(uheap_free(&heap, arena_bytes()), -1);
	CHECK_EQ(uheap_free(&heap, arena_bytes() + 256), -1);
	CHECK_EQ(uheap_free(&heap, arena_bytes() + 264), -1);
	CHECK_EQ(uheap_free(&heap, arena_bytes() + 256 - 8), -1); /* inside the tail */
	/* Foreign memory, even holding a copy of a real header. */
	memcpy(elsewhere, blk[3] - 8, 8);
	CHECK_EQ(uheap_free(&heap, &elsewhere[1]), -1);
	CHECK_EQ(uheap_free(&heap, (void *)(uintptr_t)-8), -1);
	CHECK(unchanged());

	/* A live block whose payload starts with a header forged to pass
	 * the check word, and so a "block" right after: only the blocks on
	 * the walk are accepted. */
	uint8_t *big = uheap_alloc(&heap, 64);
	CHECK(big != NULL);
	uint32_t *fake = (uint32_t *)(void *)big;
	fake[0] = 16 | 1;
	fake[1] = forged_check(blk[3] - 8, big, fake[0]);
	take_snapshot();
	CHECK_EQ(uheap_free(&heap, big + 8), -1);
	CHECK(unchanged());
	CHECK_EQ(uheap_check(&heap), 0);
}

static void test_corrupt_header(void)
{
	uint8_t *blk[4];

	four_blocks(blk);
	/* A store past the end of a overwrites b's header. */
	uint8_t saved[8];
	memcpy(saved, blk[1] - 8, 8);
	blk[1][-8] ^= 0x10;
	take_snapshot();
	CHECK_EQ(uheap_check(&heap), -1);
	CHECK_EQ(uheap_free(&heap, blk[1]), -1);
	/* a's free needs b's header (its right neighbour) to be sound; c and d
	 * lie past it on the walk. */
	CHECK_EQ(uheap_free(&heap, blk[0]), -1);
	CHECK_EQ(uheap_free(&heap, blk[2]), -1);
	CHECK_EQ(uheap_free(&heap, blk[3]), -1);
	CHECK(uheap_alloc(&heap, 8) == NULL);
	CHECK(unchanged());

	/* Repaired, everything works again. */
	memcpy(blk[1] - 8, saved, 8);
	CHECK_EQ(uheap_check(&heap), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(uheap_free(&heap, blk[i]), 0);
	CHECK_EQ(uheap_free_bytes(&heap), 256 - 8);

	/* The size word with a stray flag bit set, check word fixed up to
	 * match the new size: still refused. */
	four_blocks(blk);
	uint32_t *hdr = (uint32_t *)(void *)(blk[0] - 8);
	uint32_t size = hdr[0];
	hdr[0] |= 2;
	hdr[1] ^= size ^ hdr[0];
	CHECK_EQ(uheap_check(&heap), -1);
	CHECK_EQ(uheap_free(&heap, blk[0]), -1);
}

static void test_copied_and_forged_headers(void)
{
	uint8_t *blk[4];

	/* A stray copy of a free block's header over a live one's: same
	 * size, so only the address in the check word tells them apart. */
	four_blocks(blk);
	CHECK_EQ(uheap_free(&heap, blk[2]), 0);
	uint8_t saved[8];
	memcpy(saved, blk[0] - 8, 8);
	memcpy(blk[0] - 8, blk[2] - 8, 8);
	CHECK_EQ(uheap_check(&heap), -1);
	take_snapshot();
	CHECK(uheap_alloc(&heap, 8) == NULL);
	CHECK_EQ(uheap_free(&heap, blk[1]), -1);
	CHECK(unchanged());
	memcpy(blk[0] - 8, saved, 8);
	CHECK_EQ(uheap_check(&heap), 0);

	/* Two free neighbours, forged consistently, break the coalescing
	 * invariant, which uheap_check reports. */
	four_blocks(blk);
	for (int i = 0; i < 2; i++) {
		uint32_t *hdr = (uint32_t *)(void *)(blk[i] - 8);
		hdr[0] = 16;
		hdr[1] = forged_check(blk[3] - 8, blk[i] - 8, 16);
	}
	heap.free_bytes += 16;
	CHECK_EQ(uheap_check(&heap), -1);
}

/* A region that ends where its memory does (a malloc'd buffer, so the
 * sanitizer sees any access past it): refused frees, allocation to the
 * last byte and freeing in every order never touch what lies beyond. */
static void test_region_at_end_of_memory(void)
{
	uint8_t *mem = malloc(256);
	struct uheap h;

	CHECK(mem != NULL);
	CHECK_EQ(uheap_init(&h, mem, 256), 0);
	uint8_t *a = uheap_alloc(&h, 100);
	uint8_t *b = uheap_alloc(&h, 256 - 8 - 112 - 8);
	CHECK(a != NULL && b != NULL);
	CHECK_EQ(uheap_free_bytes(&h), 0);
	/* Interior pointers of the last block: the walk passes the block
	 * that holds them and must stop there, not at the end. */
	for (int off = 1; off < 128; off++)
		CHECK_EQ(uheap_free(&h, b + off), -1);
	CHECK_EQ(uheap_free(&h, mem + 248), -1);
	CHECK_EQ(uheap_free(&h, b), 0);
	for (int off = 0; off < 128; off++)
		CHECK_EQ(uheap_free(&h, b + off), -1);
	CHECK_EQ(uheap_free(&h, a), 0);
	CHECK_EQ(uheap_check(&h), 0);
	CHECK_EQ(uheap_largest_free(&h), 248);
	free(mem);
}

static void test_out_of_memory_and_sizes(void)
{
	setup(4096);
	take_snapshot();
	CHECK(uheap_alloc(&heap, 0) == NULL);
	CHECK(uheap_alloc(&heap, SIZE_MAX) == NULL);
	CHECK(uheap_alloc(&heap, SIZE_MAX - 7) == NULL);
	CHECK(uheap_alloc(&heap, SIZE_MAX - 8) == NULL);
	CHECK(uheap_alloc(&heap, (size_t)UINT32_MAX) == NULL);
	CHECK(uheap_alloc(&heap, (size_t)UINT32_MAX - 7) == NULL);
	CHECK(uheap_alloc(&heap, (size_t)UINT32_MAX + 1) == NULL);
	CHECK(uheap_alloc(&heap, 4096) == NULL);
	CHECK(uheap_alloc(&heap, 4096 - 7) == NULL);
	CHECK(unchanged());
	/* The largest that fits is the region less one header. */
	uint8_t *p = uheap_alloc(&heap, 4096 - 8);
	CHECK(p == arena_bytes() + 8);
	CHECK_EQ(uheap_free(&heap, p), 0);

	/* Fill with 100-byte blocks until refused; every byte is accounted
	 * for. */
	void *blocks[64];
	int n = 0;
	while (n < 64 && (blocks[n] = uheap_alloc(&heap, 100)) != NULL)
		n++;
	CHECK_EQ(n, 4096 / (8 + 104)); /* 36 */
	CHECK(uheap_largest_free(&heap) < 104);
	CHECK_EQ(uheap_check(&heap), 0);
	size_t left = uheap_free_bytes(&heap);
	CHECK_EQ(left, 4096 - 36 * 112 - 8);
	CHECK(uheap_alloc(&heap, left) != NULL);
	CHECK(uheap_alloc(&heap, 1) == NULL);
	while (n > 0)
		CHECK_EQ(uheap_free(&heap, blocks[--n]), 0);
}

/* --------------------------------------------------------------- random -- */

#define SLOTS 512
#define STEPS 200000
#define CHECK_EVERY 64

static struct {
	uint8_t *p;
	size_t size;
	uint8_t seed;
} live[SLOTS];
static int live_count;

static uint8_t *recently_freed[16];

static uint32_t rng = 0x9e3779b9u;

static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static size_t random_size(void)
{
	uint32_t r = next_random() % 16;

	if (r < 9)
		return 1 + next_random() % 32;
	if (r < 14)
		return 1 + next_random() % 256;
	if (r < 15)
		return 1 + next_random() % 2048;
	return 1 + next_random() % 16384;
}

static uint8_t pattern(uint8_t seed, size_t i)
{
	return (uint8_t)(seed + i * 7 + (i >> 8));
}

static bool intact(int slot)
{
	for (size_t i = 0; i < live[slot].size; i++)
		if (live[slot].p[i] != pattern(live[slot].seed, i))
			return false;
	return true;
}

static bool random_alloc(void)
{
	size_t size = random_size();
	size_t largest = uheap_largest_free(&heap);
	size_t free_before = uheap_free_bytes(&heap);
	uint8_t *p = uheap_alloc(&heap, size);

	/* First fit fails only when no free block is big enough. */
	if (p == NULL)
		return CHECK(largest < round8(size));
	if (!CHECK(largest >= round8(size)) || !CHECK((uintptr_t)p % 8 == 0) ||
	    !CHECK(p >= heap.base + 8 && p + size <= heap.base + heap.bytes))
		return false;
	/* Taken: the rounded size, plus a header if split, or up to 8 more
	 * bytes that were too few to split off. */
	size_t taken = free_before - uheap_free_bytes(&heap);
	if (!CHECK(taken >= round8(size) && taken < round8(size) + 16))
		return false;
	for (int i = 0; i < live_count; i++)
		if (!CHECK(p + size <= live[i].p || live[i].p + live[i].size <= p))
			return false;

	uint8_t seed = (uint8_t)next_random();
	for (size_t i = 0; i < size; i++)
		p[i] = pattern(seed, i);
	live[live_count].p = p;
	live[live_count].size = size;
	live[live_count].seed = seed;
	live_count++;
	return true;
}

static bool random_free(int slot)
{
	size_t free_before = uheap_free_bytes(&heap);
	uint8_t *p = live[slot].p;

	if (!CHECK(intact(slot)) || !CHECK_EQ(uheap_free(&heap, p), 0))
		return false;
	size_t given = uheap_free_bytes(&heap) - free_before;
	if (!CHECK(given >= round8(live[slot].size) && given <= round8(live[slot].size) + 24))
		return false;
	recently_freed[next_random() % 16] = p;
	live[slot] = live[--live_count];
	return true;
}

static bool is_live(const uint8_t *p)
{
	for (int i = 0; i < live_count; i++)
		if (live[i].p == p)
			return true;
	return false;
}

/* A free that must be refused: inside a live block, its header, or a
 * block freed already and not handed out again. */
static bool random_bad_free(void)
{
	uint8_t *bad = NULL;
	uint32_t kind = next_random() % 3;

	if (kind == 0 && live_count > 0) {
		int slot = (int)(next_random() % (uint32_t)live_count);
		size_t span = round8(live[slot].size);
		bad = live[slot].p + 1 + next_random() % (span - 1);
	} else if (kind == 1 && live_count > 0) {
		bad = live[next_random() % (uint32_t)live_count].p - 8;
	} else {
		bad = recently_freed[next_random() % 16];
		if (bad == NULL || is_live(bad))
			return true;
	}
	take_snapshot();
	return CHECK_EQ(uheap_free(&heap, bad), -1) && CHECK(unchanged());
}

/* The live blocks' payloads and their headers cannot take more than the
 * region. */
static bool accounting_ok(void)
{
	size_t used = 0;

	for (int i = 0; i < live_count; i++)
		used += 8 + round8(live[i].size);
	return CHECK(uheap_free_bytes(&heap) + used + 8 <= heap.bytes);
}

static void test_random_operations(void)
{
	unsigned allocs = 0, failed_allocs = 0, frees = 0, bad_frees = 0, most_live = 0;

	memset(arena, 0xa5, sizeof(arena));
	/* Both ends unaligned: the heap rounds them. */
	CHECK_EQ(uheap_init(&heap, arena_bytes() + 3, ARENA_BYTES - 8), 0);
	CHECK(heap.base == arena_bytes() + 8);
	CHECK_EQ(heap.bytes, ARENA_BYTES - 16);
	const size_t empty = heap.bytes - 8;
	live_count = 0;

	for (unsigned step = 0; step < STEPS; step++) {
		uint32_t r = next_random() % 100;
		bool ok;

		if (r < 2) {
			ok = random_bad_free();
			bad_frees++;
		} else if (live_count == 0 || (live_count < SLOTS && r < 52)) {
			unsigned before = (unsigned)live_count;
			ok = random_alloc();
			if ((unsigned)live_count > before)
				allocs++;
			else
				failed_allocs++;
		} else {
			ok = random_free((int)(next_random() % (uint32_t)live_count));
			frees++;
		}
		if ((unsigned)live_count > most_live)
			most_live = (unsigned)live_count;
		if (ok && step % CHECK_EVERY == 0)
			ok = CHECK_EQ(uheap_check(&heap), 0) && accounting_ok();
		if (!ok) {
			printf("  after step %u\n", step);
			return;
		}
	}
	/* Every path ran many times, and the heap ran out of room often. */
	CHECK(allocs > 50000);
	CHECK(frees > 50000);
	CHECK(failed_allocs > 1000);
	CHECK(bad_frees > 2000);
	CHECK(most_live > 100);

	while (live_count > 0)
		if (!random_free(live_count - 1))
			return;
	/* All of it one free block again. */
	CHECK_EQ(uheap_check(&heap), 0);
	CHECK_EQ(uheap_free_bytes(&heap), empty);
	CHECK_EQ(uheap_largest_free(&heap), empty);
	uint8_t *all = uheap_alloc(&heap, empty);
	CHECK(all == heap.base + 8);
	CHECK_EQ(uheap_free(&heap, all), 0);
}

int main(void)
{
	ktest_run("uheap.init", test_init);
	ktest_run("uheap.exact_fit_and_no_split", test_exact_fit_and_no_split);
	ktest_run("uheap.split_and_first_fit", test_split_and_first_fit);
	ktest_run("uheap.coalesce", test_coalesce);
	ktest_run("uheap.bad_frees_change_nothing", test_bad_frees_change_nothing);
	ktest_run("uheap.corrupt_header", test_corrupt_header);
	ktest_run("uheap.copied_and_forged_headers", test_copied_and_forged_headers);
	ktest_run("uheap.region_at_end_of_memory", test_region_at_end_of_memory);
	ktest_run("uheap.out_of_memory_and_sizes", test_out_of_memory_and_sizes);
	ktest_run("uheap.random_operations", test_random_operations);
	return ktest_finish();
}
