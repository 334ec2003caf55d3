/* SPDX-License-Identifier: MIT */
/*
 * Message queues (see queue.h).  Guarded by the kernel lock.
 * Invariants: receivers wait only while count == 0; senders wait only
 * while count == capacity; a waiting thread's wait_buffer is its item
 * (sender) or its destination (receiver).
 *
 * A send with room and no receiver waiting, and a receive of an item
 * with no sender waiting, ready nobody: they run straight through and
 * release the lock quietly; handing over, waiting and refusing are out
 * of line.
 */
#include <string.h>

#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/pool.h"
#include "kernel/queue.h"
#include "kernel/sched.h"

#define QUEUE_MAGIC 0x51554555u /* "QUEU" */

static bool is_live(const struct queue *q)
{
	return q->magic == QUEUE_MAGIC;
}

/* The slot of ring position index, which is below 2 * capacity (head +
 * count): a compare, not a division (a library call on ARMv6-M). */
static uint8_t *slot(const struct queue *q, uint32_t index)
{
	if (index >= q->capacity)
		index -= q->capacity;
	return q->buffer + index * q->item_bytes;
}

/* Items are small and usually whole words: copy them inline, one to four
 * words by a copy of known size (a load and a store of several registers
 * where the CPU has them), longer ones word by word.  Every slot is
 * word-aligned when q->item_words is nonzero (the buffer is, and so is
 * item_bytes), so only the callers' buffers are tested: outside, the
 * address (or the addresses or-ed) of those that are not slots. */
static inline void copy_item(const struct queue *q, void *dst, const void *src,
			     uintptr_t outside)
{
	uint32_t n = q->item_words;

	if (__builtin_expect(n == 0 || (outside & 3u) != 0, 0)) {
		memcpy(dst, src, q->item_bytes);
		return;
	}
	void *d = __builtin_assume_aligned(dst, 4);
	const void *s = __builtin_assume_aligned(src, 4);
	switch (n) {
	case 1:
		memcpy(d, s, 4);
		break;
	case 2:
		memcpy(d, s, 8);
		break;
	case 3:
		memcpy(d, s, 12);
		break;
	case 4:
		memcpy(d, s, 16);
		break;
	default: {
		uint32_t *dw = d;
		const uint32_t *sw = s, *end = sw + n;
		do
			*dw++ = *sw++;
		while (sw != end);
	}
	}
}

/* The same, out of line, for the slow paths: one copy of the code. */
__attribute__((noinline)) static void copy_item_slow(const struct queue *q, void *dst,
						     const void *src, uintptr_t outside)
{
	copy_item(q, dst, src, outside);
}

int queue_init(struct queue *q, void *buffer, uint32_t item_bytes, uint32_t capacity)
{
	if (q == NULL || buffer == NULL)
		return ERR_NULL;
	if (item_bytes == 0 || capacity == 0 || capacity > UINT32_MAX / item_bytes)
		return ERR_INVALID;

	uint32_t key = kernel_lock();
	if (is_live(q)) {
		kernel_unlock(key);
		return ERR_STATE;
	}
	q->buffer = buffer;
	q->item_bytes = item_bytes;
	q->capacity = capacity;
	q->item_words = ((uintptr_t)buffer & 3u) == 0 && item_bytes % 4 == 0 ? item_bytes / 4 : 0;
	q->count = 0;
	q->head = 0;
	q->from_pool = false;
	wait_queue_init(&q->senders, NULL);
	wait_queue_init(&q->receivers, NULL);
	q->magic = QUEUE_MAGIC;
	kernel_unlock(key);
	return 0;
}

static struct queue pool_storage[CONFIG_QUEUE_POOL_SIZE] __attribute__((aligned(8)));
static uint8_t pool_buffers[CONFIG_QUEUE_POOL_SIZE][CONFIG_QUEUE_POOL_BUFFER_BYTES]
	__attribute__((aligned(8)));
static struct pool queue_pool;

static struct pool *object_pool(void)
{
	return pool_once(&queue_pool, pool_storage, sizeof(pool_storage), sizeof(pool_storage[0]));
}

int queue_create_pooled(struct queue **out, uint32_t item_bytes, uint32_t capacity)
{
	if (out == NULL)
		return ERR_NULL;
	if (item_bytes == 0 || capacity == 0 ||
	    capacity > CONFIG_QUEUE_POOL_BUFFER_BYTES / item_bytes)
		return ERR_INVALID;
	struct queue *q = pool_alloc(object_pool());
	if (q == NULL)
		return ERR_NO_MEMORY;
	q->magic = 0;
	queue_init(q, pool_buffers[q - pool_storage], item_bytes, capacity);
	q->from_pool = true;
	*out = q;
	return 0;
}

unsigned queue_pool_free(void)
{
	return object_pool()->free_count;
}

/* The send that cannot just store the item (a receiver waits, the queue
 * is full, or the record is not live).  Called with the lock held (key);
 * releases it. */
__attribute__((noinline)) static int send_slow(struct queue *q, const void *item,
					       uint32_t timeout_ticks, uint32_t key)
{
	struct thread *receiver;
	int err = 0;

	if (!is_live(q)) {
		err = ERR_STALE;
	} else if ((receiver = wait_queue_first(&q->receivers)) != NULL) {
		copy_item_slow(q, receiver->wait_buffer, item,
			       (uintptr_t)receiver->wait_buffer | (uintptr_t)item);
		sched_wake_locked(receiver, 0);
	} else if (timeout_ticks == TIMEOUT_NO_WAIT) {
		err = ERR_WOULD_BLOCK;
	} else if (arch_in_isr()) {
		err = ERR_CONTEXT;
	} else {
		sched_self()->wait_buffer = (void *)item;
		return sched_block(&q->senders, q, "queue send", timeout_ticks, key);
	}
	kernel_unlock(key);
	return err;
}

int queue_send(struct queue *q, const void *item, uint32_t timeout_ticks)
{
	if (q == NULL || item == NULL)
		return ERR_NULL;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	/* The fast path: room, and no receiver (receivers wait only on an
	 * empty queue, so one with items has none; an empty one is asked). */
	if (__builtin_expect(is_live(q) && q->count < q->capacity &&
				     (q->count != 0 || list_empty(&q->receivers.waiters)),
			     1)) {
		copy_item(q, slot(q, q->head + q->count), item, (uintptr_t)item);
		q->count++;
		kernel_unlock_quiet(key); /* nobody was readied */
		return 0;
	}
	return send_slow(q, item, timeout_ticks, key);
}

/* The receive that cannot just take an item (the queue is empty, a
 * sender waits, or the record is not live).  Called with the lock held
 * (key); releases it. */
__attribute__((noinline)) static int receive_slow(struct queue *q, void *item,
						  uint32_t timeout_ticks, uint32_t key)
{
	struct thread *sender;
	int err = 0;

	if (!is_live(q)) {
		err = ERR_STALE;
	} else if (q->count > 0) {
		copy_item_slow(q, item, slot(q, q->head), (uintptr_t)item);
		q->head = q->head + 1 == q->capacity ? 0 : q->head + 1;
		q->count--;
		/* The queue was full: the first waiting sender's item moves in. */
		if ((sender = wait_queue_first(&q->senders)) != NULL) {
			copy_item_slow(q, slot(q, q->head + q->count), sender->wait_buffer,
				       (uintptr_t)sender->wait_buffer);
			q->count++;
			sched_wake_locked(sender, 0);
		}
	} else if (timeout_ticks == TIMEOUT_NO_WAIT) {
		err = ERR_WOULD_BLOCK;
	} else if (arch_in_isr()) {
		err = ERR_CONTEXT;
	} else {
		sched_self()->wait_buffer = item;
		return sched_block(&q->receivers, q, "queue receive", timeout_ticks, key);
	}
	kernel_unlock(key);
	return err;
}

int queue_receive(struct queue *q, void *item, uint32_t timeout_ticks)
{
	if (q == NULL || item == NULL)
		return ERR_NULL;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	/* The fast path: an item, and no sender (senders wait only on a full
	 * queue, so one with room has none; a full one is asked). */
	if (__builtin_expect(is_live(q) && q->count > 0 &&
				     (q->count != q->capacity || list_empty(&q->senders.waiters)),
			     1)) {
		copy_item(q, item, slot(q, q->head), (uintptr_t)item);
		q->head = q->head + 1 == q->capacity ? 0 : q->head + 1;
		q->count--;
		kernel_unlock_quiet(key); /* nobody was readied */
		return 0;
	}
	return receive_slow(q, item, timeout_ticks, key);
}

int queue_delete(struct queue *q)
{
	if (q == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	if (!is_live(q)) {
		kernel_unlock(key);
		return ERR_STALE;
	}
	struct thread *t;
	while ((t = wait_queue_first(&q->senders)) != NULL)
		sched_wake_locked(t, ERR_DELETED);
	while ((t = wait_queue_first(&q->receivers)) != NULL)
		sched_wake_locked(t, ERR_DELETED);
	q->magic = 0;
	if (q->from_pool) {
		int freed = pool_free(object_pool(), q);
		kassert(freed == 0);
	}
	kernel_unlock(key);
	return 0;
}

uint32_t queue_count(const struct queue *q)
{
	return q->count;
}
