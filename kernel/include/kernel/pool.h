/* SPDX-License-Identifier: MIT */
/*
 * Fixed-block pools: O(1) allocation and release of equal-sized blocks
 * from storage the caller provides, with no general allocator behind
 * them.  The kernel's own object pools and applications use the same
 * code.
 *
 * A free block holds the link to the next free block and a marker, so a
 * block released twice, or an address that is not a block of this pool,
 * is refused instead of corrupting the free list.
 *
 * Context: any (ISR-safe); guarded by the kernel lock.
 */
#ifndef KERNEL_POOL_H
#define KERNEL_POOL_H

#include <stddef.h>
#include <stdint.h>

struct pool {
	uint8_t *storage;
	uint32_t block_bytes;
	uint32_t span_bytes; /* bytes from storage the blocks cover (blocks * block_bytes) */
	uint32_t free_count;
	void *free_list;
};

/* block_bytes is rounded up to a multiple of 4 (at least 8); blocks are
 * 4-byte aligned, 8-byte aligned when storage and block_bytes are.
 * Returns: 0; ERR_NULL; ERR_INVALID (no blocks fit). */
int pool_init(struct pool *p, void *storage, size_t storage_bytes, size_t block_bytes);

/* The pool over storage, laid out by pool_init on the first call (the
 * kernel's static object pools use this); later calls just return p. */
struct pool *pool_once(struct pool *p, void *storage, size_t storage_bytes, size_t block_bytes);

/* Returns a block, or NULL when the pool is empty. */
void *pool_alloc(struct pool *p);

/* Returns: 0; ERR_NULL; ERR_INVALID (not a block of p); ERR_STATE (free
 * already). */
int pool_free(struct pool *p, void *block);

#endif
