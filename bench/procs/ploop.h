/* SPDX-License-Identifier: MIT */
/*
 * The benchmark loops that run in the processes (bench/procs/pbench_a,
 * pbench_b), and their two tables of calls: the user library's syscall
 * wrappers, and do-nothing stubs of known length (bench.h: the loop is
 * subtracted).  Each process compiles its own copy of this file, from
 * the same source with the same flags, so A's and B's yield loops are
 * the same instructions.
 *
 * A process cannot reach the image's stubs (bench/asm.S: kernel memory),
 * so it has its own, written in assembly like those: STUB_INT (bench.h),
 * two instructions, "movs r0, #0; bx lr".
 */
#ifndef PLOOP_H
#define PLOOP_H

#include "kernel/errors.h"
#include "kestrel/user.h"
#include "pbench.h"

#define PB_NOIPA __attribute__((noipa, unused))

struct pbench_ops {
	int (*getpid)(void);
	int (*take)(int h, uint32_t timeout);
	int (*give)(int h);
	int (*yield)(void);
};

__attribute__((naked)) static int pstub_getpid(void)
{
	__asm__ volatile("movs r0, #0\n\tbx lr");
}

__attribute__((naked)) static int pstub_take(int h, uint32_t timeout)
{
	__asm__ volatile("movs r0, #0\n\tbx lr");
}

__attribute__((naked)) static int pstub_give(int h)
{
	__asm__ volatile("movs r0, #0\n\tbx lr");
}

__attribute__((naked)) static int pstub_yield(void)
{
	__asm__ volatile("movs r0, #0\n\tbx lr");
}

static const struct pbench_ops pbench_real = {
	.getpid = u_getpid,
	.take = u_sem_take,
	.give = u_sem_give,
	.yield = u_yield,
};

static const struct pbench_ops pbench_stubs = {
	.getpid = pstub_getpid,
	.take = pstub_take,
	.give = pstub_give,
	.yield = pstub_yield,
};

static inline const struct pbench_ops *pbench_ops(uint32_t stub)
{
	return stub ? &pbench_stubs : &pbench_real;
}

/* n null syscalls; the PIDs they return are summed (the stub returns 0). */
static PB_NOIPA void pbench_getpid_loop(const struct pbench_ops *ops, volatile uint32_t *sum,
					uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		*sum = *sum + (uint32_t)ops->getpid();
}

/* n take+give pairs on semaphore handle h (count 1, max 1): neither
 * blocks; a give that finds the count full is ERR_FULL. */
static PB_NOIPA void pbench_sem_loop(const struct pbench_ops *ops, int h, volatile int32_t *bad,
				     uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad |= ops->take(h, SYS_NO_WAIT);
		*bad |= ops->give(h);
	}
}

/* n yields, counted. */
static PB_NOIPA void pbench_yield_loop(const struct pbench_ops *ops, volatile int32_t *bad,
				       volatile uint32_t *counter, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*counter = *counter + 1;
		*bad |= ops->yield();
	}
}

/* A partner of A in the yielding benchmarks: for each job on queue jobs,
 * its half of the yields, then the result on queue results. */
static inline void pbench_partner(int jobs, int results)
{
	for (;;) {
		struct pbench_job job;
		volatile int32_t bad = 0;
		volatile uint32_t counter = 0;

		int err = u_queue_receive(jobs, &job, SYS_FOREVER);
		if (err < 0)
			return;
		pbench_yield_loop(pbench_ops(job.stub), &bad, &counter, job.n);
		struct pbench_result result = { bad, counter };
		if (u_queue_send(results, &result, SYS_NO_WAIT) < 0)
			return;
	}
}

#endif
