/* SPDX-License-Identifier: MIT */
/*
 * Software timers: a callback after a delay, once or periodically.
 *
 * Callbacks run in the tick interrupt, in deadline order, without the
 * kernel lock held: they may call what is ISR-safe (give a semaphore, set
 * event flags, send to a queue with TIMEOUT_NO_WAIT, resume a thread,
 * start or stop timers) and must be short.  A periodic timer's deadlines
 * are start + delay + k * period: a late tick does not make it drift.
 *
 * Context: every call is ISR-safe.  Limits: starting a timer is
 * O(active timers) (sorted insertion); each expiry is O(1) plus the
 * re-insertion of a periodic timer.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/list.h"

struct timer;
typedef void (*timer_callback_t)(struct timer *timer, void *arg);

struct timer {
	uint32_t magic;
	timer_callback_t callback;
	void *arg;
	uint32_t deadline;     /* tick of the next expiry, while active */
	uint32_t period_ticks; /* 0: one-shot */
	struct list_node node; /* in the list of active timers */
	uint32_t expiries;     /* times the callback was called */
};

/* Returns: 0; ERR_NULL; ERR_STATE (t is active). */
int timer_init(struct timer *t, timer_callback_t callback, void *arg);

/* Arms t to expire delay_ticks from now, then every period_ticks (0: once).
 * Restarts an active timer.
 * Returns: 0; ERR_NULL, ERR_STALE; ERR_INVALID (delay 0); ERR_RANGE
 * (delay or period beyond TIMEOUT_MAX_TICKS). */
int timer_start(struct timer *t, uint32_t delay_ticks, uint32_t period_ticks);

/* Returns: 0; ERR_NULL, ERR_STALE; ERR_STATE (not active). */
int timer_stop(struct timer *t);

bool timer_active(const struct timer *t);

/* From the tick: runs the callbacks of every timer due at tick now. */
void timer_run_expired(uint32_t now);

/* The nearest deadline of an active timer: true with *deadline set, false
 * when none is active.  Context: kernel lock held. */
bool timer_next_deadline_locked(uint32_t *deadline);

#endif
