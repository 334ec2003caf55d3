/* SPDX-License-Identifier: MIT */
/*
 * The benchmark image (make bench; tools/bench.py reads its output).
 *
 * main() is the first thread; its first act is to read the board clock
 * a number of times at a fixed spacing, so that on a board whose clock
 * counts from reset the host can tell exactly how many instructions ran
 * before main() (bench.py: the boot figure).
 */
#include <stdio.h>

#include "arch.h"
#include "bench.h"
#include "board.h"

#define BOOT_READINGS 128

static uint32_t boot_readings[BOOT_READINGS];

/* Stacks of the borrowed threads: the smallest, plus a margin (they use
 * less than the smallest: see "INFO bench_stack_used"). */
#define BENCH_STACK_BYTES                                         \
	((THREAD_STACK_MIN_BYTES + 128 + ARCH_STACK_ALIGN - 1) / \
	 ARCH_STACK_ALIGN * ARCH_STACK_ALIGN)

/* Heap left to newlib once the threads are allocated. */
#define HEAP_RESERVE_BYTES 2048

int main(void)
{
	bench_clock_trace(board_clock_now, boot_readings, BOOT_READINGS);

	printf("BENCH-BEGIN\n");
	if (board_clock_from_reset()) {
		printf("BOOT readings=");
		for (unsigned i = 0; i < BOOT_READINGS; i++)
			printf("%s%lu", i ? "," : "", (unsigned long)boot_readings[i]);
		printf("\n");
	}
	bench_static();
	bench_count_pendsv();
	bench_threads_alloc(BENCH_STACK_BYTES, HEAP_RESERVE_BYTES);
	printf("INFO bench_threads %lu\n", (unsigned long)bench_thread_count);
	printf("INFO bench_stack_bytes %lu\n", (unsigned long)bench_stack_bytes);
	bench_sched();
	bench_sync();
	bench_irq();
	bench_process();
	bench_tickless();
	printf("INFO bench_stack_used %lu\n", (unsigned long)bench_threads_stack_used());
	printf("BENCH-END failures=%lu\n", (unsigned long)bench_failures);
	return bench_failures ? 1 : 0;
}
