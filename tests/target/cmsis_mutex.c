/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 mutexes (compat/cmsis-rtos2/os2_mutex.c) on the target:
 * ownership, recursion, priority inheritance (and its absence), a chain
 * of two mutexes, owners that end holding a mutex, exact timeouts, calls
 * from an interrupt handler, deletion with waiters, invalid IDs and
 * static control blocks.
 *
 * The cases run in the runner thread at osPriorityNormal.  Helpers are
 * small detached threads, most above the runner, so that each reaches
 * its blocking call as soon as it is made; they only record what they
 * saw, and the runner checks it.  A software-triggered IRQ runs code in
 * handler mode.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "cmsis_test.h"
#include "test_isr.h"
#include "kestrel_os2.h"

#define HELPER_STACK_BYTES 640u

/* ---- helpers --------------------------------------------------------- */

struct helper {
	osThreadId_t id;
	void (*op)(struct helper *h);
	osMutexId_t mutex;
	osMutexId_t mutex2;
	uint32_t timeout;
	volatile osStatus_t result;
	volatile osStatus_t result2;
	volatile uint32_t done_at; /* the tick its acquire returned */
	volatile int steps;        /* how far it got */
	char tag;                  /* its letter in order[] */
};

static struct helper helpers[2];
static char order[8];
static volatile unsigned order_len;

static void mark(const struct helper *h)
{
	if (order_len < sizeof(order) - 1) {
		order[order_len++] = h->tag;
		order[order_len] = '\0';
	}
}

static void helper_entry(void *arg)
{
	struct helper *h = arg;

	h->op(h);
}

static struct helper *start(unsigned i, osPriority_t priority, void (*op)(struct helper *),
			    osMutexId_t mutex, uint32_t timeout)
{
	struct helper *h = &helpers[i];
	const osThreadAttr_t attr = {
		.name = "helper",
		.stack_size = HELPER_STACK_BYTES,
		.priority = priority,
	};

	h->op = op;
	h->mutex = mutex;
	h->timeout = timeout;
	h->result = h->result2 = (osStatus_t)1; /* neither osOK nor an error */
	h->done_at = 0;
	h->steps = 0;
	h->tag = (char)('A' + i);
	h->id = osThreadNew(helper_entry, h, &attr);
	CHECK(h->id != NULL);
	return h;
}

static void order_reset(void)
{
	order_len = 0;
	order[0] = '\0';
}

/* Acquires, records, and ends holding the mutex (returning from its
 * function): the kernel passes the mutex on. */
static void op_acquire(struct helper *h)
{
	h->result = osMutexAcquire(h->mutex, h->timeout);
	h->done_at = osKernelGetTickCount();
	h->steps = 1;
	mark(h);
}

/* Acquires, records, releases. */
static void op_acquire_release(struct helper *h)
{
	op_acquire(h);
	h->result2 = osMutexRelease(h->mutex);
	h->steps = 2;
}

/* Acquires, holds it for h->timeout ticks, releases. */
static void op_hold(struct helper *h)
{
	h->result = osMutexAcquire(h->mutex, 0);
	h->steps = 1;
	osDelay(h->timeout);
	h->result2 = osMutexRelease(h->mutex);
	h->steps = 2;
}

/* Acquires and waits for ever, holding it (until terminated). */
static void op_acquire_park(struct helper *h)
{
	op_acquire(h);
	for (;;)
		osDelay(1000);
}

/* Acquires, holds it for h->timeout ticks, and calls osThreadExit
 * holding it. */
static void op_hold_exit(struct helper *h)
{
	h->result = osMutexAcquire(h->mutex, 0);
	osDelay(h->timeout);
	osThreadExit();
}

/* Acquires (twice if it is recursive: h->mutex2 set) and calls
 * osThreadExit holding it. */
static void op_acquire_exit(struct helper *h)
{
	op_acquire(h);
	if (h->mutex2 != NULL)
		h->result2 = osMutexAcquire(h->mutex2, 0);
	osThreadExit();
}

/* The middle of a chain: takes mutex2 at once, then waits for mutex;
 * releases both in the reverse order. */
static void op_chain(struct helper *h)
{
	h->result2 = osMutexAcquire(h->mutex2, 0);
	op_acquire(h);
	osMutexRelease(h->mutex);
	osMutexRelease(h->mutex2);
	h->steps = 2;
}

/* ---- creation, names ------------------------------------------------- */

static void test_new_and_name(void)
{
	static const osMutexAttr_t named = { .name = "guard" };

	osMutexId_t m = osMutexNew(NULL);
	CHECK(m != NULL);
	CHECK(osMutexGetName(m) == NULL);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK_EQ(osMutexDelete(m), osOK);

	m = osMutexNew(&named);
	CHECK(m != NULL);
	CHECK(osMutexGetName(m) == named.name); /* kept, not copied */
	CHECK_EQ(osMutexDelete(m), osOK);

	/* Every attribute bit, and bits that mean nothing to a mutex. */
	const osMutexAttr_t all = {
		.attr_bits = osMutexRecursive | osMutexPrioInherit | osMutexRobust | 0x10000u,
	};
	m = osMutexNew(&all);
	CHECK(m != NULL);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);

	/* cb_size without cb_mem is invalid. */
	const osMutexAttr_t size_only = { .cb_size = KESTREL_OS2_MUTEX_CB_SIZE };
	CHECK(osMutexNew(&size_only) == NULL);
}

/* ---- ownership ------------------------------------------------------- */

static void test_ownership(void)
{
	osMutexId_t m = osMutexNew(NULL);
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osMutexRelease(m), osErrorResource); /* not acquired */
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK(osMutexGetOwner(m) == self);

	/* A non-recursive mutex relocked by its owner: refused at once,
	 * whatever the timeout; still held once. */
	uint32_t t0 = tick_start();
	CHECK_EQ(osMutexAcquire(m, 0), osErrorResource);
	CHECK_EQ(osMutexAcquire(m, 5), osErrorResource);
	CHECK_EQ(osMutexAcquire(m, osWaitForever), osErrorResource);
	CHECK_EQ(osKernelGetTickCount(), t0);
	CHECK(osMutexGetOwner(m) == self);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK_EQ(osMutexRelease(m), osErrorResource);

	/* Another thread's mutex: the runner can neither take nor release
	 * it, and the helper still owns it afterwards. */
	struct helper *h = start(0, osPriorityAboveNormal, op_hold, m, 5);
	CHECK_EQ(h->result, osOK);
	CHECK(osMutexGetOwner(m) == h->id);
	CHECK_EQ(osMutexAcquire(m, 0), osErrorResource);
	CHECK_EQ(osMutexRelease(m), osErrorResource);
	CHECK(osMutexGetOwner(m) == h->id);
	CHECK_EQ(osMutexAcquire(m, osWaitForever), osOK); /* once the helper lets go */
	CHECK_EQ(h->result2, osOK);
	CHECK_EQ(h->steps, 2);
	CHECK(osMutexGetOwner(m) == self);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);
}

/* ---- recursion ------------------------------------------------------- */

static void test_recursive(void)
{
	const osMutexAttr_t attr = { .attr_bits = osMutexRecursive };
	osMutexId_t m = osMutexNew(&attr);
	osThreadId_t self = osThreadGetId();

	for (int i = 0; i < 3; i++)
		CHECK_EQ(osMutexAcquire(m, i == 2 ? osWaitForever : 0), osOK);
	CHECK(osMutexGetOwner(m) == self);

	/* A waiter gets it only at the last of the three releases. */
	order_reset();
	struct helper *h = start(0, osPriorityAboveNormal, op_acquire_release, m, osWaitForever);
	CHECK_EQ(h->steps, 0);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(h->steps, 0);
	CHECK(osMutexGetOwner(m) == self);
	CHECK_EQ(osMutexRelease(m), osOK); /* the helper runs at once */
	CHECK_EQ(h->steps, 2);
	CHECK_EQ(h->result, osOK);
	CHECK_EQ(h->result2, osOK);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK_EQ(osMutexRelease(m), osErrorResource); /* one release too many */

	/* Counting goes on after the handover: held twice, released twice. */
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK(osMutexGetOwner(m) == self);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK_EQ(osMutexDelete(m), osOK);
}

/* ---- priority inheritance -------------------------------------------- */

static void test_priority_inheritance(void)
{
	const osMutexAttr_t attr = { .attr_bits = osMutexPrioInherit };
	osMutexId_t m = osMutexNew(&attr);
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal);
	struct helper *h = start(0, osPriorityAboveNormal, op_acquire_release, m, osWaitForever);
	CHECK_EQ(h->steps, 0); /* waiting */
	CHECK_EQ(osThreadGetPriority(self), osPriorityAboveNormal); /* lent */
	CHECK_EQ(osThreadGetPriority(h->id), osPriorityAboveNormal);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(h->steps, 2); /* ran at once */
	CHECK_EQ(h->result, osOK);
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal); /* given back */
	CHECK_EQ(osMutexDelete(m), osOK);
}

static void test_no_inheritance(void)
{
	osMutexId_t m = osMutexNew(NULL); /* no osMutexPrioInherit */
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	struct helper *h = start(0, osPriorityAboveNormal, op_acquire_release, m, osWaitForever);
	CHECK_EQ(h->steps, 0);
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal); /* nothing lent */
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(h->steps, 2);
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal);
	CHECK_EQ(osMutexDelete(m), osOK);
}

/* The runner holds m1; B holds m2 and waits for m1; A waits for m2.
 * A's priority passes through B to the runner, and drops again as the
 * chain unwinds. */
static void test_inheritance_chain(void)
{
	const osMutexAttr_t attr = { .attr_bits = osMutexPrioInherit };
	osMutexId_t m1 = osMutexNew(&attr);
	osMutexId_t m2 = osMutexNew(&attr);
	osThreadId_t self = osThreadGetId();

	order_reset();
	CHECK_EQ(osMutexAcquire(m1, 0), osOK);
	helpers[1].mutex2 = m2;
	struct helper *b = start(1, osPriorityNormal1, op_chain, m1, osWaitForever);
	CHECK_EQ(b->result2, osOK); /* holds m2 */
	CHECK_EQ(b->steps, 0);      /* waits for m1 */
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal1);

	struct helper *a = start(0, osPriorityAboveNormal, op_acquire_release, m2, osWaitForever);
	CHECK_EQ(a->steps, 0);
	CHECK_EQ(osThreadGetPriority(b->id), osPriorityAboveNormal);
	CHECK_EQ(osThreadGetPriority(self), osPriorityAboveNormal); /* through b */
	CHECK(osMutexGetOwner(m2) == b->id);

	CHECK_EQ(osMutexRelease(m1), osOK);
	/* b took m1 and released both; a took m2 when b let it go, at a's
	 * priority, before b went on. */
	CHECK(strcmp(order, "BA") == 0);
	CHECK_EQ(a->result, osOK);
	CHECK_EQ(a->result2, osOK);
	CHECK_EQ(b->steps, 2);
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal);
	CHECK(osMutexGetOwner(m1) == NULL);
	CHECK(osMutexGetOwner(m2) == NULL);
	helpers[1].mutex2 = NULL;
	CHECK_EQ(osMutexDelete(m1), osOK);
	CHECK_EQ(osMutexDelete(m2), osOK);
}

/* Waiting would close a cycle of owners: refused (documented). */
static void test_deadlock_refused(void)
{
	osMutexId_t m1 = osMutexNew(NULL);
	osMutexId_t m2 = osMutexNew(NULL);

	CHECK_EQ(osMutexAcquire(m1, 0), osOK);
	helpers[1].mutex2 = m2;
	struct helper *b = start(1, osPriorityAboveNormal, op_chain, m1, osWaitForever);
	CHECK_EQ(b->result2, osOK); /* b holds m2, waits for m1 */
	uint32_t t0 = osKernelGetTickCount();
	CHECK_EQ(osMutexAcquire(m2, 10), osErrorResource);
	CHECK_EQ(osKernelGetTickCount(), t0);
	CHECK_EQ(osMutexRelease(m1), osOK);
	CHECK_EQ(b->steps, 2);
	helpers[1].mutex2 = NULL;
	CHECK_EQ(osMutexDelete(m1), osOK);
	CHECK_EQ(osMutexDelete(m2), osOK);
}

/* ---- owners that end ------------------------------------------------- */

static void test_robust_terminate(void)
{
	const osMutexAttr_t attr = { .attr_bits = osMutexRobust | osMutexPrioInherit };
	osMutexId_t m = osMutexNew(&attr);

	struct helper *a = start(0, osPriorityAboveNormal, op_acquire_park, m, 0);
	CHECK_EQ(a->result, osOK);
	CHECK(osMutexGetOwner(m) == a->id);
	struct helper *b = start(1, osPriorityAboveNormal, op_acquire_park, m, osWaitForever);
	CHECK_EQ(b->steps, 0); /* waiting */
	CHECK_EQ(osThreadTerminate(a->id), osOK);
	CHECK_EQ(b->steps, 1);
	CHECK_EQ(b->result, osOK); /* the owner died: taken, osOK */
	CHECK(osMutexGetOwner(m) == b->id);
	CHECK_EQ(osThreadTerminate(b->id), osOK);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);
}

static void test_robust_exit(void)
{
	const osMutexAttr_t robust = { .attr_bits = osMutexRobust | osMutexRecursive };
	osMutexId_t m = osMutexNew(&robust);

	/* Held twice (recursive), then osThreadExit: the waiter gets it,
	 * held once. */
	uint32_t t0 = tick_start();
	helpers[0].mutex2 = m;
	struct helper *a = start(0, osPriorityAboveNormal, op_acquire_exit, m, 0);
	helpers[0].mutex2 = NULL;
	CHECK_EQ(a->result, osOK);
	CHECK_EQ(a->result2, osOK);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexRelease(m), osErrorResource); /* its count did not carry over */
	CHECK_EQ(osKernelGetTickCount(), t0);
	CHECK_EQ(osMutexDelete(m), osOK);

	/* Kestrel releases a mutex without osMutexRobust too (documented):
	 * the specification would leave it locked. */
	m = osMutexNew(NULL);
	a = start(0, osPriorityAboveNormal, op_acquire_exit, m, 0);
	CHECK_EQ(a->result, osOK);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);
}

/* The owner calls osThreadExit while a waiter (the runner) waits with a
 * timeout: the waiter takes it then, with osOK. */
static void test_robust_wait(void)
{
	const osMutexAttr_t attr = { .attr_bits = osMutexRobust };
	osMutexId_t m = osMutexNew(&attr);

	uint32_t t0 = tick_start();
	struct helper *a = start(0, osPriorityAboveNormal, op_hold_exit, m, 3);
	CHECK_EQ(a->result, osOK);
	CHECK(osMutexGetOwner(m) == a->id);
	CHECK_EQ(osMutexAcquire(m, 20), osOK); /* when it exits, 3 ticks on */
	CHECK_EQ(osKernelGetTickCount() - t0, 3);
	CHECK(osMutexGetOwner(m) == osThreadGetId());
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);
}

/* ---- timeouts -------------------------------------------------------- */

static void test_timeouts(void)
{
	osMutexId_t m = osMutexNew(NULL);

	uint32_t t0 = tick_start();
	struct helper *h = start(0, osPriorityAboveNormal, op_hold, m, 10);
	CHECK_EQ(h->result, osOK);
	CHECK_EQ(osMutexAcquire(m, 0), osErrorResource);
	CHECK_EQ(osKernelGetTickCount(), t0);
	CHECK_EQ(osMutexAcquire(m, 3), osErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 3);
	CHECK_EQ(osMutexAcquire(m, 1), osErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 4);
	CHECK(osMutexGetOwner(m) == h->id); /* the timeouts changed nothing */
	CHECK_EQ(osMutexAcquire(m, 100), osOK);
	CHECK_EQ(osKernelGetTickCount() - t0, 10); /* when the helper let go */
	CHECK_EQ(osMutexRelease(m), osOK);

	/* osWaitForever waits as long as it takes. */
	t0 = tick_start();
	h = start(0, osPriorityAboveNormal, op_hold, m, 7);
	CHECK_EQ(osMutexAcquire(m, osWaitForever), osOK);
	CHECK_EQ(osKernelGetTickCount() - t0, 7);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);
}

/* ---- interrupt handlers ---------------------------------------------- */

static osMutexId_t isr_mutex;
static volatile osStatus_t isr_status[6];
static osThreadId_t volatile isr_owner;
static osMutexId_t volatile isr_new;
static const char *volatile isr_name;

static void isr_calls(void)
{
	isr_status[0] = osMutexAcquire(isr_mutex, 0);
	isr_status[1] = osMutexAcquire(isr_mutex, osWaitForever);
	isr_status[2] = osMutexRelease(isr_mutex);
	isr_status[3] = osMutexDelete(isr_mutex);
	isr_status[4] = osMutexAcquire(NULL, 0);
	isr_status[5] = osMutexRelease(NULL);
	isr_owner = osMutexGetOwner(isr_mutex);
	isr_new = osMutexNew(NULL);
	isr_name = osMutexGetName(isr_mutex);
}

static void test_isr(void)
{
	static const osMutexAttr_t attr = { .name = "isr" };

	isr_mutex = osMutexNew(&attr);
	CHECK_EQ(osMutexAcquire(isr_mutex, 0), osOK);
	isr_owner = osThreadGetId();
	isr_new = isr_mutex;
	in_isr(isr_calls);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(isr_status[i], osErrorISR);
	CHECK(isr_owner == NULL);
	CHECK(isr_new == NULL);
	CHECK(isr_name == attr.name); /* allowed in a handler */
	/* Nothing changed: still the runner's, still live. */
	CHECK(osMutexGetOwner(isr_mutex) == osThreadGetId());
	CHECK_EQ(osMutexRelease(isr_mutex), osOK);
	CHECK_EQ(osMutexDelete(isr_mutex), osOK);
}

/* ---- deletion, invalid IDs, static memory ---------------------------- */

static uint64_t cb[KESTREL_OS2_MUTEX_CB_SIZE / 8];

static void test_delete_with_waiters(void)
{
	const osMutexAttr_t attr = {
		.attr_bits = osMutexPrioInherit, .cb_mem = cb, .cb_size = sizeof(cb),
	};
	osMutexId_t m = osMutexNew(&attr);
	osThreadId_t self = osThreadGetId();

	CHECK(m == (osMutexId_t)cb);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	order_reset();
	uint32_t t0 = tick_start();
	/* b above a: the runner inherits a's priority once a waits, and b
	 * must still preempt it to reach its wait. */
	struct helper *a = start(0, osPriorityAboveNormal, op_acquire, m, osWaitForever);
	CHECK_EQ(osThreadGetPriority(self), osPriorityAboveNormal);
	struct helper *b = start(1, osPriorityHigh, op_acquire, m, 50);
	CHECK_EQ(osThreadGetPriority(self), osPriorityHigh);
	CHECK_EQ(a->steps + b->steps, 0);
	CHECK_EQ(osMutexDelete(m), osOK);
	/* Both woken at once with osErrorResource, the most urgent first. */
	CHECK_EQ(a->result, osErrorResource);
	CHECK_EQ(b->result, osErrorResource);
	CHECK_EQ(a->done_at, t0);
	CHECK_EQ(b->done_at, t0);
	CHECK(strcmp(order, "BA") == 0);
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal); /* the loan ended */

	/* The deleted ID (its memory still there) is invalid everywhere. */
	CHECK_EQ(osMutexAcquire(m, 0), osErrorParameter);
	CHECK_EQ(osMutexRelease(m), osErrorParameter);
	CHECK(osMutexGetOwner(m) == NULL);
	CHECK(osMutexGetName(m) == NULL);
	CHECK_EQ(osMutexDelete(m), osErrorParameter);

	/* The memory may be used again. */
	m = osMutexNew(&attr);
	CHECK(m == (osMutexId_t)cb);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexDelete(m), osOK); /* deleting a held mutex */
	CHECK_EQ(osMutexRelease(m), osErrorParameter);
}

static void test_invalid_ids(void)
{
	osSemaphoreId_t s = osSemaphoreNew(1, 1, NULL);
	static uint32_t words[4];
	void *bad[] = {
		NULL,
		osThreadGetId(),              /* another kind of object */
		s,                            /* and another */
		(uint8_t *)(void *)cb + 1,    /* misaligned */
		words,                        /* not an object */
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(osMutexAcquire(bad[i], 0), osErrorParameter);
		CHECK_EQ(osMutexAcquire(bad[i], 10), osErrorParameter);
		CHECK_EQ(osMutexRelease(bad[i]), osErrorParameter);
		CHECK(osMutexGetOwner(bad[i]) == NULL);
		CHECK(osMutexGetName(bad[i]) == NULL);
		CHECK_EQ(osMutexDelete(bad[i]), osErrorParameter);
	}
	/* The semaphore is untouched. */
	CHECK_EQ(osSemaphoreGetCount(s), 1);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
}

static void test_static_memory(void)
{
	static uint64_t big[KESTREL_OS2_MUTEX_CB_SIZE / 8 + 1];
	osMutexAttr_t attr = { .name = "static", .cb_mem = big, .cb_size = sizeof(big) };

	/* Larger than needed: fine. */
	osMutexId_t m = osMutexNew(&attr);
	CHECK(m == (osMutexId_t)big);
	CHECK(osMutexGetName(m) == attr.name);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);

	/* Refused, and the memory is not touched: too small, misaligned,
	 * cb_mem without a size. */
	memset(big, 0xa5, sizeof(big));
	attr.cb_size = 16;
	CHECK(osMutexNew(&attr) == NULL);
	attr.cb_mem = (uint8_t *)(void *)big + 2;
	attr.cb_size = KESTREL_OS2_MUTEX_CB_SIZE;
	CHECK(osMutexNew(&attr) == NULL);
	attr.cb_mem = big;
	attr.cb_size = 0;
	CHECK(osMutexNew(&attr) == NULL);
	const uint8_t *bytes = (const uint8_t *)big;
	unsigned touched = 0;
	for (unsigned i = 0; i < sizeof(big); i++)
		touched += bytes[i] != 0xa5;
	CHECK_EQ(touched, 0);

	/* Exactly KESTREL_OS2_MUTEX_CB_SIZE bytes. */
	attr.cb_size = KESTREL_OS2_MUTEX_CB_SIZE;
	m = osMutexNew(&attr);
	CHECK(m == (osMutexId_t)big);
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);
}

static void cases(void)
{
	ktest_run("mutex.new_and_name", test_new_and_name);
	ktest_run("mutex.ownership", test_ownership);
	ktest_run("mutex.recursive", test_recursive);
	ktest_run("mutex.priority_inheritance", test_priority_inheritance);
	ktest_run("mutex.no_inheritance", test_no_inheritance);
	ktest_run("mutex.inheritance_chain", test_inheritance_chain);
	ktest_run("mutex.deadlock_refused", test_deadlock_refused);
	ktest_run("mutex.robust_terminate", test_robust_terminate);
	ktest_run("mutex.robust_exit", test_robust_exit);
	ktest_run("mutex.robust_wait", test_robust_wait);
	ktest_run("mutex.timeouts", test_timeouts);
	ktest_run("mutex.isr", test_isr);
	ktest_run("mutex.delete_with_waiters", test_delete_with_waiters);
	ktest_run("mutex.invalid_ids", test_invalid_ids);
	ktest_run("mutex.static_memory", test_static_memory);
}

int main(void)
{
	return cmsis_test_main(cases);
}
