/*
 * The scheduler's trace: every thread state change, with the tick and the
 * reason, into a ring buffer the application provides.  Off until
 * trace_start(); when off, a state change costs one load and a branch.
 *
 * Context: trace_start/stop/read from threads; recording happens inside
 * the scheduler under the kernel lock.
 */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/thread.h"

enum trace_reason {
	TRACE_CREATED,
	TRACE_PREEMPTED, /* RUNNING -> READY: something more urgent is ready */
	TRACE_YIELDED,   /* RUNNING -> READY: thread_yield */
	TRACE_SLICE,     /* RUNNING -> READY: its round-robin slice ran out */
	TRACE_SCHEDULED, /* READY -> RUNNING */
	TRACE_BLOCKED,
	TRACE_WOKEN,
	TRACE_TIMEOUT,
	TRACE_SUSPENDED,
	TRACE_RESUMED,
	TRACE_EXITED,
};

struct trace_event {
	uint32_t tick;
	const struct thread *thread;
	uint8_t state;  /* enum thread_state entered */
	uint8_t reason; /* enum trace_reason */
};

/* Starts recording into buffer (capacity events), oldest first; when it
 * is full the oldest events are overwritten. */
void trace_start(struct trace_event *buffer, uint32_t capacity);
void trace_stop(void);

/* Number of events recorded since trace_start (may exceed capacity). */
uint32_t trace_count(void);

/* The i-th oldest event still in the buffer, or NULL. */
const struct trace_event *trace_get(uint32_t i);

const char *trace_reason_name(enum trace_reason reason);

/* Inside the scheduler: records t's new state, when tracing is on. */
extern struct trace_event *trace_buffer;
void trace_record_locked(const struct thread *t, enum trace_reason reason);

static inline void trace_state_locked(const struct thread *t, enum trace_reason reason)
{
	if (trace_buffer != NULL)
		trace_record_locked(t, reason);
}

#endif
