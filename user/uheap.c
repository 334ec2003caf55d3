/* SPDX-License-Identifier: MIT */
/*
 * uheap: first-fit heap over one region (see uheap.h).
 *
 * Invariant: the blocks tile [base, base + bytes) exactly; every header
 * carries a check word matching its size word and address; no two free
 * blocks are neighbours; free_bytes is the sum of the free payloads.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kestrel/uheap.h"

#define UHEAP_MAGIC 0x4b48e4a5u
#define USED_BIT 1u
#define SIZE_MASK (~(uint32_t)(UHEAP_ALIGN - 1))
/* Smallest block: a header and 8 bytes of payload.  A split leaves a
 * remainder only when it is at least this big. */
#define MIN_BLOCK (UHEAP_HEADER_BYTES + UHEAP_ALIGN)
/* The header's size word is 32 bits, so is a block's, so is the region. */
#define MAX_REGION ((size_t)SIZE_MASK)

struct block {
	uint32_t size; /* bytes, header included; USED_BIT when allocated */
	uint32_t check;
};

_Static_assert(sizeof(struct block) == UHEAP_HEADER_BYTES, "header is 8 bytes");

/* The address goes into the check word so that a copy of a valid header
 * (user data, a stale header left inside a bigger block) does not pass
 * for a header anywhere else. */
static uint32_t check_word(const struct block *b, uint32_t size)
{
	return size ^ UHEAP_MAGIC ^ (uint32_t)(uintptr_t)b;
}

static void set_header(struct block *b, uint32_t size)
{
	b->size = size;
	b->check = check_word(b, size);
}

/* Spoils a header that is about to become payload of a merged block. */
static void clear_header(struct block *b)
{
	b->check = ~check_word(b, b->size);
}

static uint32_t block_size(const struct block *b)
{
	return b->size & SIZE_MASK;
}

static bool block_used(const struct block *b)
{
	return (b->size & USED_BIT) != 0;
}

static struct block *first_block(const struct uheap *h)
{
	return (struct block *)h->base;
}

static uint8_t *region_end(const struct uheap *h)
{
	return h->base + h->bytes;
}

static struct block *next_block(const struct block *b)
{
	return (struct block *)((uint8_t *)b + block_size(b));
}

/* Is b, which lies inside the region on an 8-byte boundary, a sound
 * header: check word right, no stray flag bits, size at least the
 * minimum and not past the region's end? */
static bool header_ok(const struct uheap *h, const struct block *b)
{
	uint32_t size = block_size(b);

	return b->check == check_word(b, b->size) && (b->size & ~(SIZE_MASK | USED_BIT)) == 0 &&
	       size >= MIN_BLOCK && size <= (size_t)(region_end(h) - (const uint8_t *)b);
}

static bool heap_ready(const struct uheap *h)
{
	return h != NULL && h->base != NULL;
}

int uheap_init(struct uheap *h, void *base, size_t bytes)
{
	if (h == NULL)
		return -1;
	h->base = NULL;
	h->bytes = 0;
	h->free_bytes = 0;
	if (base == NULL)
		return -1;

	size_t skip = (size_t)(-(uintptr_t)base & (UHEAP_ALIGN - 1));
	if (bytes < skip)
		return -1;
	bytes = (bytes - skip) & ~(size_t)(UHEAP_ALIGN - 1);
	if (bytes > MAX_REGION)
		bytes = MAX_REGION;
	if (bytes < MIN_BLOCK)
		return -1;

	h->base = (uint8_t *)base + skip;
	h->bytes = bytes;
	h->free_bytes = bytes - UHEAP_HEADER_BYTES;
	set_header(first_block(h), (uint32_t)bytes);
	return 0;
}

/* Takes need bytes (header included) from the front of free block b,
 * splitting the rest off as a free block if it can stand alone. */
static void take_block(struct uheap *h, struct block *b, uint32_t need)
{
	uint32_t size = block_size(b);

	if (size - need >= MIN_BLOCK) {
		set_header(b, need | USED_BIT);
		set_header(next_block(b), size - need);
		h->free_bytes -= need;
	} else {
		set_header(b, size | USED_BIT);
		h->free_bytes -= size - UHEAP_HEADER_BYTES;
	}
}

void *uheap_alloc(struct uheap *h, size_t bytes)
{
	/* Checked before rounding up so the sum below cannot wrap. */
	if (!heap_ready(h) || bytes == 0 || bytes > h->bytes - UHEAP_HEADER_BYTES)
		return NULL;
	uint32_t need = (uint32_t)(UHEAP_HEADER_BYTES +
				   ((bytes + UHEAP_ALIGN - 1) & ~(size_t)(UHEAP_ALIGN - 1)));

	for (struct block *b = first_block(h); (uint8_t *)b != region_end(h); b = next_block(b)) {
		if (!header_ok(h, b))
			return NULL;
		if (!block_used(b) && block_size(b) >= need) {
			take_block(h, b, need);
			return (uint8_t *)b + UHEAP_HEADER_BYTES;
		}
	}
	return NULL;
}

int uheap_free(struct uheap *h, void *p)
{
	if (p == NULL)
		return 0;
	if (!heap_ready(h))
		return -1;
	/* Compared as integers: p may point anywhere at all. */
	uintptr_t addr = (uintptr_t)p, start = (uintptr_t)h->base;
	if (addr < start + UHEAP_HEADER_BYTES || addr - start >= h->bytes ||
	    (addr - start) % UHEAP_ALIGN != 0)
		return -1;

	/* Find the block on the walk, with the one before it: a pointer that
	 * is not exactly a block's payload is passed over, never trusted. */
	struct block *target = (struct block *)((uint8_t *)p - UHEAP_HEADER_BYTES);
	struct block *prev = NULL, *b = first_block(h);
	for (;;) {
		/* Past the target first: target is below the end, so this
		 * also stops the walk before it would read at the end. */
		if ((uintptr_t)b > (uintptr_t)target || !header_ok(h, b))
			return -1;
		if (b == target)
			break;
		prev = b;
		b = next_block(b);
	}
	if (!block_used(b))
		return -1;
	struct block *next = next_block(b);
	bool has_next = (uint8_t *)next != region_end(h);
	if (has_next && !header_ok(h, next))
		return -1;

	/* Checked everything; from here the heap changes. */
	uint32_t size = block_size(b);
	h->free_bytes += size - UHEAP_HEADER_BYTES;
	if (has_next && !block_used(next)) {
		size += block_size(next);
		h->free_bytes += UHEAP_HEADER_BYTES;
		clear_header(next);
	}
	if (prev != NULL && !block_used(prev)) {
		size += block_size(prev);
		h->free_bytes += UHEAP_HEADER_BYTES;
		clear_header(b);
		b = prev;
	}
	set_header(b, size);
	return 0;
}

size_t uheap_free_bytes(const struct uheap *h)
{
	return heap_ready(h) ? h->free_bytes : 0;
}

size_t uheap_largest_free(const struct uheap *h)
{
	size_t largest = 0;

	if (!heap_ready(h))
		return 0;
	for (struct block *b = first_block(h); (uint8_t *)b != region_end(h); b = next_block(b)) {
		if (!header_ok(h, b))
			break;
		if (!block_used(b) && block_size(b) - UHEAP_HEADER_BYTES > largest)
			largest = block_size(b) - UHEAP_HEADER_BYTES;
	}
	return largest;
}

int uheap_check(const struct uheap *h)
{
	if (!heap_ready(h) || (uintptr_t)h->base % UHEAP_ALIGN != 0 ||
	    h->bytes % UHEAP_ALIGN != 0 || h->bytes < MIN_BLOCK || h->bytes > MAX_REGION)
		return -1;

	size_t free_sum = 0;
	bool prev_free = false;
	/* header_ok keeps every block inside the region, so the walk ends
	 * exactly at its end or stops at a bad header. */
	for (struct block *b = first_block(h); (uint8_t *)b != region_end(h); b = next_block(b)) {
		if (!header_ok(h, b))
			return -1;
		if (!block_used(b)) {
			if (prev_free)
				return -1;
			free_sum += block_size(b) - UHEAP_HEADER_BYTES;
		}
		prev_free = !block_used(b);
	}
	return free_sum == h->free_bytes ? 0 : -1;
}
