/* SPDX-License-Identifier: MIT */
/*
 * Counting and binary semaphores.  A semaphore counts up to max (1 for a
 * binary one); take waits while it is zero, give hands the unit straight
 * to the most urgent waiter if there is one.
 *
 * Context: semaphore_give and semaphore_take with TIMEOUT_NO_WAIT are
 * ISR-safe; blocking takes are for threads.
 */
#ifndef KERNEL_SEMAPHORE_H
#define KERNEL_SEMAPHORE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/waitq.h"

struct semaphore {
	uint32_t magic;
	uint32_t count;
	uint32_t max;
	struct wait_queue waiters;
	bool from_pool;
};

/* Returns: 0; ERR_NULL; ERR_INVALID (max 0, or initial > max);
 * ERR_STATE (s is live). */
int semaphore_init(struct semaphore *s, uint32_t initial, uint32_t max);
int semaphore_create_pooled(struct semaphore **out, uint32_t initial, uint32_t max);

/* Returns: 0; ERR_NULL, ERR_STALE, ERR_RANGE; ERR_WOULD_BLOCK
 * (TIMEOUT_NO_WAIT); ERR_TIMEOUT; ERR_DELETED; ERR_CONTEXT (blocking in
 * an ISR). */
int semaphore_take(struct semaphore *s, uint32_t timeout_ticks);

/* Returns: 0; ERR_NULL, ERR_STALE; ERR_FULL (already at max: the give is
 * lost, nothing changes).  Context: any. */
int semaphore_give(struct semaphore *s);

/* Wakes every waiter with ERR_DELETED and frees the record.
 * Returns: 0; ERR_NULL, ERR_STALE. */
int semaphore_delete(struct semaphore *s);

uint32_t semaphore_count(const struct semaphore *s);
unsigned semaphore_pool_free(void);

#endif
