/* SPDX-License-Identifier: MIT */
/*
 * Run-time statistics: per-thread CPU time, switches and stack use,
 * per-process totals and the idle share, read as snapshots.
 *
 * CPU time is kept two ways:
 *  - ticks_run: the tick handler charges each tick to the thread it
 *    interrupted.  A sample: a thread that always runs between two ticks
 *    is never charged.
 *  - cycles_run: once stats_count_cycles(true) has been called, every
 *    context switch charges the outgoing thread the core clock cycles
 *    since the previous switch, read from the fine clock under the tick
 *    (arch_tick_fraction).  Exact to the clock's resolution; interrupt
 *    handlers' time goes to the thread they interrupted.  It costs about
 *    45 instructions per switch (a yield is about 140 without it), so it
 *    is off until asked for: then the switch pays one load and a branch.
 *    CONFIG_STATS_CYCLES=0 compiles it out.
 *
 * Shares: take two snapshots and divide each thread's cycles_run
 * difference by the difference of the snapshots' cycles; the idle
 * thread's share is the idle share.
 *
 * Limits: per-process totals add up the threads alive at the snapshot
 * (the records of threads already reclaimed are gone); the fine clock
 * wraps after 2^32 ticks (49 days at 1 kHz).
 *
 * Context: threads (each call holds the kernel lock for a walk of the
 * thread list; stack high-water marks are measured after releasing it).
 */
#ifndef KERNEL_STATS_H
#define KERNEL_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/config.h"
#include "kernel/process.h"
#include "kernel/thread.h"

#ifndef CONFIG_STATS_CYCLES
#define CONFIG_STATS_CYCLES 1
#endif

struct stats_snapshot {
	bool cycles_counted;   /* stats_count_cycles is on: cycles_run figures mean something */
	uint32_t tick;         /* time_ticks() */
	uint64_t cycles;       /* fine clock: core clock cycles since the kernel started */
	uint32_t clock_hz;     /* the fine clock's rate (the core clock) */
	uint32_t threads;      /* live threads */
	uint32_t processes;    /* processes in the tree */
	uint32_t switches;     /* switches_in summed over the live threads */
	uint64_t idle_cycles;  /* the idle thread's cycles_run */
	uint32_t idle_ticks;   /* the idle thread's ticks_run */
};

struct stats_thread {
	const struct thread *thread; /* identity only: the record may be reused later */
	uint32_t tid;
	uint32_t pid;
	char name[CONFIG_THREAD_NAME_BYTES];
	uint8_t state; /* enum thread_state */
	uint8_t priority;
	uint8_t base_priority;
	const char *wait_reason; /* when BLOCKED: "sleep", "mutex", ... */
	uint32_t switches_in;
	uint32_t ticks_run;
	uint64_t cycles_run;  /* the running thread's current stretch included */
	uint32_t stack_bytes; /* usable: above the canary, up to the top */
	uint32_t stack_used;  /* high-water mark (needs CONFIG_STACK_FILL) */
};

struct stats_process {
	uint32_t pid;
	uint32_t parent_pid; /* the root (the kernel process) is its own parent */
	char name[CONFIG_PROCESS_NAME_BYTES];
	uint8_t state; /* enum process_state */
	uint8_t depth; /* in the tree: 0 for the kernel process */
	/* Over its live threads: */
	uint32_t threads;
	uint32_t switches_in;
	uint32_t ticks_run;
	uint64_t cycles_run;
	uint32_t stack_bytes;
	struct mem_region code, data, heap;
};

/* System-wide figures, read at one instant. */
void stats_snapshot(struct stats_snapshot *s);

/* The index-th live thread (creation order); false past the last. */
bool stats_thread_at(unsigned index, struct stats_thread *out);

/* The index-th process, parents before children; false past the last. */
bool stats_process_at(unsigned index, struct stats_process *out);

/* The fine clock: core clock cycles since the kernel started its tick. */
uint64_t stats_now_cycles(void);

/* Starts (true) or stops counting cycles_run at each switch; every
 * thread's count goes on from where it was.  Returns: 0; ERR_STATE if
 * built with CONFIG_STATS_CYCLES=0.  Context: any. */
int stats_count_cycles(bool on);

/* ---- hook: the switch ----------------------------------------------------- */

extern bool stats_counting_cycles;
void stats_charge_locked(struct thread *prev);

/* prev leaves the CPU: charges it the cycles since the last switch.
 * Context: the switch, kernel lock held. */
static inline void stats_switch_locked(struct thread *prev)
{
	if (CONFIG_STATS_CYCLES && stats_counting_cycles)
		stats_charge_locked(prev);
}

#endif
