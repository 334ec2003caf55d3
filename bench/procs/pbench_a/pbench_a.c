/* SPDX-License-Identifier: MIT */
/*
 * The benchmark image's first process (bench/procs/pbench.h): its main
 * thread A serves main's calls, running each benchmark's loop here,
 * unprivileged; its second thread A2 is A's partner for the yields
 * within one process; pbench_b's main thread is the partner for the
 * yields across processes.
 */
#include "kestrel/user.h"

#include "../ploop.h"

static int sem = -1;                  /* count 1, max 1 */
static int jobs_a2 = -1, results_a2 = -1; /* A2's queues */
static int jobs_b = -1, results_b = -1;   /* pbench_b's, granted at SETUP */

static void a2_main(void *arg)
{
	pbench_partner(jobs_a2, results_a2);
}

/* The yields: the partner is told to yield n/2 times, A yields n/2 times
 * (each yield runs the other), then A takes the partner's result. */
static int32_t yields(const struct pbench_call *c, int jobs, int results,
		      struct pbench_reply *r)
{
	struct pbench_job job = { c->stub, c->n / 2 };
	struct pbench_result result = { 0, 0 };
	volatile int32_t bad = 0;
	volatile uint32_t counter = 0;

	int err = u_queue_send(jobs, &job, SYS_NO_WAIT);
	if (err < 0)
		return err;
	pbench_yield_loop(pbench_ops(c->stub), &bad, &counter, c->n / 2);
	err = u_queue_receive(results, &result, SYS_FOREVER);
	if (err < 0)
		return err;
	r->value = counter;
	r->value2 = result.counter;
	return bad ? bad : result.bad;
}

/* After the semaphore loop: the count must be 1 again. */
static int32_t sem_after(void)
{
	int err = u_sem_take(sem, SYS_NO_WAIT);
	if (err < 0)
		return err;
	if (u_sem_take(sem, SYS_NO_WAIT) != ERR_WOULD_BLOCK)
		return ERR_STATE;
	return u_sem_give(sem);
}

static int32_t serve(const struct pbench_call *c, struct pbench_reply *r)
{
	volatile uint32_t sum = 0;
	volatile int32_t bad = 0;

	switch (c->kind) {
	case PBENCH_SETUP:
		jobs_b = (int)c->arg;
		results_b = (int)c->arg2;
		return 0;
	case PBENCH_NULL:
		pbench_getpid_loop(pbench_ops(c->stub), &sum, c->n);
		r->value = sum;
		return 0;
	case PBENCH_SEM:
		pbench_sem_loop(pbench_ops(c->stub), sem, &bad, c->n);
		return bad ? bad : sem_after();
	case PBENCH_YIELD_SAME:
		return yields(c, jobs_a2, results_a2, r);
	case PBENCH_YIELD_CROSS:
		return yields(c, jobs_b, results_b, r);
	}
	return ERR_INVALID;
}

static int pbench_a_main(void)
{
	int pid = u_getpid();
	int32_t ready;

	sem = u_sem_create(1, 1);
	jobs_a2 = u_queue_create(sizeof(struct pbench_job), 1);
	results_a2 = u_queue_create(sizeof(struct pbench_result), 1);
	ready = sem < 0 ? sem : jobs_a2 < 0 ? jobs_a2 : results_a2;
	if (ready >= 0)
		ready = u_thread_create(a2_main, NULL, PBENCH_PRIORITY);
	for (;;) {
		struct pbench_call c;
		struct pbench_reply r = { 0, 0, 0, (uint32_t)pid };
		uint32_t sender;

		int len = u_ipc_receive(&c, sizeof(c), &sender, SYS_FOREVER);
		if (len < 0)
			return 1;
		if (ready < 0)
			r.status = ready;
		else if (len != sizeof(c))
			r.status = ERR_RANGE;
		else
			r.status = serve(&c, &r);
		u_ipc_reply(sender, &r, sizeof(r));
	}
}

PROCESS(pbench_a, 2, 1024, 256, .main = pbench_a_main, .priority = PBENCH_PRIORITY,
	.ceiling = PBENCH_PRIORITY);
