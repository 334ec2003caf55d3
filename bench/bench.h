/* SPDX-License-Identifier: MIT */
/*
 * The benchmark image (make bench): shared declarations.
 *
 * How a figure is made (harness.c):
 *
 *  - Time.  The board clock (board.h) under QEMU -icount shift=0, where
 *    one nanosecond of virtual time is one guest instruction.  Every
 *    timing window starts just after a kernel tick (the controlling
 *    thread sleeps one tick first) and must end before the next one, so
 *    no tick handler runs inside a window; a window that saw a tick is
 *    thrown away and the benchmark is redone with fewer operations.
 *
 *  - Fixed costs cancel.  Each benchmark runs n and 2n operations; the
 *    difference of the two windows is the cost of n operations in the
 *    middle of a run, without starting and stopping threads or reading
 *    the clock.
 *
 *  - The loop is subtracted.  Every loop calls the kernel through a
 *    table of function pointers (struct bench_ops) and is run twice: with
 *    the kernel's functions and with stubs (asm.S) of known length that
 *    do nothing.  The machine code of the loop is the same both times, so
 *    the difference, plus the stubs' own instructions and one instruction
 *    per call, is what the kernel executed for the operations: its
 *    functions, the switches and interrupt handlers they caused, and the
 *    call instructions.  The loop itself (counters, result checks, the
 *    argument set-up of each call) is reported apart as "loop".
 *
 *  - Exceptions.  QEMU charges nothing for exception entry and return, so
 *    they are counted apart: context switches from the threads'
 *    switches_in (every PendSV in these loops switches), interrupts by
 *    the benchmark's own handlers, ticks from the tick count; the
 *    syscalls of unprivileged threads (two SVCs each: svc #0 in, svc #1
 *    out) from their syscalls counts (process.c: "SYSCALLS" lines).
 *
 *  - Checks.  Every real window checks what the operations did (counters,
 *    message contents, the number of switches and interrupts); a failure
 *    prints FAIL and the image exits non-zero.
 *
 * The guest prints raw counts ("BENCH ..." lines); tools/bench.py does
 * the arithmetic, prints the table and writes the JSON.
 *
 * The image lives in bench/, not examples/: it teaches nothing about the
 * API, it is built only by make bench (in its own build directories, at
 * two optimisation levels), and its output is a protocol for a host tool.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mutex.h"
#include "kernel/pool.h"
#include "kernel/queue.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"

/* Every kernel call a benchmark loop makes goes through one of these. */
struct bench_ops {
	void (*yield)(void);
	int (*suspend)(struct thread *t);
	int (*resume)(struct thread *t);
	int (*take)(struct semaphore *s, uint32_t timeout_ticks);
	int (*give)(struct semaphore *s);
	int (*send)(struct queue *q, const void *item, uint32_t timeout_ticks);
	int (*receive)(struct queue *q, void *item, uint32_t timeout_ticks);
	int (*lock)(struct mutex *m, uint32_t timeout_ticks);
	int (*unlock)(struct mutex *m);
	void *(*alloc)(struct pool *p);
	int (*free)(struct pool *p, void *block);
	void (*trigger)(unsigned irq);
	int (*create)(struct thread *t, const char *name, thread_entry_t entry, void *arg,
		      unsigned priority, void *stack, size_t stack_bytes);
	int (*join)(struct thread *t, void **value, uint32_t timeout_ticks);
};

extern const struct bench_ops bench_kernel_ops; /* the kernel's functions */
extern const struct bench_ops bench_stub_ops;   /* do-nothing stubs, asm.S */

/* Instructions each stub executes (asm.S): a void stub is "bx lr"; an
 * int stub "movs r0, #0; bx lr"; the alloc stub returns its argument. */
#define STUB_VOID 1
#define STUB_INT 2

/* Priorities: main runs at CONFIG_MAIN_PRIORITY (16) and controls every
 * benchmark; workers run below it unless they must preempt it. */
#define PRIO_FILLER_MAX 9 /* ready threads that never run in a window */
#define PRIO_LOW 10
#define PRIO_HIGH 20

/* Software-triggered interrupts: present and unused on every board. */
#define IRQ_GIVE 31   /* gives bench_irq_sem */
#define IRQ_RESUME 30 /* resumes bench_irq_thread */

/*
 * One benchmark.  body(b, ops, n) runs n units from the controlling
 * thread (main) and returns when they are done; check(b, n) is called
 * after each real window and returns NULL or what went wrong.
 */
struct bench {
	const char *id;
	uint32_t ops_per_unit;  /* operations one unit counts as */
	uint32_t stub_per_unit; /* stub instructions one unit executes */
	uint32_t calls_per_unit; /* kernel calls one unit makes */
	uint32_t unit_multiple; /* n must be a multiple of this */
	uint32_t switches_per_unit; /* context switches one unit must cause */
	uint32_t irqs_per_unit;     /* interrupts one unit must take */
	uint32_t threads;       /* bench threads it needs (0: main only) */
	void (*setup)(struct bench *b);
	void (*body)(struct bench *b, const struct bench_ops *ops, uint32_t n);
	const char *(*check)(struct bench *b, uint32_t n);
	void (*teardown)(struct bench *b);
	uint32_t arg; /* per-benchmark parameter (thread count) */

	/* Set by bench_run: units per window, and the real windows' clock
	 * counts (n and 2n units). */
	uint32_t last_n;
	uint32_t last_counts[2];
};

/* A thread the benchmarks borrow: TCB, stack and a "go" semaphore.  Its
 * entry waits on go, then runs work(w) unless stop is set, then gives
 * bench_done; so one window is: give every go, take bench_done once per
 * worker. */
struct bench_thread {
	struct thread thread;
	uint8_t *stack;
	struct semaphore go;
	void (*work)(struct bench_thread *w);
	const struct bench_ops *ops;
	uint32_t n;
	uint32_t index;
	struct bench_thread *next; /* a neighbour, for chains */
	volatile uint32_t counter;
	volatile uint32_t bad;
	void *ctx;
	bool stop;
};

#define BENCH_THREADS_MAX 64
extern struct bench_thread *bench_threads[BENCH_THREADS_MAX];
extern uint32_t bench_thread_count; /* as many as RAM allowed, up to BENCH_THREADS_MAX */
extern uint32_t bench_stack_bytes;
extern struct semaphore bench_done;

/* Starts bench_threads[i] at priority with work; it waits for go. */
void bench_thread_start(uint32_t i, unsigned priority, void (*work)(struct bench_thread *w));
/* Stops and joins bench_threads[0..count). */
void bench_threads_stop(uint32_t count);
/* Gives go to threads [first, first+count) with ops and n. */
void bench_threads_go(uint32_t first, uint32_t count, const struct bench_ops *ops, uint32_t n);
/* Takes bench_done count times. */
void bench_threads_wait(uint32_t count);

/* The interrupts' state, for the handlers in irq.c. */
extern volatile uint32_t bench_irqs;
/* PendSV entries (the switch handler) since bench_count_pendsv. */
extern volatile uint32_t bench_pendsvs;
#define BENCH_PENDSV_COUNT_INSNS 6 /* bench_pendsv, asm.S */
/* Moves the vector table to RAM with PendSV counted (bench_pendsv). */
void bench_count_pendsv(void);
extern struct semaphore bench_irq_sem;
extern struct thread *volatile bench_irq_thread;

/* Switches into every thread the benchmarks know of (PendSV count). */
uint32_t bench_switch_count(void);
/* A body adds here the switches into threads that no longer exist when
 * its window ends (created and joined inside it). */
extern uint32_t bench_extra_switches;

/* Allocates bench_threads with stacks of stack_bytes, as many as the
 * heap holds (up to BENCH_THREADS_MAX) with reserve_bytes left over. */
void bench_threads_alloc(uint32_t stack_bytes, uint32_t reserve_bytes);
/* The most stack any borrowed thread has used so far, in bytes. */
uint32_t bench_threads_stack_used(void);

/* Runs one benchmark and prints its BENCH line; false if it failed. */
bool bench_run(struct bench *b);

/* Reports a failure ("FAIL <id>: ...") and counts it. */
void bench_fail(const char *id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
extern uint32_t bench_failures;

/* Calls now() count times and stores each reading; consecutive calls
 * are the same number of instructions apart (asm.S). */
void bench_clock_trace(uint32_t (*now)(void), uint32_t *readings, uint32_t count);

/* Executes nops (0..8) NOPs: exactly 5 + nops instructions (asm.S). */
void bench_delay(uint32_t nops);

/* The benchmark groups. */
bool bench_sched(void);
bool bench_sync(void);
bool bench_irq(void);
bool bench_static(void);
bool bench_process(void);
bool bench_tickless(void);

#endif
