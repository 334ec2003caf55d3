/* SPDX-License-Identifier: MIT */
/*
 * Event flags: 32 bits that threads wait on, for any or all of a mask.
 *
 * event_set ORs bits in and wakes, in priority order, every waiter whose
 * condition now holds; each is told the bits as they were when its
 * condition was met.  Waiters that asked for EVENT_CLEAR have the bits
 * they waited for cleared once every waiter of that set has been
 * checked, so two waiters for the same bit are both woken.
 *
 * Context: event_set and event_clear are ISR-safe; event_wait with
 * TIMEOUT_NO_WAIT too.  Limits: event_set is O(waiters).
 */
#ifndef KERNEL_EVENT_H
#define KERNEL_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/waitq.h"

#define EVENT_ANY 0u          /* wake when any bit of the mask is set */
#define EVENT_ALL (1u << 0)   /* wake when every bit of the mask is set */
#define EVENT_CLEAR (1u << 1) /* clear the mask's bits on wake */

struct event_flags {
	uint32_t magic;
	uint32_t bits;
	struct wait_queue waiters;
	bool from_pool;
};

/* Returns: 0; ERR_NULL; ERR_STATE (e is live). */
int event_init(struct event_flags *e, uint32_t initial);
int event_create_pooled(struct event_flags **out, uint32_t initial);

/* Returns: 0; ERR_NULL, ERR_STALE.  Context: any. */
int event_set(struct event_flags *e, uint32_t bits);
int event_clear(struct event_flags *e, uint32_t bits);

/* Waits until (options & EVENT_ALL ? all : any) bits of mask are set;
 * stores the bits seen in *seen (may be NULL).
 * Returns: 0; ERR_NULL, ERR_STALE, ERR_RANGE; ERR_INVALID (mask 0 or
 * unknown options); ERR_WOULD_BLOCK; ERR_TIMEOUT; ERR_DELETED;
 * ERR_CONTEXT. */
int event_wait(struct event_flags *e, uint32_t mask, uint32_t options, uint32_t *seen,
	       uint32_t timeout_ticks);

/* Wakes every waiter with ERR_DELETED; frees the record. */
int event_delete(struct event_flags *e);

uint32_t event_bits(const struct event_flags *e);
unsigned event_pool_free(void);

#endif
