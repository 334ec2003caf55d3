/* SPDX-License-Identifier: MIT */
/*
 * Message queues of fixed-size items, copied in and copied out.
 *
 * A send to a queue with a waiting receiver copies the item straight
 * into the receiver's buffer; a receive from a full queue with a waiting
 * sender takes that sender's item into the freed slot.  Items leave in
 * the order they arrived.
 *
 * Context: with TIMEOUT_NO_WAIT, queue_send and queue_receive are
 * ISR-safe; blocking calls are for threads.  The copy runs under the
 * kernel lock, so keep items small (bytes, not kilobytes).
 */
#ifndef KERNEL_QUEUE_H
#define KERNEL_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/waitq.h"

struct queue {
	uint32_t magic;
	uint8_t *buffer;     /* capacity * item_bytes */
	uint32_t item_bytes;
	uint32_t item_words; /* item_bytes / 4 if slots are whole aligned words, else 0 */
	uint32_t capacity;
	uint32_t count;
	uint32_t head;       /* index of the oldest item */
	struct wait_queue senders;
	struct wait_queue receivers;
	bool from_pool;
};

/* Returns: 0; ERR_NULL; ERR_INVALID (item_bytes or capacity 0, or the
 * buffer size overflows); ERR_STATE (q is live). */
int queue_init(struct queue *q, void *buffer, uint32_t item_bytes, uint32_t capacity);

/* Item storage from the pool too: item_bytes * capacity must fit in
 * CONFIG_QUEUE_POOL_BUFFER_BYTES (else ERR_INVALID). */
int queue_create_pooled(struct queue **out, uint32_t item_bytes, uint32_t capacity);

/* Returns: 0; ERR_NULL, ERR_STALE, ERR_RANGE; ERR_WOULD_BLOCK (full,
 * TIMEOUT_NO_WAIT); ERR_TIMEOUT; ERR_DELETED; ERR_CONTEXT. */
int queue_send(struct queue *q, const void *item, uint32_t timeout_ticks);

/* Returns: 0; ERR_NULL, ERR_STALE, ERR_RANGE; ERR_WOULD_BLOCK (empty,
 * TIMEOUT_NO_WAIT); ERR_TIMEOUT; ERR_DELETED; ERR_CONTEXT. */
int queue_receive(struct queue *q, void *item, uint32_t timeout_ticks);

/* Wakes every sender and receiver with ERR_DELETED; frees the record.
 * Returns: 0; ERR_NULL, ERR_STALE. */
int queue_delete(struct queue *q);

uint32_t queue_count(const struct queue *q);
unsigned queue_pool_free(void);

#endif
