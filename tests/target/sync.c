/* SPDX-License-Identifier: MIT */
/*
 * Semaphores, message queues, event flags and fixed-block pools on the
 * target: semantics, timeouts, interrupt-handler paths, deletion with
 * waiters, pools and every error code.
 *
 * main runs at 16; helper threads run above it, so they reach their
 * blocking call at once.  A software-triggered IRQ runs irq_action in
 * handler mode for the ISR cases.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/event.h"
#include "kernel/pool.h"
#include "kernel/queue.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "kernel/check.h"
#include "ktest.h"
#include "test_isr.h"

#define STACK_BYTES 1024

/* ---- helpers --------------------------------------------------------- */

struct helper {
	struct thread thread;
	int (*op)(struct helper *h);
	void *object;
	uint32_t timeout;
	uint32_t value; /* item or mask in, item or bits out */
	uint32_t options;
	volatile int result;
	volatile uint32_t done_at;
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct helper helpers[3];
static char order[8];
static unsigned order_len;

static void *helper_entry(void *arg)
{
	struct helper *h = arg;

	h->result = h->op(h);
	h->done_at = time_ticks();
	order[order_len++] = (char)('0' + (h - helpers));
	order[order_len] = '\0';
	return NULL;
}

static struct helper *start(unsigned i, unsigned priority, int (*op)(struct helper *),
			    void *object, uint32_t timeout)
{
	struct helper *h = &helpers[i];

	h->op = op;
	h->object = object;
	h->timeout = timeout;
	h->result = 1;
	h->done_at = 0;
	CHECK_EQ(thread_create(&h->thread, "helper", helper_entry, h, priority, h->stack,
			       STACK_BYTES), 0);
	return h;
}

static void join(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(thread_join(&helpers[i].thread, NULL, TIMEOUT_FOREVER), 0);
	order_len = 0;
	order[0] = '\0';
}

/* ---- semaphores ------------------------------------------------------ */

static struct semaphore sem;

static int op_take(struct helper *h)
{
	return semaphore_take(h->object, h->timeout);
}

static void sem_reset(uint32_t initial, uint32_t max)
{
	if (sem.magic != 0)
		semaphore_delete(&sem);
	CHECK_EQ(semaphore_init(&sem, initial, max), 0);
}

static void test_semaphore_counts(void)
{
	CHECK_EQ(semaphore_init(NULL, 0, 1), ERR_NULL);
	CHECK_EQ(semaphore_init(&sem, 0, 0), ERR_INVALID);
	CHECK_EQ(semaphore_init(&sem, 3, 2), ERR_INVALID);
	sem_reset(2, 3);
	CHECK_EQ(semaphore_init(&sem, 0, 1), ERR_STATE);
	CHECK_EQ(semaphore_take(&sem, TIMEOUT_NO_WAIT), 0);
	CHECK_EQ(semaphore_take(&sem, TIMEOUT_NO_WAIT), 0);
	CHECK_EQ(semaphore_take(&sem, TIMEOUT_NO_WAIT), ERR_WOULD_BLOCK);
	CHECK_EQ(semaphore_give(&sem), 0);
	CHECK_EQ(semaphore_give(&sem), 0);
	CHECK_EQ(semaphore_give(&sem), 0);
	CHECK_EQ(semaphore_give(&sem), ERR_FULL);
	CHECK_EQ(semaphore_count(&sem), 3);
	CHECK_EQ(semaphore_take(&sem, TIMEOUT_MAX_TICKS + 1u), ERR_RANGE);
	CHECK_EQ(semaphore_take(NULL, 0), ERR_NULL);
	CHECK_EQ(semaphore_give(NULL), ERR_NULL);
}

static void test_semaphore_timeout(void)
{
	sem_reset(0, 1);
	thread_sleep(1);
	uint32_t before = time_ticks();
	CHECK_EQ(semaphore_take(&sem, 4), ERR_TIMEOUT);
	CHECK_EQ(time_ticks() - before, 4);
}

static void test_semaphore_give_hands_over_by_priority(void)
{
	sem_reset(0, 5);
	start(0, 18, op_take, &sem, TIMEOUT_FOREVER);
	start(1, 20, op_take, &sem, TIMEOUT_FOREVER);
	start(2, 18, op_take, &sem, TIMEOUT_FOREVER);
	CHECK_EQ(semaphore_give(&sem), 0);
	CHECK_EQ(semaphore_count(&sem), 0); /* handed over, not counted */
	CHECK(strcmp(order, "1") == 0);
	semaphore_give(&sem);
	semaphore_give(&sem);
	CHECK(strcmp(order, "102") == 0);
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(helpers[i].result, 0);
	join(3);
}

static volatile int isr_results[4];

static void isr_give(void)
{
	isr_results[0] = semaphore_give(&sem);
	isr_results[1] = (int)order_len; /* the woken thread has not run yet */
}

static void isr_take_paths(void)
{
	isr_results[0] = semaphore_take(&sem, TIMEOUT_NO_WAIT);
	isr_results[1] = semaphore_take(&sem, TIMEOUT_NO_WAIT);
	isr_results[2] = semaphore_take(&sem, 10);
}

static void test_semaphore_from_isr(void)
{
	sem_reset(0, 1);
	start(0, 20, op_take, &sem, TIMEOUT_FOREVER);
	in_isr(isr_give);
	CHECK_EQ(isr_results[0], 0);
	CHECK_EQ(isr_results[1], 0);
	CHECK(strcmp(order, "0") == 0); /* ran right after the handler */
	CHECK_EQ(helpers[0].result, 0);
	join(1);

	sem_reset(1, 1);
	in_isr(isr_take_paths);
	CHECK_EQ(isr_results[0], 0);
	CHECK_EQ(isr_results[1], ERR_WOULD_BLOCK);
	CHECK_EQ(isr_results[2], ERR_CONTEXT);
}

static void test_semaphore_delete_and_pool(void)
{
	struct semaphore *s;
	unsigned free_before = semaphore_pool_free();

	CHECK_EQ(semaphore_create_pooled(&s, 0, 1), 0);
	CHECK_EQ(semaphore_pool_free(), free_before - 1);
	start(0, 20, op_take, s, TIMEOUT_FOREVER);
	start(1, 19, op_take, s, 100);
	CHECK_EQ(semaphore_delete(s), 0);
	CHECK_EQ(helpers[0].result, ERR_DELETED);
	CHECK_EQ(helpers[1].result, ERR_DELETED);
	CHECK_EQ(semaphore_give(s), ERR_STALE);
	CHECK_EQ(semaphore_delete(s), ERR_STALE);
	CHECK_EQ(semaphore_pool_free(), free_before);
	CHECK_EQ(semaphore_create_pooled(NULL, 0, 1), ERR_NULL);
	CHECK_EQ(semaphore_create_pooled(&s, 2, 1), ERR_INVALID);
	join(2);
}

/* ---- queues ---------------------------------------------------------- */

static struct queue q;
static uint32_t q_buffer[2];

static int op_send(struct helper *h)
{
	return queue_send(h->object, &h->value, h->timeout);
}

static int op_receive(struct helper *h)
{
	return queue_receive(h->object, &h->value, h->timeout);
}

static void q_reset(void)
{
	if (q.magic != 0)
		queue_delete(&q);
	CHECK_EQ(queue_init(&q, q_buffer, sizeof(uint32_t), 2), 0);
}

static void test_queue_fifo_and_errors(void)
{
	uint32_t v;

	CHECK_EQ(queue_init(NULL, q_buffer, 4, 2), ERR_NULL);
	CHECK_EQ(queue_init(&q, NULL, 4, 2), ERR_NULL);
	CHECK_EQ(queue_init(&q, q_buffer, 0, 2), ERR_INVALID);
	CHECK_EQ(queue_init(&q, q_buffer, 4, 0), ERR_INVALID);
	CHECK_EQ(queue_init(&q, q_buffer, 0x10000, 0x10001), ERR_INVALID); /* size overflows */
	q_reset();
	CHECK_EQ(queue_init(&q, q_buffer, 4, 2), ERR_STATE);
	CHECK_EQ(queue_receive(&q, &v, TIMEOUT_NO_WAIT), ERR_WOULD_BLOCK);
	for (uint32_t i = 1; i <= 2; i++)
		CHECK_EQ(queue_send(&q, &i, TIMEOUT_NO_WAIT), 0);
	v = 3;
	CHECK_EQ(queue_send(&q, &v, TIMEOUT_NO_WAIT), ERR_WOULD_BLOCK);
	CHECK_EQ(queue_count(&q), 2);
	for (uint32_t i = 1; i <= 2; i++) {
		CHECK_EQ(queue_receive(&q, &v, TIMEOUT_NO_WAIT), 0);
		CHECK_EQ(v, i);
	}
	/* Wrap around the ring a few times. */
	for (uint32_t i = 10; i < 20; i++) {
		CHECK_EQ(queue_send(&q, &i, TIMEOUT_NO_WAIT), 0);
		CHECK_EQ(queue_receive(&q, &v, TIMEOUT_NO_WAIT), 0);
		CHECK_EQ(v, i);
	}
	CHECK_EQ(queue_send(&q, NULL, 0), ERR_NULL);
	CHECK_EQ(queue_receive(&q, NULL, 0), ERR_NULL);
	CHECK_EQ(queue_send(&q, &v, TIMEOUT_MAX_TICKS + 1u), ERR_RANGE);
}

static void test_queue_timeouts(void)
{
	uint32_t v = 7;

	q_reset();
	thread_sleep(1);
	uint32_t before = time_ticks();
	CHECK_EQ(queue_receive(&q, &v, 3), ERR_TIMEOUT);
	CHECK_EQ(time_ticks() - before, 3);
	queue_send(&q, &v, 0);
	queue_send(&q, &v, 0);
	before = time_ticks();
	CHECK_EQ(queue_send(&q, &v, 2), ERR_TIMEOUT);
	CHECK_EQ(time_ticks() - before, 2);
}

static void test_queue_direct_handover(void)
{
	uint32_t v;

	q_reset();
	/* A waiting receiver gets the item straight into its buffer. */
	struct helper *r = start(0, 20, op_receive, &q, TIMEOUT_FOREVER);
	v = 42;
	CHECK_EQ(queue_send(&q, &v, TIMEOUT_NO_WAIT), 0);
	CHECK_EQ(r->result, 0);
	CHECK_EQ(r->value, 42);
	CHECK_EQ(queue_count(&q), 0);
	join(1);
}

/* Items at odd addresses, and items that are not whole words, through
 * every path: into and out of the ring, straight to a waiting receiver,
 * and from a waiting sender into the ring.  12-byte items are copied by
 * multiple loads and stores, which fault on an odd address. */
static uint8_t odd_bytes[2][16] __attribute__((aligned(4)));

static int op_receive_odd(struct helper *h)
{
	return queue_receive(h->object, &odd_bytes[1][1], h->timeout);
}

static int op_send_odd(struct helper *h)
{
	return queue_send(h->object, &odd_bytes[1][1], h->timeout);
}

static void test_queue_unaligned_items(void)
{
	static struct queue q3;
	static uint32_t q3_buffer[6];
	uint8_t *out = &odd_bytes[0][1], *in = &odd_bytes[1][1];

	for (uint32_t item_bytes = 12; item_bytes >= 11; item_bytes--) {
		if (q3.magic != 0)
			queue_delete(&q3);
		CHECK_EQ(queue_init(&q3, q3_buffer, item_bytes, 2), 0);
		memcpy(out, "abcdefghijkl", 12);
		CHECK_EQ(queue_send(&q3, out, TIMEOUT_NO_WAIT), 0);
		memset(in, 0, 12);
		CHECK_EQ(queue_receive(&q3, in, TIMEOUT_NO_WAIT), 0);
		CHECK_EQ(memcmp(in, "abcdefghijkl", item_bytes), 0);

		/* A receiver waiting with an odd buffer; sends from an aligned
		 * item, then from an odd one. */
		for (unsigned odd = 0; odd < 2; odd++) {
			memset(in, 0, 12);
			start(0, 20, op_receive_odd, &q3, TIMEOUT_FOREVER);
			memcpy(out - 1 + odd, "mnopqrstuvwx", 12);
			CHECK_EQ(queue_send(&q3, out - 1 + odd, TIMEOUT_NO_WAIT), 0);
			CHECK_EQ(helpers[0].result, 0);
			CHECK_EQ(memcmp(in, "mnopqrstuvwx", item_bytes), 0);
			join(1);
		}

		/* A sender waiting on a full queue with an odd item. */
		static const char *const want[] = { "ABCDEFGHIJKL", "MNOPQRSTUVWX", "012345678901" };
		CHECK_EQ(queue_send(&q3, want[0], TIMEOUT_NO_WAIT), 0);
		CHECK_EQ(queue_send(&q3, want[1], TIMEOUT_NO_WAIT), 0);
		memcpy(in, want[2], 12);
		start(0, 20, op_send_odd, &q3, TIMEOUT_FOREVER);
		CHECK_EQ(queue_count(&q3), 2);
		for (unsigned i = 0; i < 3; i++) {
			memset(out, 0, 12);
			CHECK_EQ(queue_receive(&q3, out, TIMEOUT_NO_WAIT), 0);
			CHECK_EQ(memcmp(out, want[i], item_bytes), 0);
		}
		CHECK_EQ(helpers[0].result, 0);
		join(1);
	}
	queue_delete(&q3);
}

static void test_queue_blocked_senders_follow_in_order(void)
{
	uint32_t v;

	q_reset();
	for (v = 1; v <= 2; v++)
		queue_send(&q, &v, 0);
	helpers[0].value = 3;
	helpers[1].value = 4;
	struct helper *s1 = start(0, 20, op_send, &q, TIMEOUT_FOREVER);
	struct helper *s2 = start(1, 19, op_send, &q, TIMEOUT_FOREVER);
	CHECK_EQ(s1->result, 1); /* both blocked */
	CHECK_EQ(s2->result, 1);
	for (uint32_t want = 1; want <= 4; want++) {
		CHECK_EQ(queue_receive(&q, &v, TIMEOUT_NO_WAIT), 0);
		CHECK_EQ(v, want);
	}
	CHECK_EQ(s1->result, 0);
	CHECK_EQ(s2->result, 0);
	join(2);
}

static void isr_queue_paths(void)
{
	uint32_t v = 99;

	isr_results[0] = queue_send(&q, &v, TIMEOUT_NO_WAIT);
	isr_results[1] = queue_send(&q, &v, TIMEOUT_NO_WAIT);
	isr_results[2] = queue_send(&q, &v, 5);                 /* full: would block */
	isr_results[3] = queue_receive(&q, &v, TIMEOUT_NO_WAIT);
}

static void test_queue_from_isr(void)
{
	q_reset();
	uint32_t v = 1;
	queue_send(&q, &v, 0);
	in_isr(isr_queue_paths);
	CHECK_EQ(isr_results[0], 0);
	CHECK_EQ(isr_results[1], ERR_WOULD_BLOCK);
	CHECK_EQ(isr_results[2], ERR_CONTEXT);
	CHECK_EQ(isr_results[3], 0);
	CHECK_EQ(queue_receive(&q, &v, 0), 0);
	CHECK_EQ(v, 99);
}

static void test_queue_delete_and_pool(void)
{
	struct queue *pq;
	unsigned free_before = queue_pool_free();

	CHECK_EQ(queue_create_pooled(&pq, 16, 8), 0);
	CHECK_EQ(queue_pool_free(), free_before - 1);
	struct helper *r = start(0, 20, op_receive, pq, TIMEOUT_FOREVER);
	CHECK_EQ(queue_delete(pq), 0);
	CHECK_EQ(r->result, ERR_DELETED);
	CHECK_EQ(queue_pool_free(), free_before);
	CHECK_EQ(queue_create_pooled(&pq, 64, CONFIG_QUEUE_POOL_BUFFER_BYTES / 64 + 1),
		 ERR_INVALID);
	join(1);

	q_reset();
	uint32_t v = 5;
	queue_send(&q, &v, 0);
	queue_send(&q, &v, 0);
	struct helper *s = start(0, 20, op_send, &q, TIMEOUT_FOREVER);
	CHECK_EQ(queue_delete(&q), 0);
	CHECK_EQ(s->result, ERR_DELETED);
	CHECK_EQ(queue_send(&q, &v, 0), ERR_STALE);
	join(1);
}

/* ---- event flags ----------------------------------------------------- */

static struct event_flags ev;

static int op_wait(struct helper *h)
{
	return event_wait(h->object, h->value, h->options, &h->value, h->timeout);
}

static void ev_reset(uint32_t bits)
{
	if (ev.magic != 0)
		event_delete(&ev);
	CHECK_EQ(event_init(&ev, bits), 0);
}

static struct helper *start_waiter(unsigned i, unsigned priority, uint32_t mask,
				   uint32_t options, uint32_t timeout)
{
	helpers[i].value = mask;
	helpers[i].options = options;
	return start(i, priority, op_wait, &ev, timeout);
}

static void test_events_any_all_clear(void)
{
	uint32_t seen = 0;

	ev_reset(0x5);
	CHECK_EQ(event_init(&ev, 0), ERR_STATE);
	CHECK_EQ(event_wait(&ev, 0x4, EVENT_ANY, &seen, TIMEOUT_NO_WAIT), 0);
	CHECK_EQ(seen, 0x5);
	CHECK_EQ(event_wait(&ev, 0x6, EVENT_ALL, &seen, TIMEOUT_NO_WAIT), ERR_WOULD_BLOCK);
	CHECK_EQ(event_wait(&ev, 0x5, EVENT_ALL | EVENT_CLEAR, &seen, TIMEOUT_NO_WAIT), 0);
	CHECK_EQ(event_bits(&ev), 0);
	CHECK_EQ(event_wait(&ev, 0, EVENT_ANY, &seen, 0), ERR_INVALID);
	CHECK_EQ(event_wait(&ev, 1, 0x80, &seen, 0), ERR_INVALID);
	CHECK_EQ(event_wait(&ev, 1, EVENT_ANY, &seen, TIMEOUT_MAX_TICKS + 1u), ERR_RANGE);
	CHECK_EQ(event_wait(NULL, 1, EVENT_ANY, &seen, 0), ERR_NULL);
	CHECK_EQ(event_set(&ev, 0x30), 0);
	CHECK_EQ(event_clear(&ev, 0x10), 0);
	CHECK_EQ(event_bits(&ev), 0x20);
}

static void test_events_wake_the_right_waiters(void)
{
	ev_reset(0);
	struct helper *all = start_waiter(0, 20, 0x3, EVENT_ALL, TIMEOUT_FOREVER);
	struct helper *any = start_waiter(1, 19, 0x3, EVENT_ANY | EVENT_CLEAR, TIMEOUT_FOREVER);
	struct helper *other = start_waiter(2, 18, 0x8, EVENT_ANY | EVENT_CLEAR, TIMEOUT_FOREVER);
	CHECK_EQ(event_set(&ev, 0x1), 0); /* only 'any' */
	CHECK(strcmp(order, "1") == 0);
	CHECK_EQ(any->result, 0);
	CHECK_EQ(any->value, 0x1);
	CHECK_EQ(event_bits(&ev), 0); /* cleared by 'any' */
	CHECK_EQ(event_set(&ev, 0x2), 0);
	CHECK(strcmp(order, "1") == 0); /* 'all' still lacks bit 0 */
	CHECK_EQ(event_set(&ev, 0x1), 0);
	CHECK(strcmp(order, "10") == 0);
	CHECK_EQ(all->value, 0x3);
	CHECK_EQ(event_bits(&ev), 0x3); /* 'all' did not ask to clear */
	CHECK_EQ(other->result, 1);
	join(2);
	helpers[2].result = 1;
	CHECK_EQ(event_delete(&ev), 0);
	CHECK_EQ(other->result, ERR_DELETED);
	CHECK_EQ(thread_join(&helpers[2].thread, NULL, TIMEOUT_FOREVER), 0);
	order_len = 0;
	order[0] = '\0';
}

static void test_events_same_bit_wakes_every_waiter(void)
{
	ev_reset(0);
	start_waiter(0, 20, 0x4, EVENT_ANY | EVENT_CLEAR, TIMEOUT_FOREVER);
	start_waiter(1, 19, 0x4, EVENT_ANY | EVENT_CLEAR, TIMEOUT_FOREVER);
	CHECK_EQ(event_set(&ev, 0x4), 0);
	CHECK(strcmp(order, "01") == 0);
	CHECK_EQ(helpers[0].value, 0x4);
	CHECK_EQ(helpers[1].value, 0x4);
	CHECK_EQ(event_bits(&ev), 0);
	join(2);
}

static void isr_set(void)
{
	isr_results[0] = event_set(&ev, 0x100);
	isr_results[1] = event_wait(&ev, 0x200, EVENT_ANY, NULL, 10);
}

static void test_events_timeout_and_isr(void)
{
	ev_reset(0);
	thread_sleep(1);
	uint32_t before = time_ticks();
	CHECK_EQ(event_wait(&ev, 1, EVENT_ANY, NULL, 3), ERR_TIMEOUT);
	CHECK_EQ(time_ticks() - before, 3);

	struct helper *w = start_waiter(0, 20, 0x100, EVENT_ANY, TIMEOUT_FOREVER);
	in_isr(isr_set);
	CHECK_EQ(isr_results[0], 0);
	CHECK_EQ(isr_results[1], ERR_CONTEXT);
	CHECK_EQ(w->result, 0);
	CHECK(strcmp(order, "0") == 0);
	join(1);
}

static void test_event_pool(void)
{
	struct event_flags *e;
	unsigned free_before = event_pool_free();

	CHECK_EQ(event_create_pooled(&e, 0x1), 0);
	CHECK_EQ(event_bits(e), 0x1);
	CHECK_EQ(event_pool_free(), free_before - 1);
	CHECK_EQ(event_delete(e), 0);
	CHECK_EQ(event_pool_free(), free_before);
	CHECK_EQ(event_set(e, 1), ERR_STALE);
}

/* ---- fixed-block pools ------------------------------------------------ */

static struct pool pool;
static uint8_t pool_storage[4 * 16 + 4] __attribute__((aligned(8)));

static void *at(void *block, intptr_t bytes)
{
	return (void *)((uintptr_t)block + (uintptr_t)bytes);
}

static void test_pool_alloc_free_and_errors(void)
{
	void *blocks[4];

	memset(&pool, 0, sizeof(pool));
	CHECK_EQ(pool_free(&pool, pool_storage), ERR_INVALID); /* never laid out */
	CHECK(pool_alloc(&pool) == NULL);
	CHECK_EQ(pool_init(NULL, pool_storage, sizeof(pool_storage), 16), ERR_NULL);
	CHECK_EQ(pool_init(&pool, NULL, sizeof(pool_storage), 16), ERR_NULL);
	CHECK_EQ(pool_init(&pool, pool_storage, 8, 16), ERR_INVALID);
	/* 14-byte blocks become 16; the first starts at the next word. */
	CHECK_EQ(pool_init(&pool, pool_storage + 1, sizeof(pool_storage) - 1, 14), 0);
	CHECK_EQ(pool.block_bytes, 16);
	CHECK_EQ(pool.free_count, 4);
	for (unsigned i = 0; i < 4; i++) {
		blocks[i] = pool_alloc(&pool);
		CHECK(blocks[i] == pool_storage + 4 + 16 * i);
	}
	CHECK(pool_alloc(&pool) == NULL);
	CHECK_EQ(pool.free_count, 0);

	CHECK_EQ(pool_free(NULL, blocks[0]), ERR_NULL);
	CHECK_EQ(pool_free(&pool, NULL), ERR_NULL);
	CHECK_EQ(pool_free(&pool, at(blocks[0], -16)), ERR_INVALID); /* below the first */
	CHECK_EQ(pool_free(&pool, at(blocks[0], -4)), ERR_INVALID);
	CHECK_EQ(pool_free(&pool, at(blocks[1], 4)), ERR_INVALID);  /* inside a block */
	CHECK_EQ(pool_free(&pool, at(blocks[3], 16)), ERR_INVALID); /* past the last */
	CHECK_EQ(pool.free_count, 0);

	CHECK_EQ(pool_free(&pool, blocks[2]), 0);
	CHECK_EQ(pool_free(&pool, blocks[2]), ERR_STATE); /* free already */
	CHECK_EQ(pool.free_count, 1);
	CHECK(pool_alloc(&pool) == blocks[2]);
	memset(blocks[2], 0, 16); /* an allocated block is the caller's */
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(pool_free(&pool, blocks[i]), 0);
	CHECK_EQ(pool.free_count, 4);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(pool_free(&pool, blocks[i]), ERR_STATE);
}

static void *isr_block;
static int isr_pool_result;

static void isr_pool(void)
{
	isr_block = pool_alloc(&pool);
	isr_pool_result = pool_free(&pool, isr_block);
}

static void test_pool_from_isr(void)
{
	CHECK_EQ(pool_init(&pool, pool_storage, sizeof(pool_storage), 16), 0);
	in_isr(isr_pool);
	CHECK(isr_block == pool_storage);
	CHECK_EQ(isr_pool_result, 0);
	CHECK_EQ(pool.free_count, 4);
}

static void test_kernel_check(void)
{
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	ktest_run("semaphore.counts", test_semaphore_counts);
	ktest_run("semaphore.timeout", test_semaphore_timeout);
	ktest_run("semaphore.give_hands_over_by_priority", test_semaphore_give_hands_over_by_priority);
	ktest_run("semaphore.from_isr", test_semaphore_from_isr);
	ktest_run("semaphore.delete_and_pool", test_semaphore_delete_and_pool);
	ktest_run("queue.fifo_and_errors", test_queue_fifo_and_errors);
	ktest_run("queue.timeouts", test_queue_timeouts);
	ktest_run("queue.direct_handover", test_queue_direct_handover);
	ktest_run("queue.unaligned_items", test_queue_unaligned_items);
	ktest_run("queue.blocked_senders_follow_in_order", test_queue_blocked_senders_follow_in_order);
	ktest_run("queue.from_isr", test_queue_from_isr);
	ktest_run("queue.delete_and_pool", test_queue_delete_and_pool);
	ktest_run("event.any_all_clear", test_events_any_all_clear);
	ktest_run("event.wake_the_right_waiters", test_events_wake_the_right_waiters);
	ktest_run("event.same_bit_wakes_every_waiter", test_events_same_bit_wakes_every_waiter);
	ktest_run("event.timeout_and_isr", test_events_timeout_and_isr);
	ktest_run("event.pool", test_event_pool);
	ktest_run("pool.alloc_free_and_errors", test_pool_alloc_free_and_errors);
	ktest_run("pool.from_isr", test_pool_from_isr);
	ktest_run("sync.kernel_check", test_kernel_check);
	return ktest_finish();
}
