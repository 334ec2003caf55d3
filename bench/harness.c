/* SPDX-License-Identifier: MIT */
/*
 * The measuring harness (the method is in bench.h): the two tables of
 * operations, the borrowed threads, and the timing windows.
 *
 * Owns bench_threads (allocated once, from the heap so the boot figure
 * is not charged for zeroing their stacks) and the failure count.  Runs
 * only in main, except the worker entry.
 */
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "bench.h"
#include "cortex_m.h"
#include "board.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/time.h"

const struct bench_ops bench_kernel_ops = {
	.yield = thread_yield,
	.suspend = thread_suspend,
	.resume = thread_resume,
	.take = semaphore_take,
	.give = semaphore_give,
	.send = queue_send,
	.receive = queue_receive,
	.lock = mutex_lock,
	.unlock = mutex_unlock,
	.alloc = pool_alloc,
	.free = pool_free,
	.trigger = arch_irq_trigger,
	.create = thread_create,
	.join = thread_join,
};

void stub_yield(void);
int stub_suspend(struct thread *t);
int stub_resume(struct thread *t);
int stub_take(struct semaphore *s, uint32_t timeout_ticks);
int stub_give(struct semaphore *s);
int stub_send(struct queue *q, const void *item, uint32_t timeout_ticks);
int stub_receive(struct queue *q, void *item, uint32_t timeout_ticks);
int stub_lock(struct mutex *m, uint32_t timeout_ticks);
int stub_unlock(struct mutex *m);
void *stub_alloc(struct pool *p);
int stub_free(struct pool *p, void *block);
void stub_trigger(unsigned irq);
int stub_create(struct thread *t, const char *name, thread_entry_t entry, void *arg,
		unsigned priority, void *stack, size_t stack_bytes);
int stub_join(struct thread *t, void **value, uint32_t timeout_ticks);

const struct bench_ops bench_stub_ops = {
	.yield = stub_yield,
	.suspend = stub_suspend,
	.resume = stub_resume,
	.take = stub_take,
	.give = stub_give,
	.send = stub_send,
	.receive = stub_receive,
	.lock = stub_lock,
	.unlock = stub_unlock,
	.alloc = stub_alloc,
	.free = stub_free,
	.trigger = stub_trigger,
	.create = stub_create,
	.join = stub_join,
};

uint32_t bench_failures;

void bench_fail(const char *id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL %s: ", id);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	bench_failures++;
}

/* ------------------------------------------------------------ threads -- */

struct bench_thread *bench_threads[BENCH_THREADS_MAX];
uint32_t bench_thread_count;
uint32_t bench_stack_bytes;
struct semaphore bench_done;
static uint32_t stack_used_max;

static void *worker_entry(void *arg)
{
	struct bench_thread *w = arg;

	for (;;) {
		if (semaphore_take(&w->go, TIMEOUT_FOREVER) != 0)
			w->bad |= 1;
		if (w->stop)
			return NULL;
		w->work(w);
		semaphore_give(&bench_done);
	}
}

void bench_threads_alloc(uint32_t stack_bytes, uint32_t reserve_bytes)
{
	void *reserve = malloc(reserve_bytes); /* for newlib, once the threads have the rest */

	bench_stack_bytes = stack_bytes;
	for (uint32_t i = 0; i < BENCH_THREADS_MAX; i++) {
		struct bench_thread *w = calloc(1, sizeof(*w));
		uint8_t *stack = w ? memalign(ARCH_STACK_ALIGN, stack_bytes) : NULL;
		if (stack == NULL) {
			free(w);
			break;
		}
		w->stack = stack;
		bench_threads[i] = w;
		bench_thread_count = i + 1;
	}
	free(reserve);
	semaphore_init(&bench_done, 0, BENCH_THREADS_MAX);
}

uint32_t bench_threads_stack_used(void)
{
	return stack_used_max;
}

void bench_thread_start(uint32_t i, unsigned priority, void (*work)(struct bench_thread *w))
{
	struct bench_thread *w = bench_threads[i];
	char name[CONFIG_THREAD_NAME_BYTES];

	w->work = work;
	w->index = i;
	w->stop = false;
	w->counter = 0;
	w->bad = 0;
	snprintf(name, sizeof(name), "bench%lu", (unsigned long)i);
	int err = semaphore_init(&w->go, 0, 1);
	if (err == 0)
		err = thread_create(&w->thread, name, worker_entry, w, priority, w->stack,
				    bench_stack_bytes);
	if (err)
		bench_fail("harness", "starting thread %lu: %s", (unsigned long)i, error_name(err));
}

void bench_threads_stop(uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		struct bench_thread *w = bench_threads[i];
		w->stop = true;
		semaphore_give(&w->go);
		int err = thread_join(&w->thread, NULL, TIMEOUT_FOREVER);
		uint32_t usable = (uint32_t)(w->stack + bench_stack_bytes -
					     (uint8_t *)(w->thread.stack_limit + 1));
		uint32_t used = usable - thread_stack_unused(&w->thread);
		if (used > stack_used_max)
			stack_used_max = used;
		if (err == 0)
			err = semaphore_delete(&w->go);
		if (err)
			bench_fail("harness", "stopping thread %lu: %s", (unsigned long)i,
				   error_name(err));
	}
}

void bench_threads_go(uint32_t first, uint32_t count, const struct bench_ops *ops, uint32_t n)
{
	for (uint32_t i = first; i < first + count; i++) {
		bench_threads[i]->ops = ops;
		bench_threads[i]->n = n;
		semaphore_give(&bench_threads[i]->go);
	}
}

void bench_threads_wait(uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		semaphore_take(&bench_done, TIMEOUT_FOREVER);
}

uint32_t bench_switch_count(void)
{
	uint32_t sum = thread_self()->switches_in + sched_idle_thread()->switches_in;

	for (uint32_t i = 0; i < bench_thread_count; i++)
		if (bench_threads[i]->thread.state != THREAD_FREE)
			sum += bench_threads[i]->thread.switches_in;
	return sum;
}

/* ------------------------------------------------ counting PendSVs -- */

/* Most switches are direct calls, not exceptions: only PendSV's entries
 * are exceptions, so they are counted, by a vector table in RAM whose
 * PendSV entry is bench_pendsv.  The table must be aligned to its size
 * rounded up to a power of two. */
#define VECTORS (EXC_IRQ0 + BOARD_IRQS)
#define VECTORS_ALIGN (VECTORS <= 32 ? 128 : VECTORS <= 64 ? 256 : 512)

typedef void (*vector_t)(void);
extern const vector_t vector_table[VECTORS];
void bench_pendsv(void);

volatile uint32_t bench_pendsvs;
static vector_t ram_vectors[VECTORS] __attribute__((aligned(VECTORS_ALIGN)));

void bench_count_pendsv(void)
{
	uint32_t key = kernel_lock();

	memcpy(ram_vectors, vector_table, sizeof(ram_vectors));
	ram_vectors[EXC_PENDSV] = bench_pendsv;
	SCB_VTOR = (uint32_t)(uintptr_t)ram_vectors;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
	kernel_unlock(key);
}

/* ------------------------------------------------------------ windows -- */

struct window {
	uint32_t counts;   /* board clock counts from start to end */
	uint32_t switches; /* context switches */
	uint32_t pendsvs;  /* of which PendSVs (exceptions); the rest are direct */
	uint32_t irqs;     /* the benchmark's interrupts */
	uint32_t ticks;    /* kernel ticks: 0, or the window is void */
};

uint32_t bench_extra_switches; /* switches into threads gone by the window's end */

static void window(struct bench *b, const struct bench_ops *ops, uint32_t n, struct window *w)
{
	thread_sleep(1); /* start just after a tick */
	uint32_t switches = bench_switch_count();
	uint32_t irqs = bench_irqs;
	uint32_t pendsvs = bench_pendsvs;
	uint32_t ticks = time_ticks();
	bench_extra_switches = 0;
	uint32_t t0 = board_clock_now();
	b->body(b, ops, n);
	uint32_t t1 = board_clock_now();
	w->ticks = time_ticks() - ticks;
	w->irqs = bench_irqs - irqs;
	w->pendsvs = bench_pendsvs - pendsvs;
	w->switches = bench_switch_count() - switches + bench_extra_switches;
	w->counts = t1 - t0;
}

/* Units per window to try, largest first: a window that sees a tick is
 * redone smaller. */
static const uint32_t unit_tries[] = {2000, 1000, 500, 250, 100, 50, 20, 10, 5};
#define UNIT_TRIES (sizeof(unit_tries) / sizeof(unit_tries[0]))

/* Runs the four windows with n units per window: false if one saw a
 * tick.  Checks each real window. */
static bool windows(struct bench *b, uint32_t n, struct window real[2], struct window stub[2])
{
	for (uint32_t k = 0; k < 2; k++) {
		window(b, &bench_kernel_ops, n << k, &real[k]);
		const char *why = b->check ? b->check(b, n << k) : NULL;
		if (why)
			bench_fail(b->id, "%s (%lu units)", why, (unsigned long)(n << k));
		if (real[k].ticks)
			return false;
	}
	for (uint32_t k = 0; k < 2; k++) {
		window(b, &bench_stub_ops, n << k, &stub[k]);
		if (stub[k].ticks)
			return false;
	}
	return true;
}

bool bench_run(struct bench *b)
{
	uint32_t failures = bench_failures;
	uint32_t multiple = b->unit_multiple ? b->unit_multiple : 1;
	struct window real[2], stub[2];
	uint32_t n = 0;
	bool fits = false;

	if (b->threads > bench_thread_count) {
		printf("SKIP %s: needs %lu threads, RAM holds %lu\n", b->id,
		       (unsigned long)b->threads, (unsigned long)bench_thread_count);
		return true;
	}
	if (b->setup)
		b->setup(b);
	for (unsigned i = 0; i < UNIT_TRIES && !fits && bench_failures == failures; i++) {
		n = unit_tries[i] > multiple ? unit_tries[i] / multiple * multiple : multiple;
		fits = windows(b, n, real, stub);
	}
	if (b->teardown)
		b->teardown(b);
	if (bench_failures != failures)
		return false;
	if (!fits) {
		bench_fail(b->id, "no window fits between two ticks");
		return false;
	}
	/* The n units between the two windows switched and took interrupts
	 * exactly as the benchmark's design says. */
	uint32_t switches = real[1].switches - real[0].switches;
	uint32_t irqs = real[1].irqs - real[0].irqs;
	if (switches != n * b->switches_per_unit || irqs != n * b->irqs_per_unit) {
		bench_fail(b->id,
			   "%lu units switched %lu times and took %lu interrupts, not %lu and %lu",
			   (unsigned long)n, (unsigned long)switches, (unsigned long)irqs,
			   (unsigned long)(n * b->switches_per_unit),
			   (unsigned long)(n * b->irqs_per_unit));
		return false;
	}
	b->last_n = n;
	b->last_counts[0] = real[0].counts;
	b->last_counts[1] = real[1].counts;
	printf("BENCH %s n=%lu ops=%lu stub=%lu calls=%lu real=%lu,%lu stubbed=%lu,%lu "
	       "switches=%lu,%lu pendsvs=%lu,%lu irqs=%lu,%lu\n",
	       b->id, (unsigned long)n, (unsigned long)b->ops_per_unit,
	       (unsigned long)b->stub_per_unit, (unsigned long)b->calls_per_unit,
	       (unsigned long)real[0].counts, (unsigned long)real[1].counts,
	       (unsigned long)stub[0].counts, (unsigned long)stub[1].counts,
	       (unsigned long)real[0].switches, (unsigned long)real[1].switches,
	       (unsigned long)real[0].pendsvs, (unsigned long)real[1].pendsvs,
	       (unsigned long)real[0].irqs, (unsigned long)real[1].irqs);
	return true;
}
