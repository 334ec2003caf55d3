/* SPDX-License-Identifier: MIT */
/*
 * The kernel trace: what the scheduler, the mutexes and interrupt
 * handlers did, with fine timestamps, into a ring buffer the application
 * provides.
 *
 * Events (enum trace_type), each about one thread unless said otherwise:
 *
 *   TRACE_STATE        the thread entered `state` because of `reason`:
 *                      created, preempted, yielded, slice expired,
 *                      scheduled, blocked (object and wait_reason say on
 *                      what: "mutex", "semaphore", "queue send", "sleep",
 *                      ...), woken, timed out, suspended, resumed, exited
 *   TRACE_NAME         who the thread is: its name (its first
 *                      TRACE_NAME_BYTES - 1 characters); recorded when it
 *                      is created and, for every live thread, by
 *                      trace_start_classes
 *   TRACE_SWITCH       the CPU went to the thread from `other`, which left
 *                      because of `reason` (preempted, yielded, slice
 *                      expired, blocked, suspended, exited); one per
 *                      context switch, as counted by switches_in
 *   TRACE_PRIORITY     the thread's effective priority became `priority`:
 *                      reason TRACE_INHERITED (raised above its base by
 *                      priority inheritance) or TRACE_BASE (back at its
 *                      base priority, or the base itself changed)
 *   TRACE_MUTEX_LOCK   the thread now owns mutex `object`
 *   TRACE_MUTEX_UNLOCK the thread released mutex `object` (by unlocking
 *                      it, or by exiting with it: its TRACE_STATE exited
 *                      event follows)
 *   TRACE_ISR_ENTER    interrupt `irq` began (TRACE_IRQ_TICK: the tick;
 *                      else the IRQ number); no thread
 *   TRACE_ISR_EXIT     the innermost interrupt begun ended; no thread
 *   TRACE_PROCESS_*    process `object` (its PCB) was spawned, became a
 *                      zombie, or had a thread fault; the thread is the
 *                      one that spawned it, ended it, or faulted
 *
 * Each event carries the tick and the core clock cycles into that tick
 * (arch_tick_fraction), so its time in cycles is tick * period + cycles,
 * period being arch_tick_period(); events are recorded in time order.
 *
 * Cost.  Built with CONFIG_TRACE=0 (make TRACE=0) every hook compiles to
 * nothing.  Otherwise, while no trace runs, a hook is one load and a
 * branch (the class mask); a recorded event costs about one function call
 * and ten stores under the kernel lock.  make bench measures these three
 * cases through this header only: build with TRACE=0 or TRACE=1, and
 * trace_start_classes(..., TRACE_CLASS_ALL) around the measured work.
 *
 * Export: trace_dump() (trace_export.c) prints the ring as KTRACE text
 * lines on the console, which tools/trace_convert.py turns into a
 * Perfetto / Chrome trace-event JSON file and a PNG timeline.
 *
 * Context: trace_dump from threads; the rest anywhere (a timer callback
 * can start or stop a trace: a trigger); recording happens inside the kernel
 * under the kernel lock, and from kernel-aware interrupt handlers
 * (trace_isr_enter/exit), never from handlers above the kernel lock.
 */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/thread.h"

/* 1: the hooks are compiled in (they cost a load and a branch while no
 * trace runs); 0: they compile to nothing and trace_start records
 * nothing. */
#ifndef CONFIG_TRACE
#define CONFIG_TRACE 1
#endif

/* If nonzero, the kernel starts a trace of every class at boot into a
 * ring of this many events of its own, and when the system exits prints
 * the trace running then (trace_dump "boot", or "exit" if the application
 * started another one), unless it was dumped already.  make trace sets it
 * for applications that do not dump traces themselves. */
#ifndef CONFIG_TRACE_BOOT_EVENTS
#define CONFIG_TRACE_BOOT_EVENTS 0
#endif

enum trace_type {
	TRACE_STATE,
	TRACE_NAME,
	TRACE_SWITCH,
	TRACE_PRIORITY,
	TRACE_MUTEX_LOCK,
	TRACE_MUTEX_UNLOCK,
	TRACE_ISR_ENTER,
	TRACE_ISR_EXIT,
	TRACE_PROCESS_SPAWN, /* object: the new process's PCB */
	TRACE_PROCESS_EXIT,  /* object: the PCB, now a zombie */
	TRACE_PROCESS_FAULT, /* object: the PCB of the faulting thread */
	TRACE_TYPES
};

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
	TRACE_INHERITED, /* TRACE_PRIORITY: raised above base by inheritance */
	TRACE_BASE,      /* TRACE_PRIORITY: at its base priority */
	TRACE_REASONS
};

/* Classes of events, for trace_start_classes. */
#define TRACE_CLASS_STATE (1u << 0)   /* TRACE_STATE */
#define TRACE_CLASS_NAME (1u << 1)    /* TRACE_NAME */
#define TRACE_CLASS_SWITCH (1u << 2)  /* TRACE_SWITCH */
#define TRACE_CLASS_MUTEX (1u << 3)   /* TRACE_MUTEX_*, TRACE_PRIORITY */
#define TRACE_CLASS_ISR (1u << 4)     /* TRACE_ISR_* */
#define TRACE_CLASS_PROCESS (1u << 5) /* TRACE_PROCESS_* */
#define TRACE_CLASS_ALL 0x3fu

/* trace_isr_enter's number for the tick interrupt. */
#define TRACE_IRQ_TICK (-1)

#define TRACE_NAME_BYTES 12

struct trace_event {
	uint32_t tick;               /* time_ticks() then */
	uint32_t cycles;             /* core clock cycles into that tick */
	const struct thread *thread; /* the thread it is about; NULL for ISR events */
	uint32_t tid;                /* that thread's tid (records are reused) */
	uint8_t type;                /* enum trace_type */
	uint8_t state;               /* the thread's state afterwards (TRACE_SWITCH: other's) */
	uint8_t reason;              /* enum trace_reason */
	uint8_t priority;            /* the thread's effective priority afterwards */
	union {
		struct {
			union {
				const void *object;          /* waited for, locked, released */
				const struct thread *other;  /* TRACE_SWITCH: the thread left */
				int32_t irq;                 /* TRACE_ISR_ENTER */
			};
			const char *wait_reason; /* TRACE_STATE, blocked: thread->wait_reason */
			uint32_t pid;            /* the thread's process */
		};
		char name[TRACE_NAME_BYTES]; /* TRACE_NAME, NUL-terminated */
	};
};

/* The record the dump and the docs describe, on the 32-bit target. */
_Static_assert(sizeof(void *) != 4 || sizeof(struct trace_event) == 32, "trace_event: 32 bytes");

/* Starts recording the classes given into buffer (capacity events),
 * oldest first; when it is full the oldest events are overwritten.  With
 * TRACE_CLASS_NAME it first records a TRACE_NAME event for every live
 * thread (under the kernel lock: O(threads)).  Replaces any trace
 * running. */
void trace_start_classes(struct trace_event *buffer, uint32_t capacity, uint32_t classes);

/* As trace_start_classes(buffer, capacity, TRACE_CLASS_STATE): thread
 * state changes only. */
void trace_start(struct trace_event *buffer, uint32_t capacity);

/* Stops recording; the ring keeps its events for trace_get and
 * trace_dump until the next start.  Context: any. */
void trace_stop(void);

/* A trigger: records this many more events, then stops, so that the ring
 * keeps what led up to the trigger and what followed (0: stops at once).
 * Context: any. */
void trace_stop_after(uint32_t events);

/* Number of events recorded since the trace started (may exceed the
 * capacity: the older ones were overwritten). */
uint32_t trace_count(void);

/* The i-th oldest event still in the buffer, or NULL. */
const struct trace_event *trace_get(uint32_t i);

/* The ring in use (NULL if none), its capacity and the classes it was
 * started with (either pointer may be NULL), e.g. to tell whether a trace
 * of one's own is still the current one. */
const struct trace_event *trace_buffer(uint32_t *capacity, uint32_t *classes);

const char *trace_reason_name(enum trace_reason reason);
const char *trace_type_name(enum trace_type type);

/* Prints the ring on the console (kprintf) as KTRACE text lines, framed
 * and labelled, with the clock, the processes and the live threads (see
 * tools/trace_convert.py for the format).  Nothing else should print
 * meanwhile.  label: one word, e.g. "inversion".  Context: thread. */
void trace_dump(const char *label);

/* ---- hooks: inside the kernel, and in interrupt handlers ---------------- */

/* Recording switch: a bit per class being recorded, 0 when off. */
extern uint32_t trace_classes;

void trace_record_state_locked(const struct thread *t, enum trace_reason reason);
void trace_record_switch_locked(const struct thread *prev, const struct thread *next,
				enum trace_reason leave_reason);
void trace_record_thread_locked(enum trace_type type, const struct thread *t,
				const void *object);
void trace_record_isr(enum trace_type type, int32_t irq);

static inline bool trace_on(uint32_t class_bit)
{
	return CONFIG_TRACE && (trace_classes & class_bit) != 0;
}

/* t entered its current state because of reason.  The scheduler calls
 * this on every state change. */
static inline void trace_state_locked(const struct thread *t, enum trace_reason reason)
{
	if (trace_on(TRACE_CLASS_STATE | TRACE_CLASS_NAME))
		trace_record_state_locked(t, reason);
}

/* The CPU goes from prev to next; leave_reason: why prev leaves if it is
 * still READY. */
static inline void trace_switch_locked(const struct thread *prev, const struct thread *next,
				       enum trace_reason leave_reason)
{
	if (trace_on(TRACE_CLASS_SWITCH))
		trace_record_switch_locked(prev, next, leave_reason);
}

/* t took (TRACE_MUTEX_LOCK) or released (TRACE_MUTEX_UNLOCK) mutex m. */
static inline void trace_mutex_locked(enum trace_type type, const struct thread *t,
				      const void *m)
{
	if (trace_on(TRACE_CLASS_MUTEX))
		trace_record_thread_locked(type, t, m);
}

/* t's effective priority has just changed. */
static inline void trace_priority_locked(const struct thread *t)
{
	if (trace_on(TRACE_CLASS_MUTEX))
		trace_record_thread_locked(TRACE_PRIORITY, t, NULL);
}

/* A process event (TRACE_PROCESS_*) seen by thread t, about PCB p. */
static inline void trace_process_locked(enum trace_type type, const struct thread *t,
					const void *p)
{
	if (trace_on(TRACE_CLASS_PROCESS))
		trace_record_thread_locked(type, t, p);
}

/* First and last thing a kernel-aware interrupt handler does, if it
 * wants to appear in the trace.  irq: the IRQ number, or TRACE_IRQ_TICK.
 * Context: ISR (at or below the kernel lock's priority). */
static inline void trace_isr_enter(int32_t irq)
{
	if (trace_on(TRACE_CLASS_ISR))
		trace_record_isr(TRACE_ISR_ENTER, irq);
}

static inline void trace_isr_exit(void)
{
	if (trace_on(TRACE_CLASS_ISR))
		trace_record_isr(TRACE_ISR_EXIT, 0);
}

/* Starts the boot trace (CONFIG_TRACE_BOOT_EVENTS).  Called once from
 * kernel_start, before the first thread is created. */
void trace_boot_start(void);

#endif
