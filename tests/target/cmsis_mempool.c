/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 memory pools (compat/cmsis-rtos2/os2_mempool.c) on the
 * target: counts through allocation and release, blocks inside the
 * memory given, exhaustion and exact timeouts, waiting allocators woken
 * by a release (most urgent first), interrupt-handler calls, double and
 * foreign frees, deletion with a waiter, invalid parameters, static and
 * heap memory.
 *
 * The cases run in the runner thread at osPriorityNormal; helper threads
 * run above it, so they reach their blocking call as soon as they are
 * made.  A software-triggered IRQ runs code in handler mode.
 */
#include <malloc.h>
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "cmsis_test.h"
#include "test_isr.h"
#include "kestrel_os2.h"

#define HELPER_STACK_BYTES 768u

/* ---- helpers ----------------------------------------------------------- */

/* A helper thread allocates from pool with timeout, then records what it
 * got and when. */
struct helper {
	char id;
	osMemoryPoolId_t pool;
	uint32_t timeout;
	void *volatile block;
	volatile bool done;
	volatile uint32_t done_at;
};

static char order[4];
static unsigned order_len;

static void helper_entry(void *arg)
{
	struct helper *h = arg;

	h->block = osMemoryPoolAlloc(h->pool, h->timeout);
	h->done_at = osKernelGetTickCount();
	h->done = true;
	if (order_len < sizeof(order))
		order[order_len++] = h->id;
}

static void spawn(struct helper *h, osMemoryPoolId_t pool, uint32_t timeout, osPriority_t prio)
{
	const osThreadAttr_t attr = {
		.name = "allocator",
		.stack_size = HELPER_STACK_BYTES,
		.priority = prio,
	};

	h->id = (char)prio;
	h->pool = pool;
	h->timeout = timeout;
	h->block = (void *)1;
	h->done = false;
	CHECK(osThreadNew(helper_entry, h, &attr) != NULL);
}

/* A record of some other kind, and a misaligned pointer: neither is a pool. */
static uint32_t not_a_pool[8] = { 0x4f325345u };
#define MISALIGNED ((void *)((uintptr_t)not_a_pool + 2))

/* ---- counts ------------------------------------------------------------ */

static void test_counts(void)
{
	const osMemoryPoolAttr_t attr = { .name = "pool" };
	osMemoryPoolId_t mp = osMemoryPoolNew(4, 12, &attr);
	uint8_t *block[5];

	CHECK(mp != NULL);
	CHECK(strcmp(osMemoryPoolGetName(mp), "pool") == 0);
	CHECK_EQ(osMemoryPoolGetCapacity(mp), 4);
	CHECK_EQ(osMemoryPoolGetBlockSize(mp), 12);
	CHECK_EQ(osMemoryPoolGetCount(mp), 0);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 4);
	for (unsigned i = 0; i < 4; i++) {
		block[i] = osMemoryPoolAlloc(mp, 0);
		CHECK(block[i] != NULL);
		CHECK_EQ((uintptr_t)block[i] & 3u, 0);
		memset(block[i], 0xa0 + i, 12); /* the whole block is the caller's */
		CHECK_EQ(osMemoryPoolGetCount(mp), i + 1);
		CHECK_EQ(osMemoryPoolGetSpace(mp), 3 - i);
	}
	/* Exhausted: no block, nothing changes. */
	CHECK(osMemoryPoolAlloc(mp, 0) == NULL);
	CHECK_EQ(osMemoryPoolGetCount(mp), 4);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 0);
	/* The blocks do not overlap: each kept its own pattern. */
	for (unsigned i = 0; i < 4; i++)
		for (unsigned j = 0; j < 12; j++)
			CHECK_EQ(block[i][j], 0xa0 + i);
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(osMemoryPoolFree(mp, block[i]), osOK);
		CHECK_EQ(osMemoryPoolGetCount(mp), 3 - i);
		CHECK_EQ(osMemoryPoolGetSpace(mp), i + 1);
	}
	/* Every block comes back. */
	for (unsigned i = 0; i < 4; i++)
		block[i] = osMemoryPoolAlloc(mp, 0);
	block[4] = osMemoryPoolAlloc(mp, 0);
	CHECK(block[4] == NULL);
	for (unsigned i = 0; i < 4; i++)
		for (unsigned j = i + 1; j < 4; j++)
			CHECK(block[i] != block[j]);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(osMemoryPoolFree(mp, block[i]), osOK);
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);
}

/* ---- static and heap memory -------------------------------------------- */

#define POOL_BLOCKS 5u
#define POOL_BLOCK_SIZE 10u
static uint64_t pool_cb[KESTREL_OS2_MEMORY_POOL_CB_SIZE / 8];
static uint64_t pool_mem[(KESTREL_OS2_MEMORY_POOL_MEM_SIZE(POOL_BLOCKS, POOL_BLOCK_SIZE) + 7) / 8];

static void test_static(void)
{
	const uint32_t size = KESTREL_OS2_MEMORY_POOL_MEM_SIZE(POOL_BLOCKS, POOL_BLOCK_SIZE);
	osMemoryPoolAttr_t attr = {
		.name = "static",
		.cb_mem = pool_cb,
		.cb_size = sizeof(pool_cb),
		.mp_mem = pool_mem,
		.mp_size = size,
	};
	uint8_t *lo = (uint8_t *)pool_mem, *hi = lo + size;
	size_t heap = heap_in_use();
	void *block[POOL_BLOCKS];

	osMemoryPoolId_t mp = osMemoryPoolNew(POOL_BLOCKS, POOL_BLOCK_SIZE, &attr);
	CHECK(mp == (void *)pool_cb);
	CHECK_EQ(heap_in_use(), heap); /* nothing from the heap */
	for (unsigned i = 0; i < POOL_BLOCKS; i++) {
		uint8_t *b = block[i] = osMemoryPoolAlloc(mp, 0);
		CHECK(b >= lo && b + POOL_BLOCK_SIZE <= hi);
		CHECK_EQ((uintptr_t)b & 3u, 0);
		for (unsigned j = 0; j < i; j++)
			CHECK(b != block[j]);
	}
	CHECK(osMemoryPoolAlloc(mp, 0) == NULL);
	for (unsigned i = 0; i < POOL_BLOCKS; i++)
		CHECK_EQ(osMemoryPoolFree(mp, block[i]), osOK);
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);

	/* One byte less is too little; misaligned memory is refused. */
	attr.mp_size = size - 1;
	CHECK(osMemoryPoolNew(POOL_BLOCKS, POOL_BLOCK_SIZE, &attr) == NULL);
	attr.mp_size = size;
	attr.mp_mem = (uint8_t *)pool_mem + 2;
	CHECK(osMemoryPoolNew(POOL_BLOCKS, POOL_BLOCK_SIZE, &attr) == NULL);
	attr.mp_mem = pool_mem;
	attr.cb_size = 8;
	CHECK(osMemoryPoolNew(POOL_BLOCKS, POOL_BLOCK_SIZE, &attr) == NULL);
	attr.cb_size = sizeof(pool_cb);
	attr.cb_mem = (uint8_t *)pool_cb + 2;
	CHECK(osMemoryPoolNew(POOL_BLOCKS, POOL_BLOCK_SIZE, &attr) == NULL);

	/* Blocks of 1 byte take 8 each: exactly what the macro says. */
	attr.cb_mem = pool_cb;
	attr.mp_size = KESTREL_OS2_MEMORY_POOL_MEM_SIZE(3, 1);
	CHECK_EQ(attr.mp_size, 24);
	mp = osMemoryPoolNew(3, 1, &attr);
	CHECK(mp != NULL);
	CHECK_EQ(osMemoryPoolGetCapacity(mp), 3);
	CHECK_EQ(osMemoryPoolGetBlockSize(mp), 1);
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);
	attr.mp_size--;
	CHECK(osMemoryPoolNew(3, 1, &attr) == NULL);

	/* A pool from the heap gives it all back when deleted. */
	mp = osMemoryPoolNew(6, 20, NULL);
	CHECK(mp != NULL);
	CHECK(heap_in_use() > heap + 6 * 20);
	CHECK(osMemoryPoolGetName(mp) == NULL);
	CHECK(osMemoryPoolAlloc(mp, 0) != NULL); /* deleted with a block in use */
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);
	CHECK_EQ(heap_in_use(), heap);
}

/* ---- timeouts and waiting allocators ---------------------------------- */

static void test_timeout(void)
{
	osMemoryPoolId_t mp = osMemoryPoolNew(1, 16, NULL);
	void *b = osMemoryPoolAlloc(mp, 0);

	CHECK(b != NULL);
	uint32_t t0 = tick_start();
	CHECK(osMemoryPoolAlloc(mp, 5) == NULL);
	CHECK_EQ(osKernelGetTickCount() - t0, 5);
	t0 = tick_start();
	CHECK(osMemoryPoolAlloc(mp, 1) == NULL);
	CHECK_EQ(osKernelGetTickCount() - t0, 1);
	CHECK_EQ(osMemoryPoolGetCount(mp), 1);

	/* A timed waiter gets a block freed before its timeout, at once. */
	struct helper h;
	spawn(&h, mp, 50, osPriorityAboveNormal);
	CHECK(!h.done);
	t0 = tick_start();
	osDelay(3);
	CHECK(!h.done);
	CHECK_EQ(osMemoryPoolFree(mp, b), osOK);
	CHECK(h.done);
	CHECK(h.block == b);
	CHECK_EQ(h.done_at - t0, 3);
	CHECK_EQ(osMemoryPoolGetCount(mp), 1);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 0);
	CHECK_EQ(osMemoryPoolFree(mp, h.block), osOK);

	/* And one whose timeout passes gets NULL, after exactly its ticks. */
	b = osMemoryPoolAlloc(mp, 0);
	t0 = tick_start();
	spawn(&h, mp, 4, osPriorityAboveNormal);
	osDelay(10);
	CHECK(h.done);
	CHECK(h.block == NULL);
	CHECK_EQ(h.done_at - t0, 4);
	CHECK_EQ(osMemoryPoolFree(mp, b), osOK);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 1);
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);
}

static void test_waiters(void)
{
	osMemoryPoolId_t mp = osMemoryPoolNew(2, 8, NULL);
	void *b0 = osMemoryPoolAlloc(mp, 0), *b1 = osMemoryPoolAlloc(mp, 0);
	struct helper low, high;

	order_len = 0;
	/* The lower one waits first; the more urgent one is served first. */
	spawn(&low, mp, osWaitForever, osPriorityAboveNormal);
	spawn(&high, mp, osWaitForever, osPriorityHigh);
	CHECK(!low.done && !high.done);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 0);
	CHECK_EQ(osMemoryPoolFree(mp, b1), osOK);
	CHECK(high.done && !low.done);
	CHECK(high.block == b1);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 0);
	CHECK_EQ(osMemoryPoolFree(mp, b0), osOK);
	CHECK(low.done);
	CHECK(low.block == b0);
	CHECK_EQ(order_len, 2);
	CHECK_EQ(order[0], (char)osPriorityHigh);
	CHECK_EQ(order[1], (char)osPriorityAboveNormal);
	CHECK_EQ(osMemoryPoolGetCount(mp), 2);
	CHECK_EQ(osMemoryPoolFree(mp, b0), osOK);
	CHECK_EQ(osMemoryPoolFree(mp, b1), osOK);
	CHECK_EQ(osMemoryPoolGetCount(mp), 0);
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);
}

/* ---- interrupt handlers ------------------------------------------------ */

static osMemoryPoolId_t isr_pool;
static void *isr_block;
static void *isr_block2;
static osStatus_t isr_status;
static uint32_t isr_counts[4];
static const char *isr_name;

static void isr_alloc(void)
{
	isr_block = osMemoryPoolAlloc(isr_pool, 0);
	isr_counts[0] = osMemoryPoolGetCount(isr_pool);
	isr_counts[1] = osMemoryPoolGetSpace(isr_pool);
	isr_counts[2] = osMemoryPoolGetCapacity(isr_pool);
	isr_counts[3] = osMemoryPoolGetBlockSize(isr_pool);
	isr_name = osMemoryPoolGetName(isr_pool);
}

static void isr_free(void)
{
	isr_status = osMemoryPoolFree(isr_pool, isr_block);
}

static void isr_refused(void)
{
	isr_block = osMemoryPoolAlloc(isr_pool, 1);
	isr_block2 = osMemoryPoolAlloc(isr_pool, osWaitForever);
	isr_status = osMemoryPoolDelete(isr_pool);
	isr_counts[0] = osMemoryPoolNew(1, 4, NULL) == NULL;
	isr_counts[1] = osMemoryPoolGetCapacity(NULL);
	isr_counts[2] = osMemoryPoolFree(NULL, isr_block) == osErrorParameter;
}

static void test_isr(void)
{
	const osMemoryPoolAttr_t attr = { .name = "isr" };

	isr_pool = osMemoryPoolNew(2, 24, &attr);
	in_isr(isr_alloc);
	CHECK(isr_block != NULL);
	CHECK_EQ(isr_counts[0], 1);
	CHECK_EQ(isr_counts[1], 1);
	CHECK_EQ(isr_counts[2], 2);
	CHECK_EQ(isr_counts[3], 24);
	CHECK(isr_name != NULL && strcmp(isr_name, "isr") == 0);
	CHECK_EQ(osMemoryPoolGetCount(isr_pool), 1);
	in_isr(isr_free);
	CHECK_EQ(isr_status, osOK);
	CHECK_EQ(osMemoryPoolGetCount(isr_pool), 0);
	in_isr(isr_free); /* twice */
	CHECK_EQ(isr_status, osErrorResource);

	/* A timeout, Delete and New are refused in a handler, blocks free or not. */
	in_isr(isr_refused);
	CHECK(isr_block == NULL);
	CHECK(isr_block2 == NULL);
	CHECK_EQ(isr_status, osErrorISR);
	CHECK_EQ(isr_counts[0], 1);
	CHECK_EQ(isr_counts[1], 0);
	CHECK_EQ(isr_counts[2], 1);
	CHECK_EQ(osMemoryPoolGetCount(isr_pool), 0);
	CHECK_EQ(osMemoryPoolGetCapacity(isr_pool), 2); /* not deleted */

	/* A release in a handler wakes a waiting thread with the block. */
	void *b0 = osMemoryPoolAlloc(isr_pool, 0);
	isr_block = osMemoryPoolAlloc(isr_pool, 0);
	struct helper h;
	spawn(&h, isr_pool, osWaitForever, osPriorityHigh);
	CHECK(!h.done);
	in_isr(isr_free);
	CHECK_EQ(isr_status, osOK);
	CHECK(h.done);
	CHECK(h.block == isr_block);
	CHECK_EQ(osMemoryPoolGetCount(isr_pool), 2);
	CHECK_EQ(osMemoryPoolFree(isr_pool, b0), osOK);
	CHECK_EQ(osMemoryPoolFree(isr_pool, h.block), osOK);
	CHECK_EQ(osMemoryPoolDelete(isr_pool), osOK);
}

/* ---- bad frees --------------------------------------------------------- */

static void test_bad_free(void)
{
	osMemoryPoolId_t mp = osMemoryPoolNew(3, 16, NULL);
	osMemoryPoolId_t other = osMemoryPoolNew(1, 16, NULL);
	uint8_t *b = osMemoryPoolAlloc(mp, 0);
	void *foreign = osMemoryPoolAlloc(other, 0);
	uint32_t local;

	CHECK(b != NULL && foreign != NULL);
	CHECK_EQ(osMemoryPoolFree(mp, &local), osErrorParameter);
	CHECK_EQ(osMemoryPoolFree(mp, foreign), osErrorParameter); /* another pool's */
	CHECK_EQ(osMemoryPoolFree(mp, b + 4), osErrorParameter);   /* inside a block */
	CHECK_EQ(osMemoryPoolFree(mp, NULL), osErrorParameter);
	CHECK_EQ(osMemoryPoolFree(NULL, b), osErrorParameter);
	CHECK_EQ(osMemoryPoolFree(not_a_pool, b), osErrorParameter);
	CHECK_EQ(osMemoryPoolFree(MISALIGNED, b), osErrorParameter);
	CHECK_EQ(osMemoryPoolGetCount(mp), 1);
	CHECK_EQ(osMemoryPoolGetCount(other), 1);

	CHECK_EQ(osMemoryPoolFree(mp, b), osOK);
	CHECK_EQ(osMemoryPoolFree(mp, b), osErrorResource); /* free already */
	CHECK_EQ(osMemoryPoolGetCount(mp), 0);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 3);
	/* The free list is intact: three distinct blocks, then none. */
	void *x = osMemoryPoolAlloc(mp, 0), *y = osMemoryPoolAlloc(mp, 0);
	void *z = osMemoryPoolAlloc(mp, 0);
	CHECK(x != NULL && y != NULL && z != NULL && x != y && y != z && x != z);
	CHECK(osMemoryPoolAlloc(mp, 0) == NULL);
	/* A block never allocated is free too. */
	CHECK_EQ(osMemoryPoolFree(mp, x), osOK);
	CHECK_EQ(osMemoryPoolFree(mp, x), osErrorResource);
	CHECK_EQ(osMemoryPoolGetSpace(mp), 1);
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);
	CHECK_EQ(osMemoryPoolFree(other, foreign), osOK);
	CHECK_EQ(osMemoryPoolDelete(other), osOK);
}

/* ---- deletion ---------------------------------------------------------- */

static void test_delete_waiter(void)
{
	const osMemoryPoolAttr_t attr = {
		.cb_mem = pool_cb, .cb_size = sizeof(pool_cb),
		.mp_mem = pool_mem, .mp_size = sizeof(pool_mem),
	};
	osMemoryPoolId_t mp = osMemoryPoolNew(1, 16, &attr);
	struct helper h;

	CHECK(osMemoryPoolAlloc(mp, 0) != NULL);
	spawn(&h, mp, osWaitForever, osPriorityHigh);
	CHECK(!h.done);
	CHECK_EQ(osMemoryPoolDelete(mp), osOK);
	CHECK(h.done);
	CHECK(h.block == NULL);

	/* The ID is dead (its control block is static: safe to look at). */
	CHECK(osMemoryPoolGetName(mp) == NULL);
	CHECK(osMemoryPoolAlloc(mp, 0) == NULL);
	CHECK_EQ(osMemoryPoolFree(mp, pool_mem), osErrorParameter);
	CHECK_EQ(osMemoryPoolGetCapacity(mp), 0);
	CHECK_EQ(osMemoryPoolGetCount(mp), 0);
	CHECK_EQ(osMemoryPoolDelete(mp), osErrorParameter);
}

/* ---- invalid parameters ------------------------------------------------ */

static void test_invalid(void)
{
	CHECK(osMemoryPoolNew(0, 4, NULL) == NULL);
	CHECK(osMemoryPoolNew(4, 0, NULL) == NULL);
	CHECK(osMemoryPoolNew(0x40000000u, 16, NULL) == NULL); /* bytes overflow */
	CHECK(osMemoryPoolNew(1, UINT32_MAX, NULL) == NULL);
	CHECK(osMemoryPoolNew(1, 0x10000000u, NULL) == NULL); /* no such heap */

	void *ids[] = { NULL, not_a_pool, MISALIGNED };
	for (unsigned i = 0; i < 3; i++) {
		CHECK(osMemoryPoolGetName(ids[i]) == NULL);
		CHECK(osMemoryPoolAlloc(ids[i], 0) == NULL);
		CHECK(osMemoryPoolAlloc(ids[i], 5) == NULL);
		CHECK_EQ(osMemoryPoolFree(ids[i], not_a_pool), osErrorParameter);
		CHECK_EQ(osMemoryPoolGetCapacity(ids[i]), 0);
		CHECK_EQ(osMemoryPoolGetBlockSize(ids[i]), 0);
		CHECK_EQ(osMemoryPoolGetCount(ids[i]), 0);
		CHECK_EQ(osMemoryPoolGetSpace(ids[i]), 0);
		CHECK_EQ(osMemoryPoolDelete(ids[i]), osErrorParameter);
	}
	CHECK_EQ(not_a_pool[0], 0x4f325345u); /* untouched */
}

static void cases(void)
{
	ktest_run("mempool.counts", test_counts);
	ktest_run("mempool.static", test_static);
	ktest_run("mempool.timeout", test_timeout);
	ktest_run("mempool.waiters", test_waiters);
	ktest_run("mempool.isr", test_isr);
	ktest_run("mempool.bad_free", test_bad_free);
	ktest_run("mempool.delete_waiter", test_delete_waiter);
	ktest_run("mempool.invalid", test_invalid);
}

int main(void)
{
	return cmsis_test_main(cases);
}
