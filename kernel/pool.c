/* SPDX-License-Identifier: MIT */
/*
 * Fixed-block pools (see pool.h).  Invariant: free_list links exactly the
 * free_count free blocks, each carrying POOL_FREE_MARK in its second word;
 * an allocated block's second word is something else when it is handed
 * out (then it is the caller's).
 */
#include "kernel/errors.h"
#include "kernel/pool.h"
#include "kernel/sched.h"

#define POOL_FREE_MARK 0xf4eeb10cu

struct free_block {
	struct free_block *next;
	uint32_t mark;
};

int pool_init(struct pool *p, void *storage, size_t storage_bytes, size_t block_bytes)
{
	if (p == NULL || storage == NULL)
		return ERR_NULL;
	block_bytes = block_bytes < 8 ? 8 : (block_bytes + 3) & ~(size_t)3;
	size_t skip = (size_t)(-(uintptr_t)storage & 3); /* align the first block */
	if (storage_bytes < skip + block_bytes)
		return ERR_INVALID;

	uint32_t key = kernel_lock();
	p->storage = (uint8_t *)storage + skip;
	p->block_bytes = (uint32_t)block_bytes;
	uint32_t blocks = (uint32_t)((storage_bytes - skip) / block_bytes);
	p->span_bytes = blocks * (uint32_t)block_bytes;
	p->free_count = blocks;
	p->free_list = NULL;
	for (uint32_t i = blocks; i-- > 0;) {
		struct free_block *b = (struct free_block *)(p->storage + i * block_bytes);
		b->next = p->free_list;
		b->mark = POOL_FREE_MARK;
		p->free_list = b;
	}
	kernel_unlock(key);
	return 0;
}

struct pool *pool_once(struct pool *p, void *storage, size_t storage_bytes, size_t block_bytes)
{
	uint32_t key = kernel_lock();

	if (p->storage == NULL)
		pool_init(p, storage, storage_bytes, block_bytes);
	kernel_unlock(key);
	return p;
}

/* Neither allocation nor release readies a thread: the unlocks are quiet. */
void *pool_alloc(struct pool *p)
{
	uint32_t key = kernel_lock();
	struct free_block *b = p->free_list;

	if (__builtin_expect(b != NULL, 1)) {
		p->free_list = b->next;
		p->free_count--;
		/* Anything but the mark says "allocated": the count, at hand in
		 * a register, will do; it is below 2^29 (blocks are at least
		 * 8 bytes), never POOL_FREE_MARK. */
		b->mark = p->free_count;
	}
	kernel_unlock_quiet(key);
	return b;
}

int pool_free(struct pool *p, void *block)
{
	if (p == NULL)
		return ERR_NULL;
	/* One unsigned compare refuses addresses below the storage and past
	 * its last block; NULL is one of them (the storage is never at 0).
	 * span_bytes is 0 in a pool never laid out, so the division is
	 * never by 0. */
	uintptr_t offset = (uintptr_t)block - (uintptr_t)p->storage;
	if (__builtin_expect(offset >= p->span_bytes || offset % p->block_bytes != 0, 0))
		return block == NULL ? ERR_NULL : ERR_INVALID;

	uint32_t key = kernel_lock();
	struct free_block *b = block;
	if (__builtin_expect(b->mark == POOL_FREE_MARK, 0)) {
		kernel_unlock_quiet(key);
		return ERR_STATE;
	}
	b->mark = POOL_FREE_MARK;
	b->next = p->free_list;
	p->free_list = b;
	p->free_count++;
	kernel_unlock_quiet(key);
	return 0;
}
