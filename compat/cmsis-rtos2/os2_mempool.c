/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 memory pools over the kernel's fixed-block pools
 * (kernel/pool.h), with a wait queue of this layer's for the threads
 * waiting for a block.
 *
 * The kernel's pool allocates and releases in O(1) from any context and
 * refuses a pointer that is not one of its blocks and a block freed
 * twice; it does not wait.  Waiting is added here with the kernel's
 * internal interface (kernel/sched.h): an allocator that finds the pool
 * empty blocks on mp->waiters, and osMemoryPoolFree, finding a waiter,
 * frees the block and allocates it again at once for the most urgent
 * waiter (highest thread priority, FIFO among equals), whose wait_buffer
 * carries it back.  Invariant: threads wait only while the pool has no
 * free block, so an allocation that finds one never passes a waiter.
 * Both steps run under the kernel lock (the pool's own lock nests in it).
 *
 * Where the specification leaves a choice, or Kestrel differs:
 *  - A block is block_size rounded up to a multiple of 4 bytes, and at
 *    least 8 (a free block holds the pool's link and its free marker):
 *    KESTREL_OS2_MEMORY_POOL_MEM_SIZE gives the bytes of mp_mem, which
 *    must be 4-byte aligned (8-byte aligned memory and a block size that
 *    is a multiple of 8 give 8-byte aligned blocks).  Extra bytes in
 *    mp_size are left unused.  osMemoryPoolGetBlockSize returns the
 *    block_size asked for.
 *  - osMemoryPoolFree: a pointer that is not a block of the pool (inside
 *    it but not at a block's start, or outside it) is osErrorParameter;
 *    a block that is free already is osErrorResource (the pool's state
 *    does not allow it) and changes nothing.
 *  - osMemoryPoolDelete wakes every waiting allocator, whose
 *    osMemoryPoolAlloc returns NULL.  Blocks still allocated are simply
 *    forgotten: the pool's memory is given back (if the layer took it).
 *  - A timeout beyond 2^31 - 1 ticks waits 2^31 - 1 ticks (os2_ticks).
 *  - attr_bits: osSafetyClass(n) gives the pool's safety class (else it
 *    is its creator's); Alloc (NULL), Free and Delete
 *    (osErrorSafetyClass) from a thread of a lower class are refused; a
 *    handler may.  Other bits are ignored.
 */
#include <string.h>

#include "kernel/pool.h"
#include "kernel/waitq.h"
#include "os2.h"

struct os2_mempool {
	struct os2_object obj;     /* OS2_MEMPOOL_MAGIC */
	struct pool pool;          /* the blocks; guarded by the kernel lock */
	struct wait_queue waiters; /* allocators, while the pool is empty */
	uint32_t block_size;       /* as asked for */
	uint32_t block_count;
};

_Static_assert(sizeof(struct os2_mempool) <= KESTREL_OS2_MEMORY_POOL_CB_SIZE,
	       "KESTREL_OS2_MEMORY_POOL_CB_SIZE is too small");
_Static_assert(KESTREL_OS2_MEMORY_POOL_CB_SIZE % 8 == 0, "control block sizes are multiples of 8");

static struct os2_mempool *mempool_of(osMemoryPoolId_t mp_id)
{
	return os2_is(mp_id, OS2_MEMPOOL_MAGIC) ? mp_id : NULL;
}

/* The bytes of a block as the kernel's pool lays it out (what
 * KESTREL_OS2_MEMORY_POOL_MEM_SIZE says), or 0 if block_size is too big
 * to round up. */
static uint32_t block_bytes(uint32_t block_size)
{
	if (block_size > UINT32_MAX - 3u)
		return 0;
	return block_size <= 8u ? 8u : (block_size + 3u) & ~3u;
}

/**
 * osMemoryPoolNew() - a pool of block_count blocks of block_size bytes.
 *
 * The control block is attr->cb_mem or from the heap, the blocks
 * attr->mp_mem (at least KESTREL_OS2_MEMORY_POOL_MEM_SIZE(block_count,
 * block_size) bytes, 4-byte aligned) or from the heap.
 * Context: thread (NULL in an ISR).
 * Returns: the pool's ID; NULL for a count or size of 0, memory that is
 * too small or misaligned, no heap left, a call from an ISR, or a safety
 * class above the caller's after osKernelStart.
 */
osMemoryPoolId_t osMemoryPoolNew(uint32_t block_count, uint32_t block_size,
				 const osMemoryPoolAttr_t *attr)
{
	static const osMemoryPoolAttr_t none;
	uint32_t bytes = block_bytes(block_size);

	if (attr == NULL)
		attr = &none;
	if (os2_in_isr() || block_count == 0 || block_size == 0 || bytes == 0 ||
	    block_count > UINT32_MAX / bytes)
		return NULL;
	bytes *= block_count;
	int safety_class = os2_new_class(attr->attr_bits);
	if (safety_class < 0)
		return NULL;

	bool cb_allocated, mem_allocated;
	struct os2_mempool *mp = os2_cb_get(attr->cb_mem, attr->cb_size, sizeof(*mp),
					    &cb_allocated);
	if (mp == NULL)
		return NULL;
	void *mem = os2_mem_get(attr->mp_mem, attr->mp_size, bytes, 4, &mem_allocated);
	if (mem == NULL) {
		if (cb_allocated)
			os2_free(mp);
		return NULL;
	}
	/* Exactly block_count blocks, however large mp_size is. */
	pool_init(&mp->pool, mem, bytes, block_size);
	wait_queue_init(&mp->waiters, NULL);
	mp->block_size = block_size;
	mp->block_count = block_count;
	mp->obj.name = attr->name;
	mp->obj.flags = (cb_allocated ? OS2_CB_ALLOCATED : 0) |
			(mem_allocated ? OS2_MEM_ALLOCATED : 0);
	mp->obj.safety_class = (uint8_t)safety_class;
	os2_object_add(&mp->obj, OS2_MEMPOOL_MAGIC);
	return mp;
}

/**
 * osMemoryPoolGetName() - the name attr gave the pool.
 * Context: any.
 * Returns: the name; NULL if none, or mp_id is not a pool.
 */
const char *osMemoryPoolGetName(osMemoryPoolId_t mp_id)
{
	struct os2_mempool *mp = mempool_of(mp_id);

	return mp != NULL ? mp->obj.name : NULL;
}

/* The allocation that found the pool empty, from a thread with a timeout
 * (TIMEOUT_FOREVER or ticks): waits until a free hands it a block, the
 * timeout passes or the pool is deleted.  Out of line: the fast path
 * stays a straight line. */
__attribute__((noinline)) static void *alloc_wait(struct os2_mempool *mp, uint32_t ticks)
{
	uint32_t key = kernel_lock();

	/* A block may have been freed since the pool was found empty. */
	void *block = pool_alloc(&mp->pool);
	if (block != NULL) {
		kernel_unlock_quiet(key);
		return block;
	}
	struct thread *self = sched_self();
	self->wait_buffer = NULL;
	if (sched_block(&mp->waiters, mp, "memory pool", ticks, key) != 0)
		return NULL; /* the timeout, the pool deleted (mp is gone), or killed */
	return self->wait_buffer;
}

/**
 * osMemoryPoolAlloc() - a block of the pool, waiting up to timeout ticks
 * for one (0: not at all; osWaitForever: for ever).
 * Context: any; in an ISR only with timeout 0.
 * Returns: the block; NULL if none came in time, mp_id is not a pool, the
 * pool was deleted while waiting, a call from an ISR with a timeout, or
 * from a thread of a lower safety class.
 */
void *osMemoryPoolAlloc(osMemoryPoolId_t mp_id, uint32_t timeout)
{
	struct os2_mempool *mp = mempool_of(mp_id);

	if (mp == NULL || (timeout != 0 && os2_in_isr()) || os2_class_denied(mp))
		return NULL;
	void *block = pool_alloc(&mp->pool);
	if (__builtin_expect(block != NULL || timeout == 0, 1))
		return block;
	return alloc_wait(mp, os2_ticks(timeout));
}

/**
 * osMemoryPoolFree() - gives block back to the pool; the most urgent
 * waiting allocator, if any, gets it at once.
 * Context: any.
 * Returns: osOK; osErrorParameter (mp_id not a pool, block NULL or not a
 * block of it); osErrorResource (block is free already);
 * osErrorSafetyClass.
 */
osStatus_t osMemoryPoolFree(osMemoryPoolId_t mp_id, void *block)
{
	struct os2_mempool *mp = mempool_of(mp_id);

	if (mp == NULL)
		return osErrorParameter;
	if (os2_class_denied(mp))
		return osErrorSafetyClass;

	uint32_t key = kernel_lock();
	/* The kernel's pool checks the block; freed, it is the one the
	 * waiter's allocation takes straight back. */
	int err = pool_free(&mp->pool, block);
	struct thread *waiter = wait_queue_first(&mp->waiters);
	if (__builtin_expect(err != 0 || waiter == NULL, 1)) {
		kernel_unlock_quiet(key); /* nobody was readied */
		return os2_status(err);
	}
	waiter->wait_buffer = pool_alloc(&mp->pool);
	sched_wake_locked(waiter, 0);
	kernel_unlock(key);
	return osOK;
}

/**
 * osMemoryPoolGetCapacity() - the pool's number of blocks.
 * Context: any.  Returns: the count; 0 if mp_id is not a pool.
 */
uint32_t osMemoryPoolGetCapacity(osMemoryPoolId_t mp_id)
{
	struct os2_mempool *mp = mempool_of(mp_id);

	return mp != NULL ? mp->block_count : 0;
}

/**
 * osMemoryPoolGetBlockSize() - the block size the pool was made with.
 * Context: any.  Returns: bytes; 0 if mp_id is not a pool.
 */
uint32_t osMemoryPoolGetBlockSize(osMemoryPoolId_t mp_id)
{
	struct os2_mempool *mp = mempool_of(mp_id);

	return mp != NULL ? mp->block_size : 0;
}

/**
 * osMemoryPoolGetCount() - how many blocks are allocated.
 * Context: any.  Returns: the count; 0 if mp_id is not a pool.
 */
uint32_t osMemoryPoolGetCount(osMemoryPoolId_t mp_id)
{
	struct os2_mempool *mp = mempool_of(mp_id);

	return mp != NULL ? mp->block_count - mp->pool.free_count : 0;
}

/**
 * osMemoryPoolGetSpace() - how many blocks are free.
 * Context: any.  Returns: the count; 0 if mp_id is not a pool.
 */
uint32_t osMemoryPoolGetSpace(osMemoryPoolId_t mp_id)
{
	struct os2_mempool *mp = mempool_of(mp_id);

	return mp != NULL ? mp->pool.free_count : 0;
}

/**
 * osMemoryPoolDelete() - ends the pool: its waiting allocators return
 * NULL, and what the layer allocated for it goes back to the heap.
 * Context: thread.
 * Returns: osOK; osErrorParameter (not a pool); osErrorSafetyClass;
 * osErrorISR.
 */
osStatus_t osMemoryPoolDelete(osMemoryPoolId_t mp_id)
{
	if (os2_in_isr())
		return osErrorISR;
	/* Checked and claimed under the lock: of two threads deleting it at
	 * once, exactly one goes on. */
	uint32_t key = kernel_lock();
	struct os2_mempool *mp = mempool_of(mp_id);
	if (mp == NULL || os2_class_denied(mp)) {
		kernel_unlock_quiet(key);
		return mp == NULL ? osErrorParameter : osErrorSafetyClass;
	}
	struct thread *waiter;
	while ((waiter = wait_queue_first(&mp->waiters)) != NULL)
		sched_wake_locked(waiter, ERR_DELETED);
	os2_object_remove_locked(&mp->obj);
	kernel_unlock(key);

	if (mp->obj.flags & OS2_MEM_ALLOCATED)
		os2_free(mp->pool.storage);
	if (mp->obj.flags & OS2_CB_ALLOCATED)
		os2_free(mp);
	return osOK;
}
