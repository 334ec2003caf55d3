/* SPDX-License-Identifier: MIT */
/*
 * The kernel trace's ring (see trace.h).
 *
 * Owns the ring, its write position, the event count and trace_classes,
 * all guarded by the kernel lock.  trace_classes is also the recording
 * switch the hooks test without the lock: 0 means off, so a hook costs
 * one load and a branch.
 *
 * Invariant: head is where the next event goes (0 <= head < capacity
 * while a ring is set); the kept events are the min(recorded, capacity)
 * slots before head, oldest first.
 *
 * Time: each event gets time_ticks() and arch_tick_fraction(); a
 * fraction of a whole period or more (a tick pending behind the kernel
 * lock) is carried into the tick, so events are in time order.  The
 * periodic tick handler's own entry comes before sched_tick counts the
 * tick, with the fraction already in the new period, so trace_record_isr
 * counts it for the handler; with CONFIG_TICKLESS the fraction comes from
 * the board clock and is carried like any other.
 *
 * Limits: an interrupt more urgent than the tick that preempts the tick
 * handler before sched_tick counts the tick records a time one tick early.
 */
#include <stddef.h>
#include <string.h>

#include "arch.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/trace.h"

uint32_t trace_classes;
static struct trace_event *ring;
static uint32_t ring_capacity;
static uint32_t ring_classes; /* as started: trace_classes is 0 once stopped */
static uint32_t head;
static uint32_t recorded;
static uint32_t stop_countdown; /* trace_stop_after: events left; 0 = none */

/* A slot for the next event, stamped with the time and t's identity. */
static struct trace_event *record_locked(enum trace_type type, const struct thread *t)
{
	struct trace_event *e = &ring[head];
	uint32_t tick = time_ticks();
	uint32_t cycles = arch_tick_fraction();
	uint32_t period = arch_tick_period();

	if (++head == ring_capacity)
		head = 0;
	recorded++;
	if (stop_countdown != 0 && --stop_countdown == 0)
		trace_classes = 0;
	if (period != 0 && cycles >= period) {
		tick += cycles / period; /* more than one only with CONFIG_TICKLESS */
		cycles %= period;
	}
	e->tick = tick;
	e->cycles = cycles;
	e->thread = t;
	e->type = (uint8_t)type;
	e->reason = 0;
	e->object = NULL;
	e->wait_reason = NULL;
	if (t != NULL) {
		e->tid = t->tid;
		e->state = (uint8_t)t->state;
		e->priority = t->priority;
		e->pid = t->process ? t->process->pid : 0;
	} else {
		e->tid = 0;
		e->state = 0;
		e->priority = 0;
		e->pid = 0;
	}
	return e;
}

static void record_name_locked(const struct thread *t)
{
	struct trace_event *e = record_locked(TRACE_NAME, t);

	e->priority = t->base_priority;
	for (unsigned i = 0; i < sizeof(e->name); i++) /* cut short if longer */
		e->name[i] = i < sizeof(e->name) - 1 ? t->name[i] : '\0';
}

void trace_start_classes(struct trace_event *buffer, uint32_t capacity, uint32_t classes)
{
	uint32_t key = kernel_lock();
	struct list_node *pos;

	trace_classes = 0;
	ring = buffer;
	ring_capacity = buffer != NULL ? capacity : 0;
	head = 0;
	recorded = 0;
	stop_countdown = 0;
	ring_classes = 0;
	if (CONFIG_TRACE && ring_capacity != 0) {
		trace_classes = ring_classes = classes & TRACE_CLASS_ALL;
		if (trace_classes & TRACE_CLASS_NAME)
			list_for_each(pos, &thread_all)
				record_name_locked(list_entry(pos, struct thread, all_node));
	}
	kernel_unlock(key);
}

void trace_start(struct trace_event *buffer, uint32_t capacity)
{
	trace_start_classes(buffer, capacity, TRACE_CLASS_STATE);
}

void trace_stop(void)
{
	uint32_t key = kernel_lock();
	trace_classes = 0;
	kernel_unlock(key);
}

void trace_stop_after(uint32_t events)
{
	uint32_t key = kernel_lock();
	stop_countdown = events;
	if (events == 0)
		trace_classes = 0;
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
	uint32_t index = head + (ring_capacity - kept) + i;
	if (index >= ring_capacity)
		index -= ring_capacity;
	return &ring[index];
}

const struct trace_event *trace_buffer(uint32_t *capacity, uint32_t *classes)
{
	if (capacity != NULL)
		*capacity = ring_capacity;
	if (classes != NULL)
		*classes = ring_classes;
	return ring;
}

void trace_record_state_locked(const struct thread *t, enum trace_reason reason)
{
	if (trace_classes & TRACE_CLASS_STATE) {
		struct trace_event *e = record_locked(TRACE_STATE, t);
		e->reason = (uint8_t)reason;
		if (t->state == THREAD_BLOCKED) {
			e->object = t->wait_object;
			e->wait_reason = t->wait_reason;
		}
	}
	if (reason == TRACE_CREATED && (trace_classes & TRACE_CLASS_NAME))
		record_name_locked(t);
}

/* Why a thread that is no longer READY left the CPU. */
static enum trace_reason leave_reason_of(const struct thread *t, enum trace_reason if_ready)
{
	switch (t->state) {
	case THREAD_BLOCKED:
		return TRACE_BLOCKED;
	case THREAD_SUSPENDED:
		return TRACE_SUSPENDED;
	case THREAD_EXITED:
		return TRACE_EXITED;
	default:
		return if_ready;
	}
}

void trace_record_switch_locked(const struct thread *prev, const struct thread *next,
				enum trace_reason leave_reason)
{
	struct trace_event *e = record_locked(TRACE_SWITCH, next);

	e->other = prev;
	e->state = (uint8_t)prev->state;
	e->reason = (uint8_t)leave_reason_of(prev, leave_reason);
}

void trace_record_thread_locked(enum trace_type type, const struct thread *t,
				const void *object)
{
	struct trace_event *e = record_locked(type, t);

	e->object = object;
	if (type == TRACE_PRIORITY)
		e->reason = t->priority > t->base_priority ? TRACE_INHERITED : TRACE_BASE;
}

void trace_record_isr(enum trace_type type, int32_t irq)
{
	uint32_t key = kernel_lock();

	if (trace_classes & TRACE_CLASS_ISR) {
		struct trace_event *e = record_locked(type, NULL);
		e->irq = irq;
		/* The periodic tick's handler: its tick, not yet counted (with
		 * CONFIG_TICKLESS the fraction, from the board clock, carries it). */
		if (!CONFIG_TICKLESS && type == TRACE_ISR_ENTER && irq == TRACE_IRQ_TICK)
			e->tick++;
	}
	kernel_unlock(key);
}

const char *trace_reason_name(enum trace_reason reason)
{
	static const char *const names[TRACE_REASONS] = {
		[TRACE_CREATED] = "created",     [TRACE_PREEMPTED] = "preempted",
		[TRACE_YIELDED] = "yielded",     [TRACE_SLICE] = "slice expired",
		[TRACE_SCHEDULED] = "scheduled", [TRACE_BLOCKED] = "blocked",
		[TRACE_WOKEN] = "woken",         [TRACE_TIMEOUT] = "timed out",
		[TRACE_SUSPENDED] = "suspended", [TRACE_RESUMED] = "resumed",
		[TRACE_EXITED] = "exited",       [TRACE_INHERITED] = "inherited",
		[TRACE_BASE] = "base",
	};

	return (unsigned)reason < TRACE_REASONS ? names[reason] : "?";
}

const char *trace_type_name(enum trace_type type)
{
	static const char *const names[TRACE_TYPES] = {
		[TRACE_STATE] = "state",
		[TRACE_NAME] = "name",
		[TRACE_SWITCH] = "switch",
		[TRACE_PRIORITY] = "priority",
		[TRACE_MUTEX_LOCK] = "lock",
		[TRACE_MUTEX_UNLOCK] = "unlock",
		[TRACE_ISR_ENTER] = "isr enter",
		[TRACE_ISR_EXIT] = "isr exit",
		[TRACE_PROCESS_SPAWN] = "spawn",
		[TRACE_PROCESS_EXIT] = "process exit",
		[TRACE_PROCESS_FAULT] = "process fault",
	};

	return (unsigned)type < TRACE_TYPES ? names[type] : "?";
}
