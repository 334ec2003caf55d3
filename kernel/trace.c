/*
 * The scheduler's trace ring (see trace.h).  The ring, its capacity and
 * the event count are guarded by the kernel lock.  trace_buffer is the
 * recording switch: NULL means off, so the scheduler's test is one load.
 */
#include <stddef.h>

#include "kernel/sched.h"
#include "kernel/trace.h"

struct trace_event *trace_buffer;
static struct trace_event *ring;
static uint32_t ring_capacity;
static uint32_t recorded;

void trace_start(struct trace_event *buffer, uint32_t capacity)
{
	uint32_t key = kernel_lock();
	ring = buffer;
	ring_capacity = capacity;
	recorded = 0;
	trace_buffer = capacity ? buffer : NULL;
	kernel_unlock(key);
}

void trace_stop(void)
{
	uint32_t key = kernel_lock();
	trace_buffer = NULL;
	kernel_unlock(key);
}

uint32_t trace_count(void)
{
	return recorded;
}

const struct trace_event *trace_get(uint32_t i)
{
	uint32_t kept = recorded < ring_capacity ? recorded : ring_capacity;

	if (i >= kept)
		return NULL;
	return &ring[(recorded - kept + i) % ring_capacity];
}

void trace_record_locked(const struct thread *t, enum trace_reason reason)
{
	struct trace_event *e = &trace_buffer[recorded % ring_capacity];

	e->tick = time_ticks();
	e->thread = t;
	e->state = (uint8_t)t->state;
	e->reason = (uint8_t)reason;
	recorded++;
}

const char *trace_reason_name(enum trace_reason reason)
{
	static const char *const names[] = {
		[TRACE_CREATED] = "created",     [TRACE_PREEMPTED] = "preempted",
		[TRACE_YIELDED] = "yielded",     [TRACE_SLICE] = "slice expired",
		[TRACE_SCHEDULED] = "scheduled", [TRACE_BLOCKED] = "blocked",
		[TRACE_WOKEN] = "woken",         [TRACE_TIMEOUT] = "timed out",
		[TRACE_SUSPENDED] = "suspended", [TRACE_RESUMED] = "resumed",
		[TRACE_EXITED] = "exited",
	};

	return (unsigned)reason < sizeof(names) / sizeof(names[0]) ? names[reason] : "?";
}
