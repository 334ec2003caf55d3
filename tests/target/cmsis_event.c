/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 event flags on the target (compat/cmsis-rtos2/os2_event.c):
 * every wait option, the values Set, Clear and Wait return, waiters
 * served one at a time in priority order, exact timeouts, calls from an
 * interrupt handler, deletion with waiters, every invalid parameter,
 * static and heap control blocks.
 *
 * The runner is at osPriorityNormal; waiter threads run above it, so
 * each reaches its wait at once and, once woken, finishes before the
 * runner goes on.  A software-triggered IRQ runs code in handler mode.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "cmsis_test.h"
#include "test_isr.h"
#include "kestrel_os2.h"

#define WAITER_STACK 768u
#define NOT_DONE 0xdeadbeefu

/* ---- helpers --------------------------------------------------------- */

struct waiter {
	osEventFlagsId_t ef;
	uint32_t flags;
	uint32_t options;
	uint32_t timeout;
	volatile uint32_t result;
	volatile uint32_t done_at;
	volatile bool done;
};

static struct waiter waiters[3];

static void waiter_main(void *arg)
{
	struct waiter *w = arg;

	w->result = osEventFlagsWait(w->ef, w->flags, w->options, w->timeout);
	w->done_at = osKernelGetTickCount();
	w->done = true;
}

/* Waiter i at priority osPriorityAboveNormal + rank waits at once. */
static struct waiter *wait_in_thread(unsigned i, unsigned rank, osEventFlagsId_t ef,
				     uint32_t flags, uint32_t options, uint32_t timeout)
{
	struct waiter *w = &waiters[i];
	const osThreadAttr_t attr = {
		.name = "waiter",
		.stack_size = WAITER_STACK,
		.priority = (osPriority_t)(osPriorityAboveNormal + rank),
	};

	w->ef = ef;
	w->flags = flags;
	w->options = options;
	w->timeout = timeout;
	w->result = NOT_DONE;
	w->done = false;
	CHECK(osThreadNew(waiter_main, w, &attr) != NULL);
	CHECK(!w->done); /* it waits */
	return w;
}

static osEventFlagsId_t isr_ef;
static volatile uint32_t isr_u32[8];
static volatile const char *isr_name;
static volatile osEventFlagsId_t isr_new;
static volatile osStatus_t isr_status;

/* ---- creation, names, memory ------------------------------------------ */

static void test_new_delete_and_names(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);

	CHECK(ef != NULL);
	CHECK_EQ(osEventFlagsGet(ef), 0);
	CHECK(osEventFlagsGetName(ef) == NULL);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
	CHECK_EQ(osEventFlagsDelete(ef), osErrorParameter);
	CHECK(osEventFlagsGetName(ef) == NULL);

	const osEventFlagsAttr_t named = { .name = "events" };
	ef = osEventFlagsNew(&named);
	CHECK(ef != NULL);
	CHECK(osEventFlagsGetName(ef) == named.name);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
	CHECK(osEventFlagsGetName(ef) == NULL);
	CHECK_EQ(osEventFlagsSet(ef, 1), osFlagsErrorParameter);
}

static void test_static_and_heap_memory(void)
{
	static uint64_t cb[KESTREL_OS2_EVENT_FLAGS_CB_SIZE / 8];
	osEventFlagsAttr_t attr = { .name = "static", .cb_mem = cb, .cb_size = sizeof(cb) };

	memset(cb, 0xa5, sizeof(cb));
	osEventFlagsId_t ef = osEventFlagsNew(&attr);
	CHECK(ef == (osEventFlagsId_t)cb);
	CHECK_EQ(osEventFlagsGet(ef), 0); /* the memory was cleared */
	struct waiter *w = wait_in_thread(0, 0, ef, 0x10, osFlagsWaitAny, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x11), 0x1);
	CHECK(w->done);
	CHECK_EQ(w->result, 0x11);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
	/* The same memory again, for a new object. */
	ef = osEventFlagsNew(&attr);
	CHECK(ef == (osEventFlagsId_t)cb);
	CHECK_EQ(osEventFlagsGet(ef), 0);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);

	/* Unfit memory: too small, misaligned, a size without memory,
	 * memory without a size. */
	attr.cb_size = 8;
	CHECK(osEventFlagsNew(&attr) == NULL);
	attr.cb_mem = (char *)cb + 2;
	attr.cb_size = sizeof(cb) - 8;
	CHECK(osEventFlagsNew(&attr) == NULL);
	attr.cb_mem = NULL;
	attr.cb_size = sizeof(cb);
	CHECK(osEventFlagsNew(&attr) == NULL);
	attr.cb_mem = cb;
	attr.cb_size = 0;
	CHECK(osEventFlagsNew(&attr) == NULL);

	/* The heap: each delete gives its block back (a leak would run out
	 * long before, on the micro:bit's heap). */
	unsigned made = 0;
	for (unsigned i = 0; i < 400; i++) {
		ef = osEventFlagsNew(NULL);
		if (ef == NULL)
			break;
		made++;
		osEventFlagsSet(ef, i & 0x7fffffffu);
		CHECK_EQ(osEventFlagsDelete(ef), osOK);
	}
	CHECK_EQ(made, 400);
}

/* ---- set, clear, get --------------------------------------------------- */

static void test_set_clear_get_return_values(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);

	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0x1);
	CHECK_EQ(osEventFlagsSet(ef, 0x10), 0x11);
	CHECK_EQ(osEventFlagsSet(ef, 0x0), 0x11);
	CHECK_EQ(osEventFlagsSet(ef, 0x11), 0x11);
	CHECK_EQ(osEventFlagsGet(ef), 0x11);
	CHECK_EQ(osEventFlagsClear(ef, 0x1), 0x11); /* before clearing */
	CHECK_EQ(osEventFlagsGet(ef), 0x10);
	CHECK_EQ(osEventFlagsClear(ef, 0x0), 0x10);
	CHECK_EQ(osEventFlagsClear(ef, 0x7fffffff), 0x10);
	CHECK_EQ(osEventFlagsGet(ef), 0);

	/* All 31 flags, one by one. */
	uint32_t expect = 0;
	for (unsigned bit = 0; bit < 31; bit++) {
		expect |= 1u << bit;
		CHECK_EQ(osEventFlagsSet(ef, 1u << bit), expect);
	}
	CHECK_EQ(osEventFlagsGet(ef), 0x7fffffff);
	for (unsigned bit = 0; bit < 31; bit++) {
		CHECK_EQ(osEventFlagsClear(ef, 1u << bit), expect);
		expect &= ~(1u << bit);
	}
	CHECK_EQ(osEventFlagsGet(ef), 0);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

/* ---- invalid parameters ------------------------------------------------ */

static void test_invalid_parameters(void)
{
	static uint32_t not_an_object[4];
	osEventFlagsId_t ef = osEventFlagsNew(NULL);
	osEventFlagsId_t gone = osEventFlagsNew(NULL);
	osEventFlagsId_t bad[] = { NULL, not_an_object, (char *)ef + 1, gone };

	CHECK_EQ(osEventFlagsDelete(gone), osOK);
	CHECK_EQ(osEventFlagsSet(ef, 0x5), 0x5);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(osEventFlagsSet(bad[i], 1), osFlagsErrorParameter);
		CHECK_EQ(osEventFlagsClear(bad[i], 1), osFlagsErrorParameter);
		CHECK_EQ(osEventFlagsGet(bad[i]), 0);
		CHECK_EQ(osEventFlagsWait(bad[i], 1, osFlagsWaitAny, 0), osFlagsErrorParameter);
		CHECK_EQ(osEventFlagsWait(bad[i], 1, osFlagsWaitAny, 5), osFlagsErrorParameter);
		CHECK(osEventFlagsGetName(bad[i]) == NULL);
		CHECK_EQ(osEventFlagsDelete(bad[i]), osErrorParameter);
	}

	/* Bit 31 is not a flag: refused, nothing changes. */
	CHECK_EQ(osEventFlagsSet(ef, 0x80000000u), osFlagsErrorParameter);
	CHECK_EQ(osEventFlagsSet(ef, 0x80000002u), osFlagsErrorParameter);
	CHECK_EQ(osEventFlagsClear(ef, 0x80000001u), osFlagsErrorParameter);
	CHECK_EQ(osEventFlagsGet(ef), 0x5);
	uint32_t t0 = tick_start();
	CHECK_EQ(osEventFlagsWait(ef, 0x80000001u, osFlagsWaitAny, 0), osFlagsErrorParameter);
	CHECK_EQ(osEventFlagsWait(ef, 0x80000000u, osFlagsWaitAll, 3), osFlagsErrorParameter);
	/* No flags to wait for, unknown options. */
	CHECK_EQ(osEventFlagsWait(ef, 0, osFlagsWaitAny, 3), osFlagsErrorParameter);
	CHECK_EQ(osEventFlagsWait(ef, 0x1, 0x4, 3), osFlagsErrorParameter);
	CHECK_EQ(osEventFlagsWait(ef, 0x1, osFlagsWaitAll | 0x100, 0), osFlagsErrorParameter);
	CHECK_EQ(osKernelGetTickCount(), t0); /* none of them waited */
	CHECK_EQ(osEventFlagsGet(ef), 0x5);   /* nor cleared */
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

/* ---- waiting ------------------------------------------------------------ */

static void test_wait_satisfied_at_once(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);

	/* Any, clearing: returns every flag set, clears only those asked. */
	osEventFlagsSet(ef, 0x5);
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAny, 0), 0x5);
	CHECK_EQ(osEventFlagsGet(ef), 0x4);
	/* Any, no clear. */
	osEventFlagsSet(ef, 0x1);
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAny | osFlagsNoClear, 0), 0x5);
	CHECK_EQ(osEventFlagsGet(ef), 0x5);
	/* All: one of two is not enough. */
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAll, 0), osFlagsErrorResource);
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAll | osFlagsNoClear, 0),
		 osFlagsErrorResource);
	CHECK_EQ(osEventFlagsGet(ef), 0x5);
	/* All, no clear. */
	osEventFlagsSet(ef, 0x2);
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAll | osFlagsNoClear, 0), 0x7);
	CHECK_EQ(osEventFlagsGet(ef), 0x7);
	/* All, clearing. */
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAll, osWaitForever), 0x7);
	CHECK_EQ(osEventFlagsGet(ef), 0x4);
	/* Any, none of them set. */
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAny, 0), osFlagsErrorResource);
	CHECK_EQ(osEventFlagsGet(ef), 0x4);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

static void test_wait_blocked_each_option(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);
	struct waiter *w;

	/* Any, clearing: a flag it does not wait for leaves it waiting. */
	w = wait_in_thread(0, 0, ef, 0x3, osFlagsWaitAny, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x4), 0x4);
	CHECK(!w->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x2), 0x4); /* the waiter took 0x2 */
	CHECK(w->done);
	CHECK_EQ(w->result, 0x6);
	CHECK_EQ(osEventFlagsGet(ef), 0x4);

	/* Any, no clear. */
	w = wait_in_thread(0, 0, ef, 0x3, osFlagsWaitAny | osFlagsNoClear, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0x5);
	CHECK(w->done);
	CHECK_EQ(w->result, 0x5);
	CHECK_EQ(osEventFlagsClear(ef, 0x7fffffff), 0x5);

	/* All, clearing: it waits until the last of its flags comes. */
	w = wait_in_thread(0, 0, ef, 0x3, osFlagsWaitAll, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0x1);
	CHECK_EQ(osEventFlagsSet(ef, 0x4), 0x5);
	CHECK(!w->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x2), 0x4);
	CHECK(w->done);
	CHECK_EQ(w->result, 0x7);

	/* All, no clear. */
	w = wait_in_thread(0, 0, ef, 0x3, osFlagsWaitAll | osFlagsNoClear, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x2), 0x6);
	CHECK(!w->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0x7);
	CHECK(w->done);
	CHECK_EQ(w->result, 0x7);
	CHECK_EQ(osEventFlagsGet(ef), 0x7);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

static void test_timeouts_are_exact(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);

	osEventFlagsSet(ef, 0x1);
	uint32_t t0 = tick_start();
	CHECK_EQ(osEventFlagsWait(ef, 0x2, osFlagsWaitAny, 0), osFlagsErrorResource);
	CHECK_EQ(osKernelGetTickCount(), t0);
	CHECK_EQ(osEventFlagsWait(ef, 0x2, osFlagsWaitAny, 5), osFlagsErrorTimeout);
	CHECK_EQ(osKernelGetTickCount(), t0 + 5);
	CHECK_EQ(osEventFlagsWait(ef, 0x3, osFlagsWaitAll, 7), osFlagsErrorTimeout);
	CHECK_EQ(osKernelGetTickCount(), t0 + 12);
	CHECK_EQ(osEventFlagsGet(ef), 0x1); /* a timed-out wait clears nothing */

	/* Woken before the timeout: at the tick of the set. */
	t0 = tick_start();
	struct waiter *w = wait_in_thread(0, 0, ef, 0x2, osFlagsWaitAny, 10);
	osDelay(4);
	CHECK(!w->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x2), 0x1);
	CHECK(w->done);
	CHECK_EQ(w->result, 0x3);
	CHECK_EQ(w->done_at, t0 + 4);

	/* A waiter's timeout, seen from the runner. */
	t0 = tick_start();
	w = wait_in_thread(0, 0, ef, 0x8, osFlagsWaitAny, 3);
	osDelay(2);
	CHECK(!w->done);
	osDelay(2);
	CHECK(w->done);
	CHECK_EQ(w->result, osFlagsErrorTimeout);
	CHECK_EQ(w->done_at, t0 + 3);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

/* ---- several waiters ---------------------------------------------------- */

static void test_one_set_serves_waiters_in_priority_order(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);
	struct waiter *w0, *w1, *w2;

	/* Different flags: one set wakes all three, the most urgent first,
	 * each seeing what the ones before it left. */
	w2 = wait_in_thread(2, 0, ef, 0x4, osFlagsWaitAny, osWaitForever);
	w0 = wait_in_thread(0, 2, ef, 0x1, osFlagsWaitAny, osWaitForever);
	w1 = wait_in_thread(1, 1, ef, 0x2, osFlagsWaitAny, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x7), 0);
	CHECK(w0->done && w1->done && w2->done);
	CHECK_EQ(w0->result, 0x7);
	CHECK_EQ(w1->result, 0x6);
	CHECK_EQ(w2->result, 0x4);

	/* One flag, both clearing: the most urgent takes it, the other
	 * waits for the next. */
	w1 = wait_in_thread(1, 0, ef, 0x1, osFlagsWaitAny, osWaitForever);
	w0 = wait_in_thread(0, 1, ef, 0x1, osFlagsWaitAny, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0);
	CHECK(w0->done);
	CHECK_EQ(w0->result, 0x1);
	CHECK(!w1->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0);
	CHECK(w1->done);
	CHECK_EQ(w1->result, 0x1);

	/* Equal priorities: first come, first served. */
	w0 = wait_in_thread(0, 0, ef, 0x1, osFlagsWaitAny, osWaitForever);
	w1 = wait_in_thread(1, 0, ef, 0x1, osFlagsWaitAny, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0);
	CHECK(w0->done && !w1->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0);
	CHECK(w1->done);

	/* osFlagsNoClear lets the flag on to the next: all three wake, the
	 * last one clears it. */
	w0 = wait_in_thread(0, 2, ef, 0x1, osFlagsWaitAny | osFlagsNoClear, osWaitForever);
	w1 = wait_in_thread(1, 1, ef, 0x1, osFlagsWaitAny | osFlagsNoClear, osWaitForever);
	w2 = wait_in_thread(2, 0, ef, 0x1, osFlagsWaitAny, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0);
	CHECK(w0->done && w1->done && w2->done);
	CHECK_EQ(w0->result, 0x1);
	CHECK_EQ(w1->result, 0x1);
	CHECK_EQ(w2->result, 0x1);

	/* A waiter for all and one for any: a partial set wakes only the
	 * second, a waiter that clears keeps the first from seeing its
	 * flag. */
	w0 = wait_in_thread(0, 2, ef, 0x3, osFlagsWaitAll | osFlagsNoClear, osWaitForever);
	w1 = wait_in_thread(1, 1, ef, 0x1, osFlagsWaitAny, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0);
	CHECK(!w0->done && w1->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x2), 0x2);
	CHECK(!w0->done);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0x3);
	CHECK(w0->done);
	CHECK_EQ(w0->result, 0x3);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

static void test_delete_releases_waiters(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);
	struct waiter *w0, *w1, *w2;

	/* A clearing waiter above one that does not clear: the second is
	 * left waiting for the flag the first took. */
	w0 = wait_in_thread(0, 2, ef, 0x1, osFlagsWaitAny, osWaitForever);
	w1 = wait_in_thread(1, 1, ef, 0x1, osFlagsWaitAny | osFlagsNoClear, 100);
	w2 = wait_in_thread(2, 0, ef, 0x6, osFlagsWaitAll, osWaitForever);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), 0);
	CHECK(w0->done && !w1->done && !w2->done);

	uint32_t t0 = tick_start();
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
	CHECK(w1->done && w2->done);
	CHECK_EQ(w1->result, osFlagsErrorResource);
	CHECK_EQ(w2->result, osFlagsErrorResource);
	CHECK_EQ(w1->done_at, t0);
	CHECK_EQ(w2->done_at, t0);
	CHECK_EQ(osEventFlagsSet(ef, 0x1), osFlagsErrorParameter);
	CHECK_EQ(osEventFlagsWait(ef, 0x1, osFlagsWaitAny, 0), osFlagsErrorParameter);
}

/* ---- interrupt handlers ------------------------------------------------- */

static void isr_set(void)
{
	isr_u32[0] = osEventFlagsSet(isr_ef, 0x8);
}

static void test_set_from_isr_wakes_a_thread(void)
{
	osEventFlagsId_t ef = osEventFlagsNew(NULL);

	isr_ef = ef;
	osEventFlagsSet(ef, 0x1);
	struct waiter *w = wait_in_thread(0, 0, ef, 0x8, osFlagsWaitAny, osWaitForever);
	in_isr(isr_set);
	CHECK_EQ(isr_u32[0], 0x1); /* the waiter took 0x8 */
	CHECK(w->done);            /* it ran as the handler returned */
	CHECK_EQ(w->result, 0x9);
	CHECK_EQ(osEventFlagsGet(ef), 0x1);
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

static void isr_calls(void)
{
	static const osEventFlagsAttr_t attr = { .name = "from isr" };

	isr_u32[0] = osEventFlagsWait(isr_ef, 0x3, osFlagsWaitAny | osFlagsNoClear, 5);
	isr_u32[1] = osEventFlagsWait(isr_ef, 0x3, osFlagsWaitAny, osWaitForever);
	isr_u32[2] = osEventFlagsWait(isr_ef, 0x3, osFlagsWaitAll, 0);
	isr_u32[3] = osEventFlagsWait(isr_ef, 0x1, osFlagsWaitAny, 0);
	isr_u32[4] = osEventFlagsWait(isr_ef, 0x1, osFlagsWaitAny, 0);
	isr_u32[5] = osEventFlagsClear(isr_ef, 0x4);
	isr_u32[6] = osEventFlagsSet(isr_ef, 0x20);
	isr_u32[7] = osEventFlagsGet(isr_ef);
	isr_name = osEventFlagsGetName(isr_ef);
	isr_new = osEventFlagsNew(&attr);
	isr_status = osEventFlagsDelete(isr_ef);
}

static void test_calls_from_isr(void)
{
	const osEventFlagsAttr_t attr = { .name = "isr" };
	osEventFlagsId_t ef = osEventFlagsNew(&attr);

	isr_ef = ef;
	osEventFlagsSet(ef, 0x5);
	isr_new = ef;
	in_isr(isr_calls);
	CHECK_EQ(isr_u32[0], osFlagsErrorParameter); /* a timeout in a handler */
	CHECK_EQ(isr_u32[1], osFlagsErrorParameter);
	CHECK_EQ(isr_u32[2], osFlagsErrorResource); /* 0x2 is not set */
	CHECK_EQ(isr_u32[3], 0x5);                  /* takes 0x1 */
	CHECK_EQ(isr_u32[4], osFlagsErrorResource); /* gone */
	CHECK_EQ(isr_u32[5], 0x4);
	CHECK_EQ(isr_u32[6], 0x20);
	CHECK_EQ(isr_u32[7], 0x20);
	CHECK(isr_name == attr.name);
	CHECK(isr_new == NULL);
	CHECK_EQ(isr_status, osErrorISR);
	CHECK_EQ(osEventFlagsGet(ef), 0x20); /* still there */
	CHECK_EQ(osEventFlagsDelete(ef), osOK);
}

static void cases(void)
{
	ktest_run("cmsis_event.new_delete_and_names", test_new_delete_and_names);
	ktest_run("cmsis_event.static_and_heap_memory", test_static_and_heap_memory);
	ktest_run("cmsis_event.set_clear_get_return_values", test_set_clear_get_return_values);
	ktest_run("cmsis_event.invalid_parameters", test_invalid_parameters);
	ktest_run("cmsis_event.wait_satisfied_at_once", test_wait_satisfied_at_once);
	ktest_run("cmsis_event.wait_blocked_each_option", test_wait_blocked_each_option);
	ktest_run("cmsis_event.timeouts_are_exact", test_timeouts_are_exact);
	ktest_run("cmsis_event.one_set_serves_waiters_in_priority_order",
		  test_one_set_serves_waiters_in_priority_order);
	ktest_run("cmsis_event.delete_releases_waiters", test_delete_releases_waiters);
	ktest_run("cmsis_event.set_from_isr_wakes_a_thread", test_set_from_isr_wakes_a_thread);
	ktest_run("cmsis_event.calls_from_isr", test_calls_from_isr);
}

int main(void)
{
	return cmsis_test_main(cases);
}
