/* SPDX-License-Identifier: MIT */
/*
 * Scheduling benchmarks: yielding among equals (Thread-Metric's
 * cooperative test, and the plain switch with 2, 16 and 64 threads), the
 * preemptive chain, the semaphore ping-pong with 2, 16 and 64 ready
 * threads, and thread create+join.
 *
 * Each loop runs in the thread(s) the benchmark is about with the
 * kernel's functions, and in main, one loop after the other, with the
 * stubs (the loop's own cost: bench.h).  Loops are noipa so that the
 * compiler cannot specialise them for either table.
 */
#include <stdio.h>

#include "arch.h"
#include "bench.h"
#include "kernel/errors.h"
#include "kernel/time.h"

#define NOIPA __attribute__((noipa))

static bool stubbed(const struct bench_ops *ops)
{
	return ops == &bench_stub_ops;
}

/* -------------------------------------------------- yield among equals -- */

/* Shared by the yielding threads: how many yields are left. */
static volatile uint32_t yield_budget;

static NOIPA void yield_loop(const struct bench_ops *ops, volatile uint32_t *budget,
			     volatile uint32_t *counter)
{
	while (*budget != 0) {
		*budget = *budget - 1;
		*counter = *counter + 1;
		ops->yield();
	}
}

static void yield_work(struct bench_thread *w)
{
	yield_loop(w->ops, &yield_budget, &w->counter);
}

static void yield_setup(struct bench *b)
{
	for (uint32_t i = 0; i < b->arg; i++)
		bench_thread_start(i, PRIO_LOW, yield_work);
}

static void yield_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	for (uint32_t i = 0; i < b->arg; i++)
		bench_threads[i]->counter = 0;
	yield_budget = n;
	if (stubbed(ops)) {
		yield_loop(ops, &yield_budget, &bench_threads[0]->counter);
		return;
	}
	bench_threads_go(0, b->arg, ops, n);
	bench_threads_wait(b->arg);
}

/* Round robin: every thread yielded exactly n / threads times. */
static const char *yield_check(struct bench *b, uint32_t n)
{
	for (uint32_t i = 0; i < b->arg; i++)
		if (bench_threads[i]->counter != n / b->arg || bench_threads[i]->bad)
			return "a thread did not get its turn exactly once per round";
	return NULL;
}

static void yield_teardown(struct bench *b)
{
	bench_threads_stop(b->arg);
}

#define YIELD_BENCH(name, count)                                                        \
	{                                                                               \
		.id = name, .ops_per_unit = 1, .stub_per_unit = STUB_VOID,              \
		.calls_per_unit = 1, .unit_multiple = count, .switches_per_unit = 1,    \
		.threads = count, .setup = yield_setup, .body = yield_body,             \
		.check = yield_check, .teardown = yield_teardown, .arg = count,         \
	}

/* ------------------------------------------------ the preemptive chain -- */

/*
 * Thread-Metric's preemptive test: five threads of rising priority.  The
 * lowest resumes the next, which preempts it at once, counts, resumes the
 * next, ... the highest counts and suspends itself, and so on back down.
 * A unit is one round: 4 activations (a resume that preempts, and the
 * suspend that ends it), 8 switches.
 */
#define CHAIN 5

static NOIPA void chain_head_loop(const struct bench_ops *ops, struct thread *next,
				  volatile uint32_t *counter, volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*counter = *counter + 1;
		*bad |= ops->resume(next);
	}
}

static NOIPA void chain_link_loop(const struct bench_ops *ops, struct thread *self,
				  struct thread *next, volatile uint32_t *counter,
				  volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad |= ops->suspend(self);
		*counter = *counter + 1;
		if (next != NULL)
			*bad |= ops->resume(next);
	}
}

static struct thread *chain_next(struct bench_thread *w)
{
	return w->index + 1 < CHAIN ? &bench_threads[w->index + 1]->thread : NULL;
}

static void chain_work(struct bench_thread *w)
{
	if (w->index == 0)
		chain_head_loop(w->ops, chain_next(w), &w->counter, &w->bad, w->n);
	else
		chain_link_loop(w->ops, &w->thread, chain_next(w), &w->counter, &w->bad, w->n);
}

static void chain_setup(struct bench *b)
{
	for (uint32_t i = 0; i < CHAIN; i++)
		bench_thread_start(i, PRIO_HIGH + i, chain_work);
}

static void chain_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	for (uint32_t i = 0; i < CHAIN; i++)
		bench_threads[i]->counter = 0;
	if (stubbed(ops)) {
		struct bench_thread **t = bench_threads;
		chain_head_loop(ops, chain_next(t[0]), &t[0]->counter, &t[0]->bad, n);
		for (uint32_t i = 1; i < CHAIN; i++)
			chain_link_loop(ops, &t[i]->thread, chain_next(t[i]), &t[i]->counter,
					&t[i]->bad, n);
		return;
	}
	/* Each link preempts main and suspends itself; then the head runs
	 * every round. */
	bench_threads_go(1, CHAIN - 1, ops, n);
	bench_threads_go(0, 1, ops, n);
	bench_threads_wait(CHAIN);
}

static const char *chain_check(struct bench *b, uint32_t n)
{
	for (uint32_t i = 0; i < CHAIN; i++) {
		if (bench_threads[i]->bad)
			return "a resume or suspend failed";
		if (bench_threads[i]->counter != n)
			return "a thread did not run exactly once per round";
	}
	return NULL;
}

static void chain_teardown(struct bench *b)
{
	bench_threads_stop(CHAIN);
}

/* ---------------------------------------------------------- ping-pong -- */

/*
 * A round trip between a low (L) and a high (H) priority thread through
 * two semaphores: L gives ping, H wakes and preempts L, gives pong (L is
 * not waiting yet: the unit is kept) and waits for ping again; L takes
 * pong.  Two switches per round trip.  The other threads are fillers:
 * ready at priorities below L, spread over the levels, never running
 * while a window lasts.
 */
static struct semaphore ping, pong;
static volatile bool fillers_released;

static NOIPA void pingpong_low_loop(const struct bench_ops *ops, struct semaphore *out,
				    struct semaphore *in, volatile uint32_t *counter,
				    volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad |= ops->give(out);
		*bad |= ops->take(in, TIMEOUT_FOREVER);
		*counter = *counter + 1;
	}
}

static NOIPA void pingpong_high_loop(const struct bench_ops *ops, struct semaphore *in,
				     struct semaphore *out, volatile uint32_t *counter,
				     volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad |= ops->take(in, TIMEOUT_FOREVER);
		*bad |= ops->give(out);
		*counter = *counter + 1;
	}
}

static void pingpong_work(struct bench_thread *w)
{
	if (w->index == 0)
		pingpong_low_loop(w->ops, &ping, &pong, &w->counter, &w->bad, w->n);
	else
		pingpong_high_loop(w->ops, &ping, &pong, &w->counter, &w->bad, w->n);
}

static void filler_work(struct bench_thread *w)
{
	while (!fillers_released)
		;
}

static void pingpong_setup(struct bench *b)
{
	semaphore_init(&ping, 0, 1);
	semaphore_init(&pong, 0, 1);
	bench_thread_start(0, PRIO_LOW, pingpong_work);
	bench_thread_start(1, PRIO_LOW + 1, pingpong_work);
	fillers_released = false;
	for (uint32_t i = 2; i < b->arg; i++) {
		bench_thread_start(i, 1 + (i - 2) % PRIO_FILLER_MAX, filler_work);
		bench_threads_go(i, 1, &bench_kernel_ops, 0);
	}
}

static void pingpong_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	bench_threads[0]->counter = bench_threads[1]->counter = 0;
	if (stubbed(ops)) {
		pingpong_low_loop(ops, &ping, &pong, &bench_threads[0]->counter,
				  &bench_threads[0]->bad, n);
		pingpong_high_loop(ops, &ping, &pong, &bench_threads[1]->counter,
				   &bench_threads[1]->bad, n);
		return;
	}
	bench_threads_go(0, 2, ops, n);
	bench_threads_wait(2);
}

static const char *pingpong_check(struct bench *b, uint32_t n)
{
	for (uint32_t i = 0; i < 2; i++)
		if (bench_threads[i]->bad || bench_threads[i]->counter != n)
			return "a give or take failed, or a thread missed a round";
	if (semaphore_count(&ping) != 0 || semaphore_count(&pong) != 0)
		return "a semaphore kept a unit";
	for (uint32_t i = 2; i < b->arg; i++) {
		enum thread_state s = bench_threads[i]->thread.state;
		if (s != THREAD_READY && s != THREAD_RUNNING)
			return "a filler thread is not ready";
	}
	return NULL;
}

static void pingpong_teardown(struct bench *b)
{
	fillers_released = true;
	bench_threads_wait(b->arg - 2);
	bench_threads_stop(b->arg);
	semaphore_delete(&ping);
	semaphore_delete(&pong);
}

#define PINGPONG_BENCH(name, count)                                                        \
	{                                                                                  \
		.id = name, .ops_per_unit = 1, .stub_per_unit = 4 * STUB_INT,              \
		.calls_per_unit = 4, .switches_per_unit = 2, .threads = count,             \
		.setup = pingpong_setup, .body = pingpong_body, .check = pingpong_check,   \
		.teardown = pingpong_teardown, .arg = count,                               \
	}

/* ------------------------------------------------------- create + join -- */

/* main creates a thread above itself on the smallest stack (borrowed
 * from an idle bench thread); it runs at once, returns its argument + 1
 * and exits; main joins it (it has already exited).  Two switches. */
static struct thread child;
static volatile uint32_t child_sum, child_bad, child_switches;

static void *child_entry(void *arg)
{
	return (void *)((uintptr_t)arg + 1);
}

static NOIPA void create_join_loop(const struct bench_ops *ops, struct thread *t, void *stack,
				   volatile uint32_t *sum, volatile uint32_t *switches,
				   volatile uint32_t *bad, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		void *value = NULL;
		*bad |= ops->create(t, "child", child_entry, (void *)(uintptr_t)i, PRIO_HIGH,
				    stack, THREAD_STACK_MIN_BYTES);
		*bad |= ops->join(t, &value, TIMEOUT_FOREVER);
		*sum += (uint32_t)(uintptr_t)value;
		*switches += t->switches_in;
	}
}

static void create_join_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	child_sum = child_bad = child_switches = 0;
	create_join_loop(ops, &child, bench_threads[0]->stack, &child_sum, &child_switches,
			 &child_bad, n);
	if (!stubbed(ops))
		bench_extra_switches = child_switches;
}

static const char *create_join_check(struct bench *b, uint32_t n)
{
	if (child_bad)
		return "thread_create or thread_join failed";
	if (child_sum != n * (n + 1) / 2)
		return "a thread's exit value did not come back through join";
	if (child.state != THREAD_FREE)
		return "the joined thread's record was not freed";
	return NULL;
}

/* ---------------------------------------------------------------------- */

static struct bench benches[] = {
	YIELD_BENCH("tm_cooperative", 5),
	{
		.id = "tm_preemptive", .ops_per_unit = CHAIN - 1,
		/* head: resume; links 1-3: suspend + resume; link 4: suspend */
		.stub_per_unit = (1 + 2 * (CHAIN - 2) + 1) * STUB_INT,
		.calls_per_unit = 1 + 2 * (CHAIN - 2) + 1, .switches_per_unit = 2 * (CHAIN - 1),
		.threads = CHAIN, .setup = chain_setup, .body = chain_body,
		.check = chain_check, .teardown = chain_teardown,
	},
	YIELD_BENCH("yield_2", 2),
	YIELD_BENCH("yield_16", 16),
	YIELD_BENCH("yield_64", 64),
	PINGPONG_BENCH("pingpong_2", 2),
	PINGPONG_BENCH("pingpong_16", 16),
	PINGPONG_BENCH("pingpong_64", 64),
	{
		.id = "create_join", .ops_per_unit = 1, .stub_per_unit = 2 * STUB_INT,
		.calls_per_unit = 2, .switches_per_unit = 2, .threads = 1,
		.body = create_join_body, .check = create_join_check,
	},
};

bool bench_sched(void)
{
	bool ok = true;

	for (unsigned i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		ok &= bench_run(&benches[i]);
	return ok;
}
