/* SPDX-License-Identifier: MIT */
/*
 * What the benchmark image (bench/process.c, privileged) and its two
 * processes (bench/procs/pbench_a, pbench_b) say to each other.
 *
 * main calls pbench_a by IPC with a struct pbench_call; pbench_a's main
 * thread (A) runs the benchmark's loop of n units in the process and
 * replies with a struct pbench_reply.  The call and the reply are the
 * fixed costs of a window; the n and 2n windows cancel them (bench.h).
 *
 * The yielding benchmarks need a partner thread for A: A2, a second
 * thread of pbench_a, or B, the main thread of pbench_b.  Each waits on
 * a queue for a struct pbench_job, runs its half of the yields and sends
 * a struct pbench_result back on a second queue.  pbench_b creates its
 * two queues and grants them to pbench_a at PBENCH_SETUP.
 */
#ifndef PBENCH_H
#define PBENCH_H

#include <stdint.h>

enum pbench_kind {
	PBENCH_SETUP = 1,    /* to pbench_b: arg = pbench_a's PID;
			      * to pbench_a: arg, arg2 = its handles of
			      * pbench_b's job and result queues */
	PBENCH_NULL,         /* n getpid calls */
	PBENCH_SEM,          /* n semaphore take+give pairs */
	PBENCH_YIELD_SAME,   /* n yields, A and A2 (n/2 each) */
	PBENCH_YIELD_CROSS,  /* n yields, A and B (n/2 each) */
};

struct pbench_call {
	uint32_t kind; /* enum pbench_kind */
	uint32_t stub; /* 1: the loop calls the do-nothing stubs */
	uint32_t n;
	uint32_t arg, arg2;
};

struct pbench_reply {
	int32_t status;   /* 0, or the first error a call returned */
	uint32_t value;   /* NULL: the sum of the PIDs getpid returned;
			   * yields: A's count; SETUP: pbench_b's handles */
	uint32_t value2;  /* yields: the partner's count */
	uint32_t pid;     /* the replying process's PID */
};

/* A's order to its partner, and the partner's answer. */
struct pbench_job {
	uint32_t stub;
	uint32_t n;
};

struct pbench_result {
	int32_t bad;
	uint32_t counter;
};

#define PBENCH_PRIORITY 10

#endif
