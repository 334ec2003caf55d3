/* SPDX-License-Identifier: MIT */
/*
 * Fixed-block pools (see pool.h).  Invariant: free_list links exactly the
 * free_count free blocks, each carrying POOL_FREE_MARK in its second word.
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
	p->blocks = (uint32_t)((storage_bytes - skip) / block_bytes);
	p->free_count = p->blocks;
	p->free_list = NULL;
	for (uint32_t i = p->blocks; i-- > 0;) {
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

void *pool_alloc(struct pool *p)
{
	uint32_t key = kernel_lock();
	struct free_block *b = p->free_list;

	if (b != NULL) {
		p->free_list = b->next;
		b->mark = 0;
		p->free_count--;
	}
	kernel_unlock(key);
	return b;
}

int pool_free(struct pool *p, void *block)
{
	if (p == NULL || block == NULL)
		return ERR_NULL;
	uintptr_t offset = (uintptr_t)block - (uintptr_t)p->storage;
	if ((uintptr_t)block < (uintptr_t)p->storage || offset % p->block_bytes != 0 ||
	    offset / p->block_bytes >= p->blocks)
		return ERR_INVALID;

	uint32_t key = kernel_lock();
	struct free_block *b = block;
	int err = 0;
	if (b->mark == POOL_FREE_MARK) {
		err = ERR_STATE;
	} else {
		b->mark = POOL_FREE_MARK;
		b->next = p->free_list;
		p->free_list = b;
		p->free_count++;
	}
	kernel_unlock(key);
	return err;
}
