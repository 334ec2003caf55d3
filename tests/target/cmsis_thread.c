/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 threads, thread flags and delays (compat/cmsis-rtos2/
 * os2_thread.c, os2_flags.c) on the target: creation with every attr
 * error, static and heap memory, detached and joinable threads, join and
 * detach errors, exit and terminate (of ready, blocked, suspended threads
 * and of the caller), suspend and resume, priorities (with inheritance),
 * round robin by yield, stack figures, count and enumerate, thread flags
 * (any, all, no-clear, timeouts, from a handler), exact delays, heap
 * memory of ended threads given back, thread watchdogs, affinity and
 * zones, and calls from an interrupt handler.
 *
 * The cases run in the runner thread at osPriorityNormal.  Children are
 * small threads, above the runner when they should reach their point at
 * once and below it when they should not run until the runner blocks;
 * they only record what they saw, and the runner checks it.  A
 * software-triggered IRQ runs code in handler mode.
 */
#include <malloc.h>
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "cmsis_test.h"
#include "test_isr.h"
#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kestrel_os2.h"

#define STACK_BYTES (KESTREL_OS2_STACK_MIN + 128u)

/* ---- helpers --------------------------------------------------------- */

/* What the children saw. */
static volatile int steps;
static volatile void *seen_arg;
static volatile osThreadId_t seen_id;
static volatile uint32_t seen_flags;
static volatile osStatus_t seen_status;
static volatile uint32_t seen_tick;

static osThreadId_t spawn(osThreadFunc_t fn, void *arg, osPriority_t priority, uint32_t bits)
{
	const osThreadAttr_t attr = {
		.stack_size = STACK_BYTES,
		.priority = priority,
		.attr_bits = bits,
	};
	return osThreadNew(fn, arg, &attr);
}

static void reset(void)
{
	steps = 0;
	seen_arg = NULL;
	seen_id = NULL;
	seen_flags = 0;
	seen_status = osError;
	seen_tick = 0;
}

/* The heap in use, once the memory of ended detached threads is given
 * back (osThreadGetCount reaps them). */
static size_t heap_used(void)
{
	osThreadGetCount();
	return heap_in_use();
}

/* Children. */
static void record(void *arg)
{
	seen_arg = arg;
	seen_id = osThreadGetId();
	steps++;
}

static void exit_early(void *arg)
{
	steps = 1;
	if (arg != NULL)
		osThreadTerminate(osThreadGetId());
	else
		osThreadExit();
	steps = 2;
}

static void suspend_self(void *arg)
{
	steps = 1;
	osThreadSuspend(osThreadGetId());
	steps = 2;
}

static void delay_long(void *arg)
{
	uint32_t t0 = osKernelGetTickCount();
	seen_status = osDelay(1000);
	seen_tick = osKernelGetTickCount() - t0;
	steps++;
}

/* Waits for the flags arg points at (options in the high half of the
 * second word). */
struct wait_spec {
	uint32_t flags;
	uint32_t options;
	uint32_t timeout;
};

static void wait_flags(void *arg)
{
	const struct wait_spec *w = arg;

	seen_flags = osThreadFlagsWait(w->flags, w->options, w->timeout);
	seen_tick = osThreadFlagsGet(); /* what is left */
	steps++;
}

static const struct wait_spec wait_1_forever = {0x1, osFlagsWaitAny, osWaitForever};

/* ---- creation -------------------------------------------------------- */

static void test_new_defaults(void)
{
	reset();
	osThreadId_t id = osThreadNew(record, (void *)&steps, NULL);
	CHECK(id != NULL);
	CHECK_EQ(steps, 0); /* osPriorityNormal, as we are: it waits its turn */
	CHECK_EQ(osThreadGetState(id), osThreadReady);
	CHECK(osThreadGetName(id) == NULL);
	CHECK_EQ(osThreadGetStackSize(id), KESTREL_OS2_STACK_DEFAULT);
	CHECK_EQ(osThreadGetPriority(id), osPriorityNormal);
	CHECK_EQ(osThreadGetClass(id), 0);
	CHECK_EQ(osThreadGetAffinityMask(id), 0);
	CHECK_EQ(osDelay(1), osOK);
	CHECK_EQ(steps, 1);
	CHECK(seen_arg == &steps);
	CHECK(seen_id == id);
	CHECK_EQ(osThreadGetState(id), osThreadError); /* detached: its ID ended with it */

	/* A name and a higher priority: it runs before osThreadNew returns. */
	static const char name[] = "worker";
	const osThreadAttr_t named = {
		.name = name, .attr_bits = osThreadJoinable,
		.stack_size = STACK_BYTES, .priority = osPriorityHigh,
	};
	reset();
	id = osThreadNew(record, NULL, &named);
	CHECK(id != NULL);
	CHECK_EQ(steps, 1);
	CHECK(osThreadGetName(id) == name);
	CHECK_EQ(osThreadGetState(id), osThreadTerminated);
	CHECK_EQ(osThreadGetPriority(id), osPriorityError); /* not active */
	CHECK_EQ(osThreadJoin(id), osOK);

	/* osPriorityIdle is a priority a thread may have: it runs when we wait. */
	reset();
	id = spawn(record, NULL, osPriorityIdle, osThreadJoinable);
	CHECK(id != NULL);
	CHECK_EQ(osThreadGetPriority(id), osPriorityIdle);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(steps, 1);
}

static uint64_t cb_mem[KESTREL_OS2_THREAD_CB_SIZE / 8 + 1];
static uint64_t stack_mem[STACK_BYTES / 8 + 1];

/* osThreadNew refuses attr and changes nothing. */
static void check_refused(const osThreadAttr_t *attr)
{
	CHECK(osThreadNew(record, NULL, attr) == NULL);
}

static void test_new_errors(void)
{
	uint32_t count = osThreadGetCount();
	size_t used = heap_used();

	CHECK(osThreadNew(NULL, NULL, NULL) == NULL);
	static const int bad_priorities[] = {osPriorityISR, 57, 63, 64, osPriorityError, -5, 1000};
	for (unsigned i = 0; i < sizeof(bad_priorities) / sizeof(bad_priorities[0]); i++)
		check_refused(&(osThreadAttr_t){.priority = (osPriority_t)bad_priorities[i]});

	/* Stacks. */
	check_refused(&(osThreadAttr_t){.stack_mem = stack_mem});
	check_refused(&(osThreadAttr_t){.stack_mem = stack_mem,
					.stack_size = KESTREL_OS2_STACK_MIN - 8});
	check_refused(&(osThreadAttr_t){.stack_mem = (char *)stack_mem + 4,
					.stack_size = STACK_BYTES});
	check_refused(&(osThreadAttr_t){.stack_mem = stack_mem, .stack_size = STACK_BYTES + 4});
	check_refused(&(osThreadAttr_t){.stack_size = 0x80000000u});

	/* Control blocks. */
	check_refused(&(osThreadAttr_t){.cb_mem = cb_mem, .cb_size = 16});
	check_refused(&(osThreadAttr_t){.cb_mem = cb_mem, .cb_size = 0});
	check_refused(&(osThreadAttr_t){.cb_size = KESTREL_OS2_THREAD_CB_SIZE});
	check_refused(&(osThreadAttr_t){.cb_mem = (char *)cb_mem + 2,
					.cb_size = KESTREL_OS2_THREAD_CB_SIZE});

	/* What this kernel does not do, and a class above ours. */
	check_refused(&(osThreadAttr_t){.attr_bits = osThreadZone(1)});
	check_refused(&(osThreadAttr_t){.attr_bits = osThreadZone(0)});
	check_refused(&(osThreadAttr_t){.attr_bits = osThreadUnprivileged});
	check_refused(&(osThreadAttr_t){.affinity_mask = osThreadProcessor(1)});
	check_refused(&(osThreadAttr_t){.attr_bits = osSafetyClass(1)});

	CHECK_EQ(osThreadGetCount(), count);
	CHECK_EQ(heap_used(), used);

	/* A heap stack is made fit for the kernel: rounded up to a multiple
	 * of 8 and to KESTREL_OS2_STACK_MIN. */
	static const struct {
		uint32_t asked, given;
	} fitted[] = {
		{100, KESTREL_OS2_STACK_MIN},
		{KESTREL_OS2_STACK_MIN - 8, KESTREL_OS2_STACK_MIN},
		{STACK_BYTES + 4, STACK_BYTES + 8},
	};
	for (unsigned i = 0; i < sizeof(fitted) / sizeof(fitted[0]); i++) {
		reset();
		osThreadAttr_t attr = {.attr_bits = osThreadJoinable, .priority = osPriorityHigh,
				       .stack_size = fitted[i].asked};
		osThreadId_t id = osThreadNew(record, NULL, &attr);
		CHECK(id != NULL);
		CHECK_EQ(steps, 1);
		CHECK_EQ(osThreadGetStackSize(id), fitted[i].given);
		CHECK_EQ(osThreadJoin(id), osOK);
	}
	CHECK_EQ(heap_used(), used);

	/* What it does accept. */
	static const osThreadAttr_t good[] = {
		{.attr_bits = osThreadJoinable | osThreadPrivileged, .priority = osPriorityHigh},
		{.attr_bits = osThreadJoinable | osSafetyClass(0), .priority = osPriorityHigh},
		{.attr_bits = osThreadJoinable, .affinity_mask = osThreadProcessor(0),
		 .priority = osPriorityHigh, .stack_size = KESTREL_OS2_STACK_MIN},
	};
	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		reset();
		osThreadId_t id = osThreadNew(record, NULL, &good[i]);
		CHECK(id != NULL);
		CHECK_EQ(steps, 1);
		CHECK_EQ(osThreadJoin(id), osOK);
	}
	CHECK_EQ(heap_used(), used);
}

static uint64_t static_cb[KESTREL_OS2_THREAD_CB_SIZE / 8];
static uint64_t static_stack[STACK_BYTES / 8];

static void test_static_memory(void)
{
	const osThreadAttr_t attr = {
		.name = "static",
		.cb_mem = static_cb, .cb_size = sizeof(static_cb),
		.stack_mem = static_stack, .stack_size = sizeof(static_stack),
		.priority = osPriorityHigh,
	};
	size_t used = heap_used();

	for (int round = 0; round < 2; round++) { /* the memory is free again once it ended */
		reset();
		osThreadId_t id = osThreadNew(record, NULL, &attr);
		CHECK(id == (osThreadId_t)static_cb);
		CHECK_EQ(steps, 1);
		CHECK_EQ(osThreadGetState(id), osThreadInactive);
		CHECK(osThreadGetName(id) == NULL);
	}
	CHECK_EQ(heap_used(), used);

	/* Joinable, below us: it runs when we join it. */
	osThreadAttr_t joinable = attr;
	joinable.attr_bits = osThreadJoinable;
	joinable.priority = osPriorityLow;
	reset();
	osThreadId_t id = osThreadNew(record, NULL, &joinable);
	CHECK(id == (osThreadId_t)static_cb);
	CHECK_EQ(osThreadGetStackSize(id), sizeof(static_stack));
	CHECK_EQ(osThreadGetState(id), osThreadReady);
	/* Its memory is in use: another thread may not have it. */
	CHECK(osThreadNew(record, NULL, &attr) == NULL);
	CHECK_EQ(osThreadGetState(id), osThreadReady);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(steps, 1);
	CHECK_EQ(osThreadGetState(id), osThreadInactive);
	CHECK_EQ(osThreadJoin(id), osErrorParameter);
	CHECK_EQ(heap_used(), used);
}

/* ---- detach and join --------------------------------------------------- */

static void delay_then_record(void *arg)
{
	osDelay(3);
	record(arg);
}

static void join_other(void *arg)
{
	seen_status = osThreadJoin(arg);
	steps++;
}

static void test_join(void)
{
	/* Join waits for the thread to end. */
	reset();
	uint32_t t0 = tick_start();
	osThreadId_t id = spawn(delay_then_record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(steps, 1);
	CHECK_EQ(osKernelGetTickCount() - t0, 3);

	/* An ended joinable thread waits to be joined, not counted as active. */
	uint32_t count = osThreadGetCount();
	id = spawn(record, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadGetState(id), osThreadTerminated);
	CHECK_EQ(osThreadGetCount(), count);
	CHECK_EQ(osThreadJoin(id), osOK);

	/* Errors. */
	CHECK_EQ(osThreadJoin(NULL), osErrorParameter);
	CHECK_EQ(osThreadJoin((osThreadId_t)&steps), osErrorParameter);
	CHECK_EQ(osThreadJoin(osThreadGetId()), osErrorResource); /* the runner is detached */
	id = spawn(record, NULL, osPriorityLow, 0);
	CHECK_EQ(osThreadJoin(id), osErrorResource); /* detached */
	osDelay(1);

	/* A second joiner is refused; the first one gets it. */
	reset();
	id = spawn(wait_flags, (void *)&wait_1_forever, osPriorityLow, osThreadJoinable);
	osDelay(1); /* it waits for its flag */
	osThreadId_t joiner = spawn(join_other, id, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadGetState(joiner), osThreadBlocked);
	CHECK_EQ(osThreadJoin(id), osErrorResource);
	CHECK_EQ(osThreadFlagsSet(id, 1), 0); /* taken by its wait */
	osDelay(1);
	CHECK_EQ(seen_status, osOK);
	CHECK_EQ(osThreadJoin(joiner), osOK);

	/* A thread joining no thread. */
	osThreadAttr_t attr = {.attr_bits = osThreadJoinable, .priority = osPriorityHigh,
			       .stack_size = STACK_BYTES};
	reset();
	id = osThreadNew(join_other, NULL, &attr);
	CHECK_EQ(osThreadJoin(id), osOK); /* join_other(NULL): osErrorParameter */
	CHECK_EQ(seen_status, osErrorParameter);
}

static void join_self(void *arg)
{
	seen_status = osThreadJoin(osThreadGetId());
}

static void test_detach(void)
{
	size_t used = heap_used();

	/* A live joinable thread made detached: no longer joinable, and its
	 * ID ends with it. */
	reset();
	osThreadId_t id = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(osThreadDetach(id), osOK);
	CHECK_EQ(osThreadJoin(id), osErrorResource);
	CHECK_EQ(osThreadDetach(id), osErrorResource); /* detached already */
	osDelay(1);
	CHECK_EQ(steps, 1);
	CHECK_EQ(heap_used(), used);

	/* An ended joinable thread, detached: its memory goes back at once. */
	const osThreadAttr_t attr = {
		.cb_mem = static_cb, .cb_size = sizeof(static_cb),
		.stack_mem = static_stack, .stack_size = sizeof(static_stack),
		.priority = osPriorityHigh, .attr_bits = osThreadJoinable,
	};
	id = osThreadNew(record, NULL, &attr);
	CHECK_EQ(osThreadGetState(id), osThreadTerminated);
	CHECK_EQ(osThreadDetach(id), osOK);
	CHECK_EQ(osThreadGetState(id), osThreadInactive);
	CHECK_EQ(osThreadDetach(id), osErrorParameter);
	id = spawn(record, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadDetach(id), osOK);
	CHECK_EQ(heap_used(), used);

	/* A thread joining itself, and detach errors. */
	id = spawn(join_self, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(seen_status, osErrorResource);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(osThreadDetach(NULL), osErrorParameter);
	CHECK_EQ(osThreadDetach(osThreadGetId()), osErrorResource); /* detached */
	CHECK_EQ(heap_used(), used);
}

/* ---- exit and terminate ------------------------------------------------ */

static struct mutex kmutex;

static void hold_mutex(void *arg)
{
	seen_status = mutex_lock(&kmutex, TIMEOUT_FOREVER) == 0 ? osOK : osError;
	osDelay(1000);
	steps = 2;
}

static void test_exit_terminate(void)
{
	/* Exit, and terminating oneself. */
	reset();
	osThreadId_t id = spawn(exit_early, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(steps, 1);
	CHECK_EQ(osThreadGetState(id), osThreadTerminated);
	CHECK_EQ(osThreadJoin(id), osOK);
	reset();
	id = spawn(exit_early, (void *)1, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(steps, 1);
	CHECK_EQ(osThreadGetState(id), osThreadTerminated);
	CHECK_EQ(osThreadTerminate(id), osErrorResource); /* ended already */
	CHECK_EQ(osThreadJoin(id), osOK);

	/* A ready thread that never ran. */
	reset();
	id = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(osThreadGetState(id), osThreadReady);
	CHECK_EQ(osThreadTerminate(id), osOK);
	CHECK_EQ(osThreadGetState(id), osThreadTerminated);
	osDelay(1);
	CHECK_EQ(steps, 0);
	CHECK_EQ(osThreadJoin(id), osOK);

	/* A blocked one. */
	id = spawn(delay_long, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadGetState(id), osThreadBlocked);
	CHECK_EQ(osThreadTerminate(id), osOK);
	CHECK_EQ(osThreadGetState(id), osThreadTerminated);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(steps, 0);

	/* A suspended one. */
	id = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(osThreadSuspend(id), osOK);
	CHECK_EQ(osThreadTerminate(id), osOK);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(steps, 0);

	/* A detached one: its ID ends at once (a static block reads as
	 * inactive). */
	const osThreadAttr_t attr = {
		.cb_mem = static_cb, .cb_size = sizeof(static_cb),
		.stack_mem = static_stack, .stack_size = sizeof(static_stack),
		.priority = osPriorityLow,
	};
	id = osThreadNew(record, NULL, &attr);
	CHECK_EQ(osThreadTerminate(id), osOK);
	CHECK_EQ(osThreadGetState(id), osThreadInactive);
	CHECK_EQ(osThreadTerminate(id), osErrorParameter);
	CHECK_EQ(osThreadTerminate(NULL), osErrorParameter);

	/* A thread that ends holding a mutex passes it on. */
	CHECK_EQ(mutex_init(&kmutex, 0), 0);
	reset();
	id = spawn(hold_mutex, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(seen_status, osOK);
	CHECK_EQ(mutex_try_lock(&kmutex), ERR_WOULD_BLOCK);
	CHECK_EQ(osThreadTerminate(id), osOK);
	CHECK_EQ(mutex_try_lock(&kmutex), 0);
	CHECK_EQ(mutex_unlock(&kmutex), 0);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(steps, 0);
	CHECK_EQ(mutex_delete(&kmutex), 0);
}

/* ---- suspend and resume ------------------------------------------------ */

static void test_suspend_resume(void)
{
	/* A ready thread. */
	reset();
	osThreadId_t id = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(osThreadSuspend(id), osOK);
	CHECK_EQ(osThreadGetState(id), osThreadBlocked);
	CHECK_EQ(osThreadSuspend(id), osErrorResource);
	osDelay(2);
	CHECK_EQ(steps, 0);
	CHECK_EQ(osThreadResume(id), osOK);
	CHECK_EQ(osThreadGetState(id), osThreadReady);
	CHECK_EQ(osThreadResume(id), osErrorResource); /* ready: neither blocked nor suspended */
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(steps, 1);
	CHECK_EQ(osThreadResume(osThreadGetId()), osErrorResource); /* running */

	/* A thread that suspends itself. */
	reset();
	id = spawn(suspend_self, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(steps, 1);
	CHECK_EQ(osThreadGetState(id), osThreadBlocked);
	CHECK_EQ(osThreadResume(id), osOK);
	CHECK_EQ(steps, 2); /* above us: it ran at once */
	CHECK_EQ(osThreadJoin(id), osOK);

	/* A thread waiting for its flags, suspended, leaves its wait: the
	 * flag set meanwhile does not wake it, and its wait ends as a
	 * timeout when it is resumed. */
	reset();
	id = spawn(wait_flags, (void *)&wait_1_forever, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadGetState(id), osThreadBlocked);
	CHECK_EQ(osThreadSuspend(id), osOK);
	CHECK_EQ(osThreadGetState(id), osThreadBlocked);
	CHECK_EQ(osThreadFlagsSet(id, 1), 1); /* nobody waits: it stays set */
	CHECK_EQ(steps, 0);
	CHECK_EQ(osThreadResume(id), osOK);
	CHECK_EQ(steps, 1);
	CHECK_EQ(seen_flags, osFlagsErrorTimeout);
	CHECK_EQ(seen_tick, 1); /* its flag, still set */
	CHECK_EQ(osThreadJoin(id), osOK);

	/* Resuming a delayed (not suspended) thread ends its delay. */
	reset();
	id = spawn(delay_long, NULL, osPriorityHigh, osThreadJoinable);
	osDelay(5);
	CHECK_EQ(osThreadResume(id), osOK);
	CHECK_EQ(steps, 1);
	CHECK_EQ(seen_status, osOK);
	CHECK(seen_tick >= 5 && seen_tick < 10);
	CHECK_EQ(osThreadJoin(id), osOK);

	CHECK_EQ(osThreadSuspend(NULL), osErrorParameter);
	CHECK_EQ(osThreadResume(NULL), osErrorParameter);
	id = spawn(record, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadSuspend(id), osErrorResource); /* ended */
	CHECK_EQ(osThreadResume(id), osErrorResource);
	CHECK_EQ(osThreadJoin(id), osOK);
}

/* ---- priorities and yield ---------------------------------------------- */

static void lock_wait_unlock(void *arg)
{
	mutex_lock(&kmutex, TIMEOUT_FOREVER);
	osThreadFlagsWait(1, osFlagsWaitAny, osWaitForever);
	mutex_unlock(&kmutex);
}

static void lock_unlock(void *arg)
{
	seen_status = mutex_lock(&kmutex, TIMEOUT_FOREVER) == 0 ? osOK : osError;
	mutex_unlock(&kmutex);
	steps++;
}

static void test_priorities(void)
{
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal);
	CHECK_EQ(osThreadSetPriority(self, osPriorityBelowNormal), osOK);
	CHECK_EQ(osThreadGetPriority(self), osPriorityBelowNormal);
	CHECK_EQ(osThreadSetPriority(self, osPriorityNormal), osOK);
	static const int bad[] = {osPriorityNone, osPriorityISR, 57, 63, osPriorityError, 1000};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(osThreadSetPriority(self, (osPriority_t)bad[i]), osErrorParameter);
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal);
	CHECK_EQ(osThreadSetPriority(NULL, osPriorityNormal), osErrorParameter);
	CHECK_EQ(osThreadGetPriority(NULL), osPriorityError);

	/* Raised above us, a thread runs at once. */
	reset();
	osThreadId_t id = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(steps, 0);
	CHECK_EQ(osThreadSetPriority(id, osPriorityHigh), osOK);
	CHECK_EQ(steps, 1);
	CHECK_EQ(osThreadSetPriority(id, osPriorityLow), osErrorResource); /* ended */
	CHECK_EQ(osThreadJoin(id), osOK);

	/* Priority inheritance shows in osThreadGetPriority. */
	CHECK_EQ(mutex_init(&kmutex, 0), 0);
	reset();
	osThreadId_t owner = spawn(lock_wait_unlock, NULL, osPriorityLow, osThreadJoinable);
	osDelay(1); /* it takes the mutex and waits */
	osThreadId_t waiter = spawn(lock_unlock, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadGetState(waiter), osThreadBlocked);
	CHECK_EQ(osThreadGetPriority(owner), osPriorityHigh);
	osThreadFlagsSet(owner, 1);
	CHECK_EQ(steps, 1);
	CHECK_EQ(seen_status, osOK);
	CHECK_EQ(osThreadJoin(owner), osOK);
	CHECK_EQ(osThreadJoin(waiter), osOK);
	CHECK_EQ(mutex_delete(&kmutex), 0);
}

static char order[16];
static volatile unsigned order_len;

static void yield_loop(void *arg)
{
	for (int i = 0; i < 3; i++) {
		order[order_len++] = *(const char *)arg;
		osThreadYield();
	}
}

static void test_yield(void)
{
	CHECK_EQ(osThreadYield(), osOK); /* nobody of ours ready: we go on */
	memset(order, 0, sizeof(order));
	order_len = 0;
	osThreadId_t a = spawn(yield_loop, "A", osPriorityNormal, osThreadJoinable);
	osThreadId_t b = spawn(yield_loop, "B", osPriorityNormal, osThreadJoinable);
	CHECK_EQ(order_len, 0);
	CHECK_EQ(osThreadJoin(a), osOK);
	CHECK_EQ(osThreadJoin(b), osOK);
	CHECK(strcmp(order, "ABABAB") == 0);

	/* With us in the rotation too. */
	memset(order, 0, sizeof(order));
	order_len = 0;
	a = spawn(yield_loop, "A", osPriorityNormal, osThreadJoinable);
	order[order_len++] = 'R';
	CHECK_EQ(osThreadYield(), osOK);
	order[order_len++] = 'R';
	CHECK_EQ(osThreadJoin(a), osOK);
	CHECK(strncmp(order, "RAR", 3) == 0);
}

/* ---- stack, count, enumerate ------------------------------------------- */

static void use_stack(void *arg)
{
	volatile char buffer[300];

	for (unsigned i = 0; i < sizeof(buffer); i++)
		buffer[i] = (char)i;
	steps = 1;
	osThreadFlagsWait(1, osFlagsWaitAny, osWaitForever);
}

static void test_stack(void)
{
	const osThreadAttr_t attr = {
		.stack_size = 1024, .priority = osPriorityLow, .attr_bits = osThreadJoinable,
	};
	reset();
	osThreadId_t id = osThreadNew(use_stack, NULL, &attr);
	CHECK_EQ(osThreadGetStackSize(id), 1024);
	uint32_t fresh = osThreadGetStackSpace(id);
	CHECK(fresh > 1024 - 400 && fresh < 1024); /* less its guard and first frame */
	osDelay(1); /* it runs, fills its buffer and waits */
	uint32_t used = osThreadGetStackSpace(id);
	CHECK_EQ(steps, 1);
	/* Its first frame is gone; the buffer lies below where it was. */
	CHECK(used <= 1024 - 300 && used + 200 <= fresh);
	CHECK(used > 200);
	osThreadFlagsSet(id, 1);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(osThreadGetStackSize(NULL), 0);
	CHECK_EQ(osThreadGetStackSpace(NULL), 0);
	CHECK(osThreadGetStackSpace(osThreadGetId()) > 0);
	CHECK_EQ(osThreadGetStackSize(osThreadGetId()), CMSIS_TEST_STACK_BYTES);
}

static bool listed(const osThreadId_t *ids, uint32_t n, osThreadId_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static void test_count_enumerate(void)
{
	uint32_t n0 = osThreadGetCount();
	CHECK_EQ(n0, 1); /* the runner */
	osThreadId_t a = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	osThreadId_t b = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(osThreadGetCount(), n0 + 2);

	osThreadId_t ids[8];
	uint32_t n = osThreadEnumerate(ids, 8);
	CHECK_EQ(n, n0 + 2);
	CHECK(listed(ids, n, osThreadGetId()) && listed(ids, n, a) && listed(ids, n, b));
	CHECK_EQ(osThreadEnumerate(ids, 1), 1);
	CHECK_EQ(osThreadEnumerate(NULL, 8), 0);
	CHECK_EQ(osThreadEnumerate(ids, 0), 0);

	CHECK_EQ(osThreadTerminate(a), osOK); /* ended, not joined: no longer active */
	CHECK_EQ(osThreadGetCount(), n0 + 1);
	n = osThreadEnumerate(ids, 8);
	CHECK(n == n0 + 1 && !listed(ids, n, a) && listed(ids, n, b));
	CHECK_EQ(osThreadJoin(a), osOK);
	CHECK_EQ(osThreadJoin(b), osOK);
	CHECK_EQ(osThreadGetCount(), n0);
}

/* ---- thread flags ------------------------------------------------------ */

static void test_flags_own(void)
{
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osThreadFlagsGet(), 0);
	CHECK_EQ(osThreadFlagsSet(self, 0x1), 0x1);
	CHECK_EQ(osThreadFlagsSet(self, 0x6), 0x7);
	CHECK_EQ(osThreadFlagsGet(), 0x7);
	CHECK_EQ(osThreadFlagsClear(0x4), 0x7); /* the flags before */
	CHECK_EQ(osThreadFlagsGet(), 0x3);

	/* Any: returns the flags before clearing the awaited ones. */
	CHECK_EQ(osThreadFlagsWait(0x2, osFlagsWaitAny, 0), 0x3);
	CHECK_EQ(osThreadFlagsGet(), 0x1);
	/* All. */
	CHECK_EQ(osThreadFlagsWait(0x3, osFlagsWaitAll, 0), osFlagsErrorResource);
	CHECK_EQ(osThreadFlagsSet(self, 0x2), 0x3);
	CHECK_EQ(osThreadFlagsWait(0x3, osFlagsWaitAll, 0), 0x3);
	CHECK_EQ(osThreadFlagsGet(), 0);
	/* No clear. */
	osThreadFlagsSet(self, 0x10);
	CHECK_EQ(osThreadFlagsWait(0x30, osFlagsWaitAny | osFlagsNoClear, 0), 0x10);
	CHECK_EQ(osThreadFlagsGet(), 0x10);
	CHECK_EQ(osThreadFlagsWait(0x30, osFlagsWaitAll | osFlagsNoClear, 0),
		 osFlagsErrorResource);
	CHECK_EQ(osThreadFlagsClear(0x7fffffff), 0x10);

	/* Invalid arguments change nothing. */
	osThreadFlagsSet(self, 0x1);
	CHECK_EQ(osThreadFlagsSet(self, 0x80000000), osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsSet(NULL, 0x1), osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsSet((osThreadId_t)order, 0x1), osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsClear(0x80000001), osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsWait(0x80000001, osFlagsWaitAny, 0), osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsWait(0, osFlagsWaitAny, 0), osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsWait(0x1, 0x4, 0), osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsGet(), 0x1);
	CHECK_EQ(osThreadFlagsClear(0x1), 0x1);

	/* An ended (joinable) thread takes no flags. */
	osThreadId_t id = spawn(record, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadFlagsSet(id, 0x1), osFlagsErrorResource);
	CHECK_EQ(osThreadJoin(id), osOK);
}

static void test_flags_wait(void)
{
	/* Timeouts, exact. */
	uint32_t t0 = tick_start();
	CHECK_EQ(osThreadFlagsWait(0x4, osFlagsWaitAny, 10), osFlagsErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 10);
	t0 = osKernelGetTickCount();
	CHECK_EQ(osThreadFlagsWait(0x4, osFlagsWaitAny, 0), osFlagsErrorResource);
	CHECK_EQ(osKernelGetTickCount(), t0);

	/* A waiter woken: Set returns the flags after it cleared its own. */
	reset();
	osThreadId_t id = spawn(wait_flags, (void *)&wait_1_forever, osPriorityHigh,
				osThreadJoinable);
	CHECK_EQ(osThreadGetState(id), osThreadBlocked);
	CHECK_EQ(osThreadFlagsSet(id, 0x7), 0x6);
	CHECK_EQ(steps, 1);
	CHECK_EQ(seen_flags, 0x7);
	CHECK_EQ(seen_tick, 0x6);
	CHECK_EQ(osThreadJoin(id), osOK);

	/* All: one flag is not enough. */
	static const struct wait_spec all = {0x3, osFlagsWaitAll, 20};
	reset();
	id = spawn(wait_flags, (void *)&all, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadFlagsSet(id, 0x1), 0x1);
	CHECK_EQ(osThreadGetState(id), osThreadBlocked);
	CHECK_EQ(osThreadFlagsSet(id, 0x2), 0);
	CHECK_EQ(steps, 1);
	CHECK_EQ(seen_flags, 0x3);
	CHECK_EQ(osThreadJoin(id), osOK);

	/* No clear: the flag stays for the thread. */
	static const struct wait_spec keep = {0x1, osFlagsWaitAny | osFlagsNoClear, 20};
	reset();
	id = spawn(wait_flags, (void *)&keep, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadFlagsSet(id, 0x1), 0x1);
	CHECK_EQ(seen_flags, 0x1);
	CHECK_EQ(seen_tick, 0x1);
	CHECK_EQ(osThreadJoin(id), osOK);

	/* A wait in a thread that times out, exactly. */
	reset();
	t0 = tick_start();
	id = spawn(wait_flags, (void *)&all, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(seen_flags, osFlagsErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 20);
}

static osThreadId_t isr_target;
static volatile uint32_t isr_results[5];

static void isr_flags(void)
{
	isr_results[0] = osThreadFlagsSet(isr_target, 0x10);
	isr_results[1] = osThreadFlagsClear(0x1);
	isr_results[2] = osThreadFlagsWait(0x1, osFlagsWaitAny, 0);
	isr_results[3] = osThreadFlagsGet();
	isr_results[4] = osThreadFlagsSet(isr_target, 0x80000000);
}

static void test_flags_isr(void)
{
	static const struct wait_spec w = {0x10, osFlagsWaitAny, osWaitForever};

	reset();
	osThreadFlagsSet(osThreadGetId(), 0x1);
	isr_target = spawn(wait_flags, (void *)&w, osPriorityHigh, osThreadJoinable);
	in_isr(isr_flags);
	CHECK_EQ(steps, 1); /* woken by the handler, it ran as the handler returned */
	CHECK_EQ(seen_flags, 0x10);
	CHECK_EQ(isr_results[0], 0);
	CHECK_EQ(isr_results[1], osFlagsErrorISR);
	CHECK_EQ(isr_results[2], osFlagsErrorISR);
	CHECK_EQ(isr_results[3], 0);
	CHECK_EQ(isr_results[4], osFlagsErrorParameter);
	CHECK_EQ(osThreadFlagsClear(0x1), 0x1);
	CHECK_EQ(osThreadJoin(isr_target), osOK);
}

/* ---- delays ------------------------------------------------------------ */

static void test_delay(void)
{
	uint32_t t0 = tick_start();
	CHECK_EQ(osDelay(5), osOK);
	CHECK_EQ(osKernelGetTickCount() - t0, 5);
	uint32_t t1 = osKernelGetTickCount();
	CHECK_EQ(osDelay(1), osOK);
	CHECK_EQ(t1 - t0, 5);
	CHECK_EQ(osKernelGetTickCount() - t0, 6);
	CHECK_EQ(osDelay(0), osErrorParameter);

	t0 = osKernelGetTickCount();
	CHECK_EQ(osDelayUntil(t0 + 7), osOK);
	CHECK_EQ(osKernelGetTickCount(), t0 + 7);
	t0 = osKernelGetTickCount();
	CHECK_EQ(osDelayUntil(t0), osErrorParameter);
	CHECK_EQ(osDelayUntil(t0 - 1), osErrorParameter);
	CHECK_EQ(osDelayUntil(t0 + 0x80000000u), osErrorParameter);
	CHECK_EQ(osKernelGetTickCount(), t0);
}

/* ---- memory of ended threads ------------------------------------------- */

static void test_heap_reclaim(void)
{
	const osThreadAttr_t above = {.stack_size = 1024, .priority = osPriorityHigh};
	const osThreadAttr_t joinable = {
		.stack_size = 1024, .priority = osPriorityHigh, .attr_bits = osThreadJoinable,
	};
	const osThreadAttr_t below = {.stack_size = 1024, .priority = osPriorityLow};
	size_t used = heap_used();

	/* Many more than the heap holds at once, were any kept. */
	reset();
	for (int i = 0; i < 60; i++)
		CHECK(osThreadNew(record, NULL, &above) != NULL);
	CHECK_EQ(steps, 60);
	CHECK_EQ(heap_used(), used);
	for (int i = 0; i < 60; i++)
		CHECK_EQ(osThreadJoin(osThreadNew(record, NULL, &joinable)), osOK);
	CHECK_EQ(heap_used(), used);
	for (int i = 0; i < 60; i++)
		CHECK_EQ(osThreadTerminate(osThreadNew(record, NULL, &below)), osOK);
	CHECK_EQ(steps, 120);
	CHECK_EQ(heap_used(), used);
}

/* ---- watchdogs, affinity, zones ---------------------------------------- */

static volatile uint32_t alarms, alarm_tick, alarm_reload;
static volatile osThreadId_t alarm_thread;
static volatile int32_t alarm_restore;
static volatile osStatus_t alarm_resume;

uint32_t osWatchdogAlarm_Handler(osThreadId_t thread_id)
{
	alarms++;
	alarm_tick = osKernelGetTickCount();
	alarm_thread = thread_id;
	/* What the specification allows in this handler. */
	alarm_restore = osKernelRestoreLock(0);
	alarm_resume = osThreadResumeClass(0, osSafetyWithSameClass);
	uint32_t reload = alarm_reload;
	alarm_reload = 0;
	return reload;
}

static void feed_and_exit(void *arg)
{
	osThreadFeedWatchdog(3);
}

static volatile osStatus_t isr_status;

static void isr_feed(void)
{
	isr_status = osThreadFeedWatchdog(5);
}

static void test_watchdog(void)
{
	alarms = 0;
	alarm_reload = 0;
	uint32_t t0 = tick_start();
	CHECK_EQ(osThreadFeedWatchdog(5), osOK);
	osDelay(3);
	CHECK_EQ(osThreadFeedWatchdog(5), osOK); /* fed in time */
	osDelay(4);
	CHECK_EQ(alarms, 0);
	osDelay(3);
	CHECK_EQ(alarms, 1);
	CHECK_EQ(alarm_tick, t0 + 8);
	CHECK(alarm_thread == osThreadGetId());
	CHECK_EQ(alarm_restore, 0);
	CHECK_EQ(alarm_resume, osOK);

	/* The handler's reload starts it again, once. */
	alarms = 0;
	alarm_reload = 4;
	t0 = tick_start();
	CHECK_EQ(osThreadFeedWatchdog(2), osOK);
	osDelay(10);
	CHECK_EQ(alarms, 2);
	CHECK_EQ(alarm_tick, t0 + 6);

	/* 0 stops it; a thread that ends takes its watchdog with it. */
	alarms = 0;
	CHECK_EQ(osThreadFeedWatchdog(3), osOK);
	CHECK_EQ(osThreadFeedWatchdog(0), osOK);
	osThreadId_t id = spawn(feed_and_exit, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadJoin(id), osOK);
	osDelay(6);
	CHECK_EQ(alarms, 0);

	in_isr(isr_feed);
	CHECK_EQ(isr_status, osErrorISR);
}

static volatile uint32_t isr_values[4];

static void isr_isolation(void)
{
	isr_status = osThreadSetAffinityMask(osThreadGetId(), 1);
	isr_values[0] = osThreadGetAffinityMask(osThreadGetId());
	isr_values[1] = (uint32_t)osThreadTerminateZone(0);
	isr_values[2] = osThreadGetClass(osThreadGetId());
	isr_values[3] = osThreadGetZone(osThreadGetId());
}

static void test_affinity_zone_class(void)
{
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osThreadGetAffinityMask(self), 0);
	CHECK_EQ(osThreadSetAffinityMask(self, osThreadProcessor(0)), osOK);
	CHECK_EQ(osThreadGetAffinityMask(self), osThreadProcessor(0));
	CHECK_EQ(osThreadSetAffinityMask(self, osThreadProcessor(1)), osErrorParameter);
	CHECK_EQ(osThreadGetAffinityMask(self), osThreadProcessor(0));
	CHECK_EQ(osThreadSetAffinityMask(self, 0), osOK);
	CHECK_EQ(osThreadSetAffinityMask(NULL, 1), osErrorParameter);
	CHECK_EQ(osThreadGetAffinityMask(NULL), 0);
	osThreadId_t id = spawn(record, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadSetAffinityMask(id, 1), osErrorResource); /* ended */
	CHECK_EQ(osThreadJoin(id), osOK);

	CHECK_EQ(osThreadGetZone(self), 0);
	CHECK_EQ(osThreadGetZone(NULL), osErrorId);
	CHECK_EQ(osThreadTerminateZone(0), osError); /* for fault handlers only */
	CHECK_EQ(osThreadTerminateZone(64), osErrorParameter);
	CHECK_EQ(osThreadGetClass(self), 0);
	CHECK_EQ(osThreadGetClass(NULL), osErrorId);

	in_isr(isr_isolation);
	CHECK_EQ(isr_status, osErrorISR);
	CHECK_EQ(isr_values[0], 0);
	CHECK_EQ(isr_values[1], (uint32_t)osErrorISR);
	CHECK_EQ(isr_values[2], 0); /* a fault handler may ask */
	CHECK_EQ(isr_values[3], 0);
}

/* ---- from an interrupt handler ----------------------------------------- */

static osThreadId_t isr_thread;
static volatile int32_t isr_codes[20];
static const char *volatile isr_name;
static volatile osThreadId_t isr_new, isr_self;

static void isr_calls(void)
{
	int i = 0;

	isr_new = osThreadNew(record, NULL, NULL);
	isr_self = osThreadGetId();
	isr_name = osThreadGetName(isr_thread);
	isr_codes[i++] = osThreadGetState(isr_thread);
	isr_codes[i++] = osThreadSetPriority(isr_thread, osPriorityHigh);
	isr_codes[i++] = osThreadGetPriority(isr_thread);
	isr_codes[i++] = osThreadYield();
	isr_codes[i++] = osThreadSuspend(isr_thread);
	isr_codes[i++] = osThreadResume(isr_thread);
	isr_codes[i++] = osThreadDetach(isr_thread);
	isr_codes[i++] = osThreadJoin(isr_thread);
	isr_codes[i++] = osThreadTerminate(isr_thread);
	isr_codes[i++] = (int32_t)osThreadGetStackSize(isr_thread);
	isr_codes[i++] = (int32_t)osThreadGetStackSpace(isr_thread);
	isr_codes[i++] = (int32_t)osThreadGetCount();
	osThreadId_t ids[1];
	isr_codes[i++] = (int32_t)osThreadEnumerate(ids, 1);
	isr_codes[i++] = osDelay(1);
	isr_codes[i++] = osDelayUntil(osKernelGetTickCount() + 2);
	isr_codes[i++] = osThreadProtectPrivileged();
	isr_codes[i++] = osThreadSuspendClass(0, osSafetyWithSameClass);
	isr_codes[i++] = osThreadResumeClass(0, osSafetyWithSameClass);
}

static void test_isr(void)
{
	static const char name[] = "target";
	const osThreadAttr_t attr = {
		.name = name, .stack_size = STACK_BYTES, .priority = osPriorityLow,
		.attr_bits = osThreadJoinable,
	};
	reset();
	isr_thread = osThreadNew(record, NULL, &attr);
	in_isr(isr_calls);
	CHECK(isr_new == NULL);
	CHECK(isr_self == osThreadGetId()); /* the interrupted thread */
	CHECK(isr_name == name);
	static const int32_t expected[] = {
		osThreadError, osErrorISR, osPriorityError, osErrorISR, osErrorISR, osErrorISR,
		osErrorISR, osErrorISR, osErrorISR, 0, 0, 0, 0, osErrorISR, osErrorISR,
		osErrorISR, osErrorISR, osErrorISR,
	};
	for (unsigned i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		CHECK_EQ(isr_codes[i], expected[i]);
	/* Nothing changed. */
	CHECK_EQ(osThreadGetState(isr_thread), osThreadReady);
	CHECK_EQ(osThreadGetPriority(isr_thread), osPriorityLow);
	CHECK_EQ(osThreadJoin(isr_thread), osOK);
	CHECK_EQ(steps, 1);
}

static void cases(void)
{
	ktest_run("thread.new_defaults", test_new_defaults);
	ktest_run("thread.new_errors", test_new_errors);
	ktest_run("thread.static_memory", test_static_memory);
	ktest_run("thread.join", test_join);
	ktest_run("thread.detach", test_detach);
	ktest_run("thread.exit_terminate", test_exit_terminate);
	ktest_run("thread.suspend_resume", test_suspend_resume);
	ktest_run("thread.priorities", test_priorities);
	ktest_run("thread.yield", test_yield);
	ktest_run("thread.stack", test_stack);
	ktest_run("thread.count_enumerate", test_count_enumerate);
	ktest_run("thread.flags_own", test_flags_own);
	ktest_run("thread.flags_wait", test_flags_wait);
	ktest_run("thread.flags_isr", test_flags_isr);
	ktest_run("thread.delay", test_delay);
	ktest_run("thread.heap_reclaim", test_heap_reclaim);
	ktest_run("thread.watchdog", test_watchdog);
	ktest_run("thread.affinity_zone_class", test_affinity_zone_class);
	ktest_run("thread.isr", test_isr);
}

int main(void)
{
	return cmsis_test_main(cases);
}
