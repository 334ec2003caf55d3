/* SPDX-License-Identifier: MIT */
/*
 * Message queues (see queue.h).  Guarded by the kernel lock.
 * Invariants: receivers wait only while count == 0; senders wait only
 * while count == capacity; a waiting thread's wait_buffer is its item
 * (sender) or its destination (receiver).
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

/* Items are small and usually whole words: copy them inline. */
static inline void copy_item(void *dst, const void *src, uint32_t bytes)
{
	if ((((uintptr_t)dst | (uintptr_t)src | bytes) & 3u) == 0) {
		uint32_t *d = dst;
		const uint32_t *s = src;
		for (uint32_t n = bytes / 4; n > 0; n--)
			*d++ = *s++;
	} else {
		memcpy(dst, src, bytes);
	}
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

int queue_send(struct queue *q, const void *item, uint32_t timeout_ticks)
{
	if (q == NULL || item == NULL)
		return ERR_NULL;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	struct thread *receiver;
	int err = 0;

	if (!is_live(q)) {
		err = ERR_STALE;
	} else if ((receiver = wait_queue_first(&q->receivers)) != NULL) {
		copy_item(receiver->wait_buffer, item, q->item_bytes);
		sched_wake_locked(receiver, 0);
	} else if (q->count < q->capacity) {
		copy_item(slot(q, q->head + q->count), item, q->item_bytes);
		q->count++;
	} else if (timeout_ticks == TIMEOUT_NO_WAIT) {
		err = ERR_WOULD_BLOCK;
	} else if (arch_in_isr()) {
		err = ERR_CONTEXT;
	} else {
		sched_current->wait_buffer = (void *)item;
		return sched_block(&q->senders, q, "queue send", timeout_ticks, key);
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
	struct thread *sender;
	int err = 0;

	if (!is_live(q)) {
		err = ERR_STALE;
	} else if (q->count > 0) {
		copy_item(item, slot(q, q->head), q->item_bytes);
		q->head = q->head + 1 == q->capacity ? 0 : q->head + 1;
		q->count--;
		/* The queue was full: the first waiting sender's item moves in. */
		if ((sender = wait_queue_first(&q->senders)) != NULL) {
			copy_item(slot(q, q->head + q->count), sender->wait_buffer, q->item_bytes);
			q->count++;
			sched_wake_locked(sender, 0);
		}
	} else if (timeout_ticks == TIMEOUT_NO_WAIT) {
		err = ERR_WOULD_BLOCK;
	} else if (arch_in_isr()) {
		err = ERR_CONTEXT;
	} else {
		sched_current->wait_buffer = item;
		return sched_block(&q->receivers, q, "queue receive", timeout_ticks, key);
	}
	kernel_unlock(key);
	return err;
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
