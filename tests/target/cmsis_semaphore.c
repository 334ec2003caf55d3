/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 semaphores (compat/cmsis-rtos2/os2_semaphore.c) on the
 * target: counts and the maximum, a binary semaphore, waiters woken by
 * priority, exact timeouts, calls from an interrupt handler (and a
 * release there waking a thread), deletion with waiters, invalid IDs and
 * parameters, static control blocks.
 *
 * The cases run in the runner thread at osPriorityNormal.  Helpers are
 * small detached threads above the runner, so that each reaches its
 * blocking call as soon as it is made; they only record what they saw,
 * and the runner checks it.  A software-triggered IRQ runs code in
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
	osSemaphoreId_t sem;
	uint32_t timeout;
	volatile osStatus_t result;
	volatile uint32_t done_at; /* the tick its acquire returned */
	volatile int steps;
	char tag; /* its letter in order[] */
};

static struct helper helpers[3];
static char order[8];
static volatile unsigned order_len;

static void order_reset(void)
{
	order_len = 0;
	order[0] = '\0';
}

/* Acquires a token and records when and how it came. */
static void helper_entry(void *arg)
{
	struct helper *h = arg;

	h->result = osSemaphoreAcquire(h->sem, h->timeout);
	h->done_at = osKernelGetTickCount();
	h->steps = 1;
	if (order_len < sizeof(order) - 1) {
		order[order_len++] = h->tag;
		order[order_len] = '\0';
	}
}

static struct helper *start(unsigned i, osPriority_t priority, osSemaphoreId_t sem,
			    uint32_t timeout)
{
	struct helper *h = &helpers[i];
	const osThreadAttr_t attr = {
		.name = "helper",
		.stack_size = HELPER_STACK_BYTES,
		.priority = priority,
	};

	h->sem = sem;
	h->timeout = timeout;
	h->result = (osStatus_t)1; /* neither osOK nor an error */
	h->done_at = 0;
	h->steps = 0;
	h->tag = (char)('A' + i);
	h->id = osThreadNew(helper_entry, h, &attr);
	CHECK(h->id != NULL);
	return h;
}

/* A helper that releases a token after h->timeout ticks. */
static void releaser_entry(void *arg)
{
	struct helper *h = arg;

	osDelay(h->timeout);
	h->result = osSemaphoreRelease(h->sem);
	h->steps = 1;
}

static void start_releaser(unsigned i, osSemaphoreId_t sem, uint32_t after)
{
	struct helper *h = &helpers[i];
	const osThreadAttr_t attr = {
		.stack_size = HELPER_STACK_BYTES,
		.priority = osPriorityAboveNormal,
	};

	h->sem = sem;
	h->timeout = after;
	h->steps = 0;
	h->id = osThreadNew(releaser_entry, h, &attr);
	CHECK(h->id != NULL);
}

/* ---- counting -------------------------------------------------------- */

static void test_counts(void)
{
	static const osSemaphoreAttr_t named = { .name = "slots" };
	osSemaphoreId_t s = osSemaphoreNew(3, 2, &named);

	CHECK(s != NULL);
	CHECK(osSemaphoreGetName(s) == named.name); /* kept, not copied */
	CHECK_EQ(osSemaphoreGetCount(s), 2);
	CHECK_EQ(osSemaphoreAcquire(s, 0), osOK);
	CHECK_EQ(osSemaphoreAcquire(s, osWaitForever), osOK); /* a token is there */
	CHECK_EQ(osSemaphoreGetCount(s), 0);
	CHECK_EQ(osSemaphoreAcquire(s, 0), osErrorResource);
	CHECK_EQ(osSemaphoreGetCount(s), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(osSemaphoreRelease(s), osOK);
	CHECK_EQ(osSemaphoreGetCount(s), 3);
	CHECK_EQ(osSemaphoreRelease(s), osErrorResource); /* at max_count */
	CHECK_EQ(osSemaphoreGetCount(s), 3);
	CHECK_EQ(osSemaphoreDelete(s), osOK);

	/* No name; initial_count may be 0 or max_count; any max_count. */
	s = osSemaphoreNew(UINT32_MAX, UINT32_MAX, NULL);
	CHECK(s != NULL);
	CHECK(osSemaphoreGetName(s) == NULL);
	CHECK_EQ(osSemaphoreGetCount(s), UINT32_MAX);
	CHECK_EQ(osSemaphoreRelease(s), osErrorResource);
	CHECK_EQ(osSemaphoreAcquire(s, 0), osOK);
	CHECK_EQ(osSemaphoreGetCount(s), UINT32_MAX - 1);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
}

static void test_binary(void)
{
	osSemaphoreId_t s = osSemaphoreNew(1, 0, NULL);

	CHECK_EQ(osSemaphoreGetCount(s), 0);
	CHECK_EQ(osSemaphoreAcquire(s, 0), osErrorResource);
	CHECK_EQ(osSemaphoreRelease(s), osOK);
	CHECK_EQ(osSemaphoreRelease(s), osErrorResource); /* one token at most */
	CHECK_EQ(osSemaphoreGetCount(s), 1);
	CHECK_EQ(osSemaphoreAcquire(s, 0), osOK);
	CHECK_EQ(osSemaphoreAcquire(s, 0), osErrorResource);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
}

static void test_invalid_parameters(void)
{
	static uint64_t cb[KESTREL_OS2_SEMAPHORE_CB_SIZE / 8];
	const osSemaphoreAttr_t attr = { .cb_mem = cb, .cb_size = sizeof(cb) };

	/* Refused before the memory is touched. */
	memset(cb, 0xa5, sizeof(cb));
	CHECK(osSemaphoreNew(0, 0, NULL) == NULL);
	CHECK(osSemaphoreNew(0, 0, &attr) == NULL);
	CHECK(osSemaphoreNew(1, 2, &attr) == NULL);
	CHECK(osSemaphoreNew(5, 6, NULL) == NULL);
	CHECK(osSemaphoreNew(5, UINT32_MAX, NULL) == NULL);
	CHECK_EQ(((const uint8_t *)cb)[0], 0xa5);
	CHECK_EQ(((const uint8_t *)cb)[sizeof(cb) - 1], 0xa5);
}

/* ---- waiters --------------------------------------------------------- */

/* Three waiters, the middle one most urgent: the first release goes to
 * it, the next two to the others in the order they came. */
static void test_wakeup_by_priority(void)
{
	osSemaphoreId_t s = osSemaphoreNew(5, 0, NULL);

	order_reset();
	start(0, osPriorityNormal1, s, osWaitForever);
	start(1, osPriorityAboveNormal, s, osWaitForever);
	start(2, osPriorityNormal1, s, osWaitForever);
	CHECK_EQ(order_len, 0);
	CHECK_EQ(osSemaphoreRelease(s), osOK);
	CHECK(strcmp(order, "B") == 0);
	CHECK_EQ(osSemaphoreGetCount(s), 0); /* handed over, not counted */
	CHECK_EQ(osSemaphoreRelease(s), osOK);
	CHECK(strcmp(order, "BA") == 0);
	CHECK_EQ(osSemaphoreRelease(s), osOK);
	CHECK(strcmp(order, "BAC") == 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(helpers[i].result, osOK);
	CHECK_EQ(osSemaphoreGetCount(s), 0);
	CHECK_EQ(osSemaphoreRelease(s), osOK); /* no waiter left: counted */
	CHECK_EQ(osSemaphoreGetCount(s), 1);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
}

static void test_timeouts(void)
{
	osSemaphoreId_t s = osSemaphoreNew(1, 0, NULL);

	uint32_t t0 = tick_start();
	CHECK_EQ(osSemaphoreAcquire(s, 0), osErrorResource);
	CHECK_EQ(osKernelGetTickCount(), t0);
	CHECK_EQ(osSemaphoreAcquire(s, 4), osErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 4);
	CHECK_EQ(osSemaphoreAcquire(s, 1), osErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 5);

	/* A release in time ends the wait then. */
	t0 = tick_start();
	start_releaser(0, s, 6);
	CHECK_EQ(osSemaphoreAcquire(s, 50), osOK);
	CHECK_EQ(osKernelGetTickCount() - t0, 6);
	CHECK_EQ(helpers[0].result, osOK);
	t0 = tick_start();
	start_releaser(0, s, 9);
	CHECK_EQ(osSemaphoreAcquire(s, osWaitForever), osOK);
	CHECK_EQ(osKernelGetTickCount() - t0, 9);
	CHECK_EQ(osSemaphoreGetCount(s), 0);

	/* A helper's timed wait ends exactly too. */
	t0 = tick_start();
	struct helper *h = start(0, osPriorityAboveNormal, s, 3);
	CHECK_EQ(h->steps, 0);
	osDelay(5);
	CHECK_EQ(h->result, osErrorTimeout);
	CHECK_EQ(h->done_at - t0, 3);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
}

/* ---- interrupt handlers ---------------------------------------------- */

static osSemaphoreId_t isr_sem;
static volatile osStatus_t isr_status[8];
static volatile uint32_t isr_count[3];
static osSemaphoreId_t volatile isr_new;
static const char *volatile isr_name;
static volatile int isr_woken_ran;

static void isr_calls(void)
{
	/* isr_sem: max 2, count 1. */
	isr_status[0] = osSemaphoreAcquire(isr_sem, osWaitForever); /* refused, token or not */
	isr_status[1] = osSemaphoreAcquire(isr_sem, 5);
	isr_count[0] = osSemaphoreGetCount(isr_sem);
	isr_status[2] = osSemaphoreAcquire(isr_sem, 0);
	isr_status[3] = osSemaphoreAcquire(isr_sem, 0);
	isr_count[1] = osSemaphoreGetCount(isr_sem);
	isr_status[4] = osSemaphoreRelease(isr_sem);
	isr_status[5] = osSemaphoreRelease(isr_sem);
	isr_status[6] = osSemaphoreRelease(isr_sem); /* at max_count */
	isr_count[2] = osSemaphoreGetCount(isr_sem);
	isr_status[7] = osSemaphoreDelete(isr_sem);
	isr_new = osSemaphoreNew(1, 1, NULL);
	isr_name = osSemaphoreGetName(isr_sem);
}

static void isr_release(void)
{
	isr_status[0] = osSemaphoreRelease(isr_sem);
	isr_woken_ran = helpers[0].steps; /* the woken thread runs after the handler */
}

static void isr_invalid(void)
{
	isr_status[0] = osSemaphoreAcquire(NULL, 0);
	isr_status[1] = osSemaphoreRelease(NULL);
	isr_count[0] = osSemaphoreGetCount(NULL);
	isr_status[2] = osSemaphoreDelete(NULL);
}

static void test_isr(void)
{
	static const osSemaphoreAttr_t attr = { .name = "isr" };

	isr_sem = osSemaphoreNew(2, 1, &attr);
	isr_new = isr_sem;
	in_isr(isr_calls);
	CHECK_EQ(isr_status[0], osErrorParameter);
	CHECK_EQ(isr_status[1], osErrorParameter);
	CHECK_EQ(isr_count[0], 1); /* the refused acquires took nothing */
	CHECK_EQ(isr_status[2], osOK);
	CHECK_EQ(isr_status[3], osErrorResource);
	CHECK_EQ(isr_count[1], 0);
	CHECK_EQ(isr_status[4], osOK);
	CHECK_EQ(isr_status[5], osOK);
	CHECK_EQ(isr_status[6], osErrorResource);
	CHECK_EQ(isr_count[2], 2);
	CHECK_EQ(isr_status[7], osErrorISR);
	CHECK(isr_new == NULL);
	CHECK(isr_name == attr.name);
	CHECK_EQ(osSemaphoreGetCount(isr_sem), 2); /* still live */
	CHECK_EQ(osSemaphoreDelete(isr_sem), osOK);

	/* A release in a handler wakes a waiting thread, which runs as soon
	 * as the handler returns. */
	isr_sem = osSemaphoreNew(1, 0, NULL);
	struct helper *h = start(0, osPriorityAboveNormal, isr_sem, osWaitForever);
	CHECK_EQ(h->steps, 0);
	isr_woken_ran = -1;
	in_isr(isr_release);
	CHECK_EQ(isr_status[0], osOK);
	CHECK_EQ(isr_woken_ran, 0);
	CHECK_EQ(h->steps, 1);
	CHECK_EQ(h->result, osOK);
	CHECK_EQ(osSemaphoreGetCount(isr_sem), 0); /* the token went to it */
	CHECK_EQ(osSemaphoreDelete(isr_sem), osOK);

	in_isr(isr_invalid);
	CHECK_EQ(isr_status[0], osErrorParameter);
	CHECK_EQ(isr_status[1], osErrorParameter);
	CHECK_EQ(isr_count[0], 0);
	CHECK_EQ(isr_status[2], osErrorISR);
}

/* ---- deletion, invalid IDs, static memory ---------------------------- */

static uint64_t cb[KESTREL_OS2_SEMAPHORE_CB_SIZE / 8];

static void test_delete_with_waiters(void)
{
	const osSemaphoreAttr_t attr = { .name = "doomed", .cb_mem = cb, .cb_size = sizeof(cb) };
	osSemaphoreId_t s = osSemaphoreNew(2, 0, &attr);

	CHECK(s == (osSemaphoreId_t)cb);
	order_reset();
	uint32_t t0 = tick_start();
	struct helper *a = start(0, osPriorityAboveNormal, s, osWaitForever);
	struct helper *b = start(1, osPriorityAboveNormal, s, 50);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
	/* Both woken at once with osErrorResource, in the order they came. */
	CHECK_EQ(a->result, osErrorResource);
	CHECK_EQ(b->result, osErrorResource);
	CHECK_EQ(a->done_at, t0);
	CHECK_EQ(b->done_at, t0);
	CHECK(strcmp(order, "AB") == 0);

	/* The deleted ID (its memory still there) is invalid everywhere. */
	CHECK_EQ(osSemaphoreAcquire(s, 0), osErrorParameter);
	CHECK_EQ(osSemaphoreRelease(s), osErrorParameter);
	CHECK_EQ(osSemaphoreGetCount(s), 0);
	CHECK(osSemaphoreGetName(s) == NULL);
	CHECK_EQ(osSemaphoreDelete(s), osErrorParameter);

	/* The memory may be used again. */
	s = osSemaphoreNew(1, 1, &attr);
	CHECK(s == (osSemaphoreId_t)cb);
	CHECK_EQ(osSemaphoreGetCount(s), 1);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
}

static void test_invalid_ids(void)
{
	osMutexId_t m = osMutexNew(NULL);
	static uint32_t words[4];
	void *bad[] = {
		NULL,
		osThreadGetId(),           /* another kind of object */
		m,                         /* and another */
		(uint8_t *)(void *)cb + 1, /* misaligned */
		words,                     /* not an object */
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(osSemaphoreAcquire(bad[i], 0), osErrorParameter);
		CHECK_EQ(osSemaphoreAcquire(bad[i], 10), osErrorParameter);
		CHECK_EQ(osSemaphoreRelease(bad[i]), osErrorParameter);
		CHECK_EQ(osSemaphoreGetCount(bad[i]), 0);
		CHECK(osSemaphoreGetName(bad[i]) == NULL);
		CHECK_EQ(osSemaphoreDelete(bad[i]), osErrorParameter);
	}
	/* The mutex is untouched. */
	CHECK_EQ(osMutexAcquire(m, 0), osOK);
	CHECK_EQ(osMutexRelease(m), osOK);
	CHECK_EQ(osMutexDelete(m), osOK);
}

static void test_static_memory(void)
{
	static uint64_t big[KESTREL_OS2_SEMAPHORE_CB_SIZE / 8 + 1];
	osSemaphoreAttr_t attr = { .name = "static", .cb_mem = big, .cb_size = sizeof(big) };

	/* Larger than needed: fine. */
	osSemaphoreId_t s = osSemaphoreNew(4, 3, &attr);
	CHECK(s == (osSemaphoreId_t)big);
	CHECK(osSemaphoreGetName(s) == attr.name);
	CHECK_EQ(osSemaphoreGetCount(s), 3);
	CHECK_EQ(osSemaphoreDelete(s), osOK);

	/* Refused, and the memory is not touched: too small, misaligned,
	 * cb_mem without a size, a size without cb_mem. */
	memset(big, 0xa5, sizeof(big));
	attr.cb_size = 16;
	CHECK(osSemaphoreNew(1, 0, &attr) == NULL);
	attr.cb_mem = (uint8_t *)(void *)big + 2;
	attr.cb_size = KESTREL_OS2_SEMAPHORE_CB_SIZE;
	CHECK(osSemaphoreNew(1, 0, &attr) == NULL);
	attr.cb_mem = big;
	attr.cb_size = 0;
	CHECK(osSemaphoreNew(1, 0, &attr) == NULL);
	attr.cb_mem = NULL;
	attr.cb_size = KESTREL_OS2_SEMAPHORE_CB_SIZE;
	CHECK(osSemaphoreNew(1, 0, &attr) == NULL);
	const uint8_t *bytes = (const uint8_t *)big;
	unsigned touched = 0;
	for (unsigned i = 0; i < sizeof(big); i++)
		touched += bytes[i] != 0xa5;
	CHECK_EQ(touched, 0);

	/* Exactly KESTREL_OS2_SEMAPHORE_CB_SIZE bytes. */
	attr.cb_mem = big;
	s = osSemaphoreNew(1, 0, &attr);
	CHECK(s == (osSemaphoreId_t)big);
	CHECK_EQ(osSemaphoreRelease(s), osOK);
	CHECK_EQ(osSemaphoreAcquire(s, 0), osOK);
	CHECK_EQ(osSemaphoreDelete(s), osOK);
}

static void cases(void)
{
	ktest_run("semaphore.counts", test_counts);
	ktest_run("semaphore.binary", test_binary);
	ktest_run("semaphore.invalid_parameters", test_invalid_parameters);
	ktest_run("semaphore.wakeup_by_priority", test_wakeup_by_priority);
	ktest_run("semaphore.timeouts", test_timeouts);
	ktest_run("semaphore.isr", test_isr);
	ktest_run("semaphore.delete_with_waiters", test_delete_with_waiters);
	ktest_run("semaphore.invalid_ids", test_invalid_ids);
	ktest_run("semaphore.static_memory", test_static_memory);
}

int main(void)
{
	return cmsis_test_main(cases);
}
