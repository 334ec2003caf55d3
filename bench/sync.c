/* SPDX-License-Identifier: MIT */
/*
 * Synchronization benchmarks, one thread (main), nothing blocks:
 * Thread-Metric's synchronization (semaphore take+give), message (a
 * 16-byte message sent to a queue and received back) and memory
 * allocation (a 128-byte block from a fixed-block pool and back) tests,
 * and an uncontended mutex lock+unlock.
 *
 * Each loop checks every result as it goes into a "bad" word: the stub
 * run sets it too (the stubs do nothing), and only the real run's is
 * checked; the checking instructions are the same in both and cancel.
 */
#include <stdio.h>

#include "bench.h"
#include "kernel/time.h"

#define NOIPA __attribute__((noipa))

static volatile uint32_t bad;

/* --------------------------------------------------- semaphore (binary) -- */

static struct semaphore sem;

static NOIPA void sem_loop(const struct bench_ops *ops, struct semaphore *s,
			   volatile uint32_t *bad_out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad_out |= ops->take(s, TIMEOUT_NO_WAIT);
		*bad_out |= ops->give(s); /* ERR_FULL if take did not take */
	}
}

static void sem_setup(struct bench *b)
{
	semaphore_init(&sem, 1, 1);
}

static void sem_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	bad = 0;
	sem_loop(ops, &sem, &bad, n);
}

static const char *sem_check(struct bench *b, uint32_t n)
{
	if (bad)
		return "a take or give failed";
	return semaphore_count(&sem) == 1 ? NULL : "the count is not back to 1";
}

static void sem_teardown(struct bench *b)
{
	semaphore_delete(&sem);
}

/* -------------------------------------------------- mutex, uncontended -- */

static struct mutex mtx;

static NOIPA void mutex_loop(const struct bench_ops *ops, struct mutex *m, struct thread *self,
			     volatile uint32_t *bad_out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*bad_out |= ops->lock(m, TIMEOUT_FOREVER);
		*bad_out |= m->owner != self;
		*bad_out |= ops->unlock(m);
		*bad_out |= m->owner != NULL;
	}
}

static void mutex_setup(struct bench *b)
{
	mutex_init(&mtx, 0);
}

static void mutex_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	bad = 0;
	mutex_loop(ops, &mtx, thread_self(), &bad, n);
}

static const char *mutex_check(struct bench *b, uint32_t n)
{
	return bad ? "a lock or unlock failed, or the owner was wrong" : NULL;
}

static void mutex_teardown(struct bench *b)
{
	mutex_delete(&mtx);
}

/* ------------------------------------------------------ message queue -- */

struct message {
	uint32_t word[4];
};
_Static_assert(sizeof(struct message) == 16, "Thread-Metric's message is 16 bytes");

#define QUEUE_CAPACITY 4
static struct queue queue;
static struct message queue_storage[QUEUE_CAPACITY];

static NOIPA void message_loop(const struct bench_ops *ops, struct queue *q,
			       volatile uint32_t *bad_out, uint32_t n)
{
	struct message out, in;

	for (uint32_t i = 0; i < n; i++) {
		out.word[0] = i;
		out.word[1] = ~i;
		out.word[2] = i * 3;
		out.word[3] = 0xa5a5a5a5u;
		*bad_out |= ops->send(q, &out, TIMEOUT_NO_WAIT);
		*bad_out |= ops->receive(q, &in, TIMEOUT_NO_WAIT);
		*bad_out |= (in.word[0] != i) | (in.word[1] != ~i) | (in.word[2] != i * 3) |
			    (in.word[3] != 0xa5a5a5a5u);
	}
}

static void message_setup(struct bench *b)
{
	queue_init(&queue, queue_storage, sizeof(struct message), QUEUE_CAPACITY);
}

static void message_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	bad = 0;
	message_loop(ops, &queue, &bad, n);
}

static const char *message_check(struct bench *b, uint32_t n)
{
	if (bad)
		return "a send or receive failed, or a message came back changed";
	return queue_count(&queue) == 0 ? NULL : "messages were left in the queue";
}

static void message_teardown(struct bench *b)
{
	queue_delete(&queue);
}

/* ----------------------------------------------------- fixed-block pool -- */

#define BLOCK_BYTES 128
#define BLOCKS 8
static struct pool pool;
static uint8_t pool_storage[BLOCK_BYTES * BLOCKS] __attribute__((aligned(8)));

static NOIPA void alloc_loop(const struct bench_ops *ops, struct pool *p,
			     volatile uint32_t *bad_out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		void *block = ops->alloc(p);
		*bad_out |= ops->free(p, block); /* ERR_NULL, ERR_INVALID, ERR_STATE */
	}
}

static void alloc_setup(struct bench *b)
{
	pool_init(&pool, pool_storage, sizeof(pool_storage), BLOCK_BYTES);
}

static void alloc_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	bad = 0;
	alloc_loop(ops, &pool, &bad, n);
}

static const char *alloc_check(struct bench *b, uint32_t n)
{
	if (bad)
		return "an allocation or release failed";
	if (pool.block_bytes != BLOCK_BYTES || pool.free_count != BLOCKS)
		return "the pool does not hold its 8 free blocks of 128 bytes";
	return NULL;
}

/* ---------------------------------------------------------------------- */

static struct bench benches[] = {
	{
		.id = "tm_message", .ops_per_unit = 1, .stub_per_unit = 2 * STUB_INT,
		.calls_per_unit = 2, .setup = message_setup, .body = message_body,
		.check = message_check, .teardown = message_teardown,
	},
	{
		.id = "tm_synchronization", .ops_per_unit = 1, .stub_per_unit = 2 * STUB_INT,
		.calls_per_unit = 2, .setup = sem_setup, .body = sem_body, .check = sem_check,
		.teardown = sem_teardown,
	},
	{
		.id = "tm_memory", .ops_per_unit = 1, .stub_per_unit = STUB_VOID + STUB_INT,
		.calls_per_unit = 2, .setup = alloc_setup, .body = alloc_body,
		.check = alloc_check,
	},
	{
		.id = "mutex", .ops_per_unit = 1, .stub_per_unit = 2 * STUB_INT,
		.calls_per_unit = 2, .setup = mutex_setup, .body = mutex_body,
		.check = mutex_check, .teardown = mutex_teardown,
	},
};

bool bench_sync(void)
{
	bool ok = true;

	for (unsigned i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		ok &= bench_run(&benches[i]);
	return ok;
}
