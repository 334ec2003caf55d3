/* SPDX-License-Identifier: MIT */
/*
 * uheap: a process's heap, over one region of memory the caller gives.
 * User code runs without the kernel's allocator (newlib's malloc keeps
 * its state in kernel-owned globals), so each process carves its own.
 *
 * Design: the region is a run of blocks in address order, each starting
 * with an 8-byte header (its size with a "used" bit, and a check word
 * that mixes the size, the header's address and a magic number).  The
 * blocks tile the region exactly, so walking header to header visits
 * every block; there is no separate free list.  uheap_alloc takes the
 * first free block big enough (first fit) and splits off the rest when
 * the rest can hold a header and 8 bytes; uheap_free merges the block
 * with free neighbours on both sides at once, so no two free blocks are
 * ever adjacent.
 *
 * Cost: allocation and release walk the blocks from the start, O(number
 * of blocks).  That buys an exact answer to "is this a live block of
 * this heap?": uheap_free accepts only a pointer it finds on the walk,
 * so a double free, a pointer into the middle of a block or into another
 * region is refused without touching the heap, and a header overwritten
 * by a stray store fails its check word and is refused too.
 *
 * All state is in struct uheap; nothing is global.  No locking: the
 * caller serialises calls on one heap (the process's heap lock).
 * Regions are limited to 4 GiB - 8 bytes (the header's size is 32 bits);
 * a bigger one is used only up to that.
 */
#ifndef KESTREL_UHEAP_H
#define KESTREL_UHEAP_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of header in front of every block, and the granule of sizes and
 * addresses: every pointer returned is 8-byte aligned. */
#define UHEAP_HEADER_BYTES 8u
#define UHEAP_ALIGN 8u

/* The smallest usable region (after aligning both ends to 8 bytes): one
 * header and one 8-byte payload. */
#define UHEAP_MIN_REGION (UHEAP_HEADER_BYTES + UHEAP_ALIGN)

struct uheap {
	uint8_t *base;     /* first block (8-byte aligned); NULL until a good init */
	size_t bytes;      /* the whole region from base, a multiple of 8 */
	size_t free_bytes; /* sum of the payloads of the free blocks */
};

/* Lays out the region [base, base + bytes) as one free block.  base is
 * rounded up and the end down to 8 bytes.  The region must stay valid
 * and untouched by anything else while the heap is in use.
 * Returns: 0; -1 when h or base is NULL or less than UHEAP_MIN_REGION
 * bytes remain after the rounding (h is then left empty: every
 * allocation fails). */
int uheap_init(struct uheap *h, void *base, size_t bytes);

/* Returns an 8-byte aligned block of at least bytes bytes, or NULL when
 * bytes is 0, when no free block is big enough (including sizes larger
 * than the region, whatever their value: no overflow), or when h is
 * NULL or was never set up. */
void *uheap_alloc(struct uheap *h, size_t bytes);

/* Gives back a block uheap_alloc returned.  NULL is accepted and does
 * nothing.
 * Returns: 0; -1, with the heap unchanged, when p is not the start of a
 * live block of h (freed already, inside a block, outside the region) or
 * when a header on the way is corrupt. */
int uheap_free(struct uheap *h, void *p);

/* Returns the sum of the payload bytes of all free blocks: an upper bound
 * on what can still be allocated, since free space may be fragmented. */
size_t uheap_free_bytes(const struct uheap *h);

/* Returns the largest size that uheap_alloc would satisfy right now (the
 * payload of the biggest free block), 0 if none. */
size_t uheap_largest_free(const struct uheap *h);

/* Walks every block and checks the heap's invariants: each header's check
 * word matches, sizes are multiples of 8 and at least a header plus 8,
 * no two free blocks are adjacent, the blocks tile the region exactly
 * and the free payloads add up to uheap_free_bytes.
 * Returns: 0 if all hold; -1 at the first that does not (or h NULL or
 * never set up). */
int uheap_check(const struct uheap *h);

#endif
