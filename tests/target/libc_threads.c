/* SPDX-License-Identifier: MIT */
/*
 * newlib under threads: the heap survives malloc/free from many threads
 * at once (the heap is walked afterwards), errno is per thread, and lines
 * printed by several threads at once come out whole.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/check.h"
#include "ktest.h"

/* Workers print as main does: half of main's stack is plenty (2 KiB
 * with the default configuration, less on boards with little RAM). */
#define STACK_BYTES (CONFIG_MAIN_STACK_BYTES / 2)
#define WORKERS 4
#define SLOTS 16
#define MAX_BLOCK_BYTES 300

struct worker {
	struct thread thread;
	unsigned index;
	volatile uint32_t failures;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct worker workers[WORKERS];

/* Workers 0 and 1 run at low_priority, 2 and 3 at high_priority. */
static void run_workers(void *(*entry)(void *), unsigned low_priority, unsigned high_priority)
{
	for (unsigned i = 0; i < WORKERS; i++) {
		workers[i].index = i;
		workers[i].failures = 0;
		CHECK_EQ(thread_create(&workers[i].thread, "worker", entry, &workers[i],
				       i >= 2 ? high_priority : low_priority, workers[i].stack,
				       STACK_BYTES), 0);
	}
	for (unsigned i = 0; i < WORKERS; i++)
		CHECK_EQ(thread_join(&workers[i].thread, NULL, TIMEOUT_FOREVER), 0);
}

/* ---- heap ------------------------------------------------------------ */

static uint32_t next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Blocks of 1..max_block bytes: MAX_BLOCK_BYTES, or less where the heap
 * is small (a quarter of what is free shared by every slot of every
 * worker), so that a failed malloc means a broken heap, not a full one. */
static size_t max_block;

/* Random malloc/free; each block is filled with its owner's byte and
 * checked before it is freed.  Workers 0 and 1 (low priority) allocate
 * without pause; workers 2 and 3 (high priority) wake on every tick for a
 * burst, so they nearly always preempt a low one inside malloc or free:
 * without the heap lock the heap would be corrupted. */
static void *heap_worker(void *arg)
{
	struct worker *w = arg;
	bool high = w->index >= 2;
	uint8_t *blocks[SLOTS] = { 0 };
	size_t sizes[SLOTS] = { 0 };
	uint8_t mark = (uint8_t)(0xa0 + w->index);
	uint32_t rng = 0x1234567u * (w->index + 1);

	for (unsigned round = 0; round < 12000; round++) {
		if (high && round % 40 == 0)
			thread_sleep(1);
		unsigned slot = next_random(&rng) % SLOTS;
		if (blocks[slot] != NULL) {
			/* First, middle and last byte: cheap enough that the time
			 * goes to malloc and free. */
			size_t n = sizes[slot];
			if (blocks[slot][0] != mark || blocks[slot][n / 2] != mark ||
			    blocks[slot][n - 1] != mark)
				w->failures++;
			free(blocks[slot]);
			blocks[slot] = NULL;
		} else {
			size_t size = 1 + next_random(&rng) % max_block;
			blocks[slot] = malloc(size);
			if (blocks[slot] == NULL) {
				w->failures++;
				continue;
			}
			sizes[slot] = size;
			blocks[slot][0] = blocks[slot][size / 2] = blocks[slot][size - 1] = mark;
		}
	}
	for (unsigned slot = 0; slot < SLOTS; slot++)
		free(blocks[slot]);
	return NULL;
}

#if CONFIG_NANO
/*
 * Walks newlib-nano's heap: chunks lie back to back from __heap_start to
 * the break, each starting with its size (header included, a multiple of
 * 4), allocated and free alike.
 */
static bool heap_walk_ok(unsigned *chunks)
{
	extern char __heap_start[];
	extern void *_sbrk(ptrdiff_t);
	uint8_t *end = _sbrk(0);
	uint8_t *chunk = (uint8_t *)__heap_start;

	*chunks = 0;
	while (chunk < end) {
		int32_t size = ((int32_t *)chunk)[0];
		if (size < 8 || size % 4 != 0 || size > end - chunk)
			return false;
		chunk += size;
		(*chunks)++;
	}
	return chunk == end;
}
#else
/*
 * Walks newlib's heap (dlmalloc): chunks lie back to back from
 * __heap_start to the break, each with its size in its second word (low
 * bits: flags, bit 0 "previous chunk in use").  A chunk after a free one
 * must have that bit clear and the free one's size in its first word.
 */
static bool heap_walk_ok(unsigned *chunks)
{
	extern char __heap_start[];
	extern void *_sbrk(ptrdiff_t);
	uint8_t *end = _sbrk(0);
	uint8_t *chunk = (uint8_t *)__heap_start;
	uint32_t prev_size = 0;
	bool prev_free = false;

	*chunks = 0;
	while (chunk < end) {
		uint32_t head = ((uint32_t *)chunk)[1];
		uint32_t size = head & ~7u;
		if (size < 16 || chunk + size > end)
			return false;
		if (prev_free && ((head & 1u) || ((uint32_t *)chunk)[0] != prev_size))
			return false;
		uint8_t *next = chunk + size;
		prev_free = next + 8 <= end && !(((uint32_t *)next)[1] & 1u);
		prev_size = size;
		chunk = next;
		(*chunks)++;
	}
	return chunk == end;
}
#endif

static void test_heap_stress(void)
{
	extern char __heap_end[];
	extern void *_sbrk(ptrdiff_t);
	size_t free_bytes = (size_t)(__heap_end - (char *)_sbrk(0));
	struct mallinfo before = mallinfo();

	max_block = free_bytes / (4 * WORKERS * SLOTS);
	if (max_block > MAX_BLOCK_BYTES)
		max_block = MAX_BLOCK_BYTES;
	CHECK(max_block >= 8);

	run_workers(heap_worker, 8, 10);
	for (unsigned i = 0; i < WORKERS; i++)
		CHECK_EQ(workers[i].failures, 0);
	struct mallinfo after = mallinfo();
	CHECK_EQ(after.uordblks, before.uordblks); /* everything freed */
	unsigned chunks;
	CHECK(heap_walk_ok(&chunks));
	CHECK(chunks > 0);
}

/* ---- errno ----------------------------------------------------------- */

static volatile size_t too_big = 0x7fff0000u; /* more than the heap */

static void *errno_worker(void *arg)
{
	struct worker *w = arg;

	for (int round = 0; round < 200; round++) {
		errno = (int)(w->index * 1000 + round);
		thread_yield();
		if (errno != (int)(w->index * 1000 + round))
			w->failures++;
		/* newlib's own functions set it too. */
		if (malloc(too_big) != NULL || errno != ENOMEM)
			w->failures++;
		thread_yield();
		if (errno != ENOMEM)
			w->failures++;
	}
	return NULL;
}

static void test_errno_per_thread(void)
{
	errno = 77;
	run_workers(errno_worker, 8, 8);
	for (unsigned i = 0; i < WORKERS; i++)
		CHECK_EQ(workers[i].failures, 0);
	CHECK_EQ(errno, 77);
}

/* ---- console --------------------------------------------------------- */

/* Two low-priority threads print without pause, so a higher-priority
 * printer waking on a tick almost always finds one of them in the middle
 * of a line: without the console lock the lines would interleave. */
static void *print_worker(void *arg)
{
	struct worker *w = arg;
	bool high = w->index >= 2;

	for (int line = 0; line < (high ? 4 : 600); line++) {
		if (high)
			thread_sleep(1);
		printf("LINE %u %03d abcdefghijklmnopqrstuvwxyz0123456789 %u END\n", w->index, line,
		       w->index);
	}
	return NULL;
}

static void test_console_lines_stay_whole(void)
{
	printf("CHECK-LINES: LINE 1208 LINE ([0-3]) \\d{3} abcdefghijklmnopqrstuvwxyz0123456789 \\1 END\n");
	run_workers(print_worker, 8, 10);
}

static void test_kernel_check(void)
{
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	ktest_run("libc.heap_stress", test_heap_stress);
	ktest_run("libc.errno_per_thread", test_errno_per_thread);
	ktest_run("libc.console_lines_stay_whole", test_console_lines_stay_whole);
	ktest_run("libc.kernel_check", test_kernel_check);
	return ktest_finish();
}
