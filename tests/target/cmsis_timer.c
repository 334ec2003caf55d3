/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 timers on the target (compat/cmsis-rtos2/os2_timer.c):
 * one-shot and periodic expiry at exact ticks, callbacks in the timer
 * thread, start, restart, stop and delete (also from a timer's own
 * callback, and between an expiry and its callback), periodic expiries
 * that come faster than their callbacks, the order of many timers, calls
 * from an interrupt handler, every invalid parameter, static and heap
 * control blocks, and a timer made before osKernelStart (main is
 * cmsis_test_main's, with that timer made in between).
 *
 * The runner is at osPriorityNormal, below the timer thread
 * (osPriorityHigh): a callback due at a tick has run by the time the
 * runner, woken at that tick, looks.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "cmsis_test.h"
#include "test_isr.h"
#include "kestrel_os2.h"

#define MAX_SHOTS 8

/* ---- helpers --------------------------------------------------------- */

/* What a timer's callbacks saw. */
struct shots {
	char tag;
	volatile unsigned count;
	volatile uint32_t at[MAX_SHOTS];
	volatile osThreadId_t thread;
	osTimerId_t self;     /* for callbacks that act on their own timer */
	unsigned act_at;      /* the callback number that acts (1 = the first) */
	volatile osStatus_t status;
	volatile uint32_t running;
};

static char order[24];
static volatile unsigned order_len;

static void order_reset(void)
{
	order_len = 0;
	order[0] = '\0';
}

static void note(struct shots *s)
{
	if (s->count < MAX_SHOTS)
		s->at[s->count] = osKernelGetTickCount();
	s->thread = osThreadGetId();
	s->count++;
	if (order_len < sizeof(order) - 1) {
		order[order_len++] = s->tag;
		order[order_len] = '\0';
	}
}

static void record(void *arg)
{
	note(arg);
}

static void shots_reset(struct shots *s, char tag)
{
	memset(s, 0, sizeof(*s));
	s->tag = tag;
	s->status = (osStatus_t)1;
}

/* Sleeps until tick t (not at all once it has passed). */
static void delay_until(uint32_t t)
{
	int32_t ticks = (int32_t)(t - osKernelGetTickCount());

	if (ticks > 0)
		osDelay((uint32_t)ticks);
}

/* ---- creation, names, memory ------------------------------------------ */

static void test_new_delete_and_names(void)
{
	struct shots s;
	shots_reset(&s, 'a');

	osTimerId_t t = osTimerNew(record, osTimerOnce, &s, NULL);
	CHECK(t != NULL);
	CHECK(osTimerGetName(t) == NULL);
	CHECK_EQ(osTimerIsRunning(t), 0); /* stopped until started */
	CHECK_EQ(osTimerStop(t), osErrorResource);
	CHECK_EQ(osTimerDelete(t), osOK);
	CHECK_EQ(osTimerDelete(t), osErrorParameter);
	CHECK(osTimerGetName(t) == NULL);

	const osTimerAttr_t named = { .name = "tick tock" };
	t = osTimerNew(record, osTimerPeriodic, &s, &named);
	CHECK(t != NULL);
	CHECK(osTimerGetName(t) == named.name);
	CHECK_EQ(osTimerDelete(t), osOK);
	CHECK(osTimerGetName(t) == NULL);

	/* No function, an unknown type. */
	CHECK(osTimerNew(NULL, osTimerOnce, &s, NULL) == NULL);
	CHECK(osTimerNew(record, (osTimerType_t)2, &s, NULL) == NULL);
	CHECK(osTimerNew(record, (osTimerType_t)-1, &s, NULL) == NULL);
	CHECK_EQ(s.count, 0);
}

static void test_static_and_heap_memory(void)
{
	static uint64_t cb[KESTREL_OS2_TIMER_CB_SIZE / 8];
	osTimerAttr_t attr = { .name = "static", .cb_mem = cb, .cb_size = sizeof(cb) };
	struct shots s;
	shots_reset(&s, 's');

	memset(cb, 0xa5, sizeof(cb));
	osTimerId_t t = osTimerNew(record, osTimerOnce, &s, &attr);
	CHECK(t == (osTimerId_t)cb);
	CHECK_EQ(osTimerIsRunning(t), 0);
	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 2), osOK);
	osDelay(3);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s.at[0], t0 + 2);
	/* Deleted while running, then the same memory for another timer at
	 * once: the first never calls back. */
	CHECK_EQ(osTimerStart(t, 2), osOK);
	CHECK_EQ(osTimerDelete(t), osOK);
	struct shots s2;
	shots_reset(&s2, 'z');
	t = osTimerNew(record, osTimerOnce, &s2, &attr);
	CHECK(t == (osTimerId_t)cb);
	CHECK_EQ(osTimerStart(t, 4), osOK);
	osDelay(5);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s2.count, 1);
	CHECK_EQ(osTimerDelete(t), osOK);

	/* Unfit memory: too small, misaligned, a size without memory,
	 * memory without a size. */
	attr.cb_size = 8;
	CHECK(osTimerNew(record, osTimerOnce, &s, &attr) == NULL);
	attr.cb_mem = (char *)cb + 2;
	attr.cb_size = sizeof(cb) - 8;
	CHECK(osTimerNew(record, osTimerOnce, &s, &attr) == NULL);
	attr.cb_mem = NULL;
	attr.cb_size = sizeof(cb);
	CHECK(osTimerNew(record, osTimerOnce, &s, &attr) == NULL);
	attr.cb_mem = cb;
	attr.cb_size = 0;
	CHECK(osTimerNew(record, osTimerOnce, &s, &attr) == NULL);

	/* The heap: each delete gives its block back (a leak would run out
	 * long before, on the micro:bit's heap). */
	unsigned made = 0;
	for (unsigned i = 0; i < 300; i++) {
		t = osTimerNew(record, i & 1 ? osTimerPeriodic : osTimerOnce, &s, NULL);
		if (t == NULL)
			break;
		made++;
		CHECK_EQ(osTimerStart(t, 100), osOK);
		CHECK_EQ(osTimerDelete(t), osOK);
	}
	CHECK_EQ(made, 300);
	CHECK_EQ(s.count, 1);
}

/* ---- expiry ------------------------------------------------------------- */

static void test_one_shot_fires_once_at_its_tick(void)
{
	struct shots s;
	shots_reset(&s, 'o');
	osTimerId_t t = osTimerNew(record, osTimerOnce, &s, NULL);

	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 5), osOK);
	CHECK_EQ(osTimerIsRunning(t), 1);
	osDelay(4);
	CHECK_EQ(s.count, 0);
	CHECK_EQ(osTimerIsRunning(t), 1);
	osDelay(1);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s.at[0], t0 + 5);
	CHECK_EQ(osTimerIsRunning(t), 0);
	CHECK_EQ(osTimerStop(t), osErrorResource);
	osDelay(20);
	CHECK_EQ(s.count, 1);

	/* Started again after it fired. */
	t0 = osKernelGetTickCount();
	CHECK_EQ(osTimerStart(t, 1), osOK);
	osDelay(3);
	CHECK_EQ(s.count, 2);
	CHECK_EQ(s.at[1], t0 + 1);
	CHECK_EQ(osTimerDelete(t), osOK);
}

static void test_periodic_fires_every_period(void)
{
	struct shots s;
	shots_reset(&s, 'p');
	osTimerId_t t = osTimerNew(record, osTimerPeriodic, &s, NULL);

	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 3), osOK);
	osDelay(10);
	CHECK_EQ(s.count, 3);
	CHECK_EQ(s.at[0], t0 + 3);
	CHECK_EQ(s.at[1], t0 + 6);
	CHECK_EQ(s.at[2], t0 + 9);
	CHECK_EQ(osTimerIsRunning(t), 1);
	CHECK_EQ(osTimerStop(t), osOK);
	CHECK_EQ(osTimerIsRunning(t), 0);
	CHECK_EQ(osTimerStop(t), osErrorResource);
	osDelay(10);
	CHECK_EQ(s.count, 3);

	/* Period 1: every tick. */
	t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 1), osOK);
	osDelay(4);
	CHECK_EQ(s.count, 7);
	CHECK_EQ(s.at[3], t0 + 1);
	CHECK_EQ(s.at[6], t0 + 4);
	/* Deleted while running: no callback after. */
	CHECK_EQ(osTimerDelete(t), osOK);
	osDelay(5);
	CHECK_EQ(s.count, 7);
}

static void test_callbacks_run_in_the_timer_thread(void)
{
	struct shots a, b;
	shots_reset(&a, 'a');
	shots_reset(&b, 'b');
	osTimerId_t ta = osTimerNew(record, osTimerOnce, &a, NULL);
	osTimerId_t tb = osTimerNew(record, osTimerPeriodic, &b, NULL);

	CHECK_EQ(osTimerStart(ta, 1), osOK);
	CHECK_EQ(osTimerStart(tb, 2), osOK);
	osDelay(3);
	CHECK_EQ(a.count, 1);
	CHECK_EQ(b.count, 1);
	/* A thread (not an interrupt handler: osThreadGetId would be the
	 * interrupted runner's or NULL), the same one for every timer, and
	 * not the runner. */
	CHECK(a.thread != NULL);
	CHECK(a.thread == b.thread);
	CHECK(a.thread != osThreadGetId());
	CHECK_EQ(osTimerDelete(ta), osOK);
	CHECK_EQ(osTimerDelete(tb), osOK);
}

/* Calls from a callback that only threads may make. */
static void call_thread_only(void *arg)
{
	struct shots *s = arg;

	note(s);
	s->running = osTimerIsRunning(s->self); /* 0 in a handler */
	s->status = osTimerStart(s->self, 3);   /* osErrorISR in a handler */
}

static void test_callback_may_call_thread_functions(void)
{
	struct shots s;
	shots_reset(&s, 'c');
	osTimerId_t t = osTimerNew(call_thread_only, osTimerPeriodic, &s, NULL);

	s.self = t;
	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 1), osOK);
	osDelay(5); /* 1, then the callback's restart with period 3: 4 */
	CHECK_EQ(s.count, 2);
	CHECK_EQ(s.running, 1);
	CHECK_EQ(s.status, osOK);
	CHECK_EQ(s.at[0], t0 + 1);
	CHECK_EQ(s.at[1], t0 + 4);
	CHECK_EQ(osTimerDelete(t), osOK);
}

/* ---- start, restart, stop ------------------------------------------------ */

static void test_restart_starts_over(void)
{
	struct shots s;
	shots_reset(&s, 'r');
	osTimerId_t t = osTimerNew(record, osTimerOnce, &s, NULL);

	/* Restarted with the same ticks: counted from the restart. */
	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 10), osOK);
	osDelay(4);
	CHECK_EQ(osTimerStart(t, 10), osOK);
	osDelay(9);
	CHECK_EQ(s.count, 0); /* not at t0 + 10 */
	osDelay(1);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s.at[0], t0 + 14);

	/* Restarted with fewer ticks: once, at the new time. */
	t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 10), osOK);
	osDelay(2);
	CHECK_EQ(osTimerStart(t, 3), osOK);
	osDelay(15);
	CHECK_EQ(s.count, 2);
	CHECK_EQ(s.at[1], t0 + 5);
	CHECK_EQ(osTimerDelete(t), osOK);

	/* A periodic timer restarted takes the new period. */
	shots_reset(&s, 'r');
	t = osTimerNew(record, osTimerPeriodic, &s, NULL);
	t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 5), osOK);
	osDelay(1);
	CHECK_EQ(osTimerStart(t, 2), osOK);
	delay_until(t0 + 7);
	CHECK_EQ(s.count, 3);
	CHECK_EQ(s.at[0], t0 + 3);
	CHECK_EQ(s.at[1], t0 + 5);
	CHECK_EQ(s.at[2], t0 + 7);
	CHECK_EQ(osTimerDelete(t), osOK);
}

/* A callback that stops (act 1) or deletes (act 2) or restarts (act 3)
 * its own timer on its act_at-th call. */
static unsigned self_act;

static void act_on_self(void *arg)
{
	struct shots *s = arg;

	note(s);
	if (s->count != s->act_at)
		return;
	if (self_act == 1)
		s->status = osTimerStop(s->self);
	else if (self_act == 2)
		s->status = osTimerDelete(s->self);
	else
		s->status = osTimerStart(s->self, 4);
	s->running = osTimerIsRunning(s->self);
}

static void test_callback_stops_or_deletes_its_timer(void)
{
	struct shots s;

	/* A periodic timer stopped by its third callback. */
	shots_reset(&s, 'x');
	self_act = 1;
	s.act_at = 3;
	s.self = osTimerNew(act_on_self, osTimerPeriodic, &s, NULL);
	CHECK_EQ(osTimerStart(s.self, 2), osOK);
	osDelay(20);
	CHECK_EQ(s.count, 3);
	CHECK_EQ(s.status, osOK);
	CHECK_EQ(s.running, 0);
	CHECK_EQ(osTimerIsRunning(s.self), 0);
	CHECK_EQ(osTimerDelete(s.self), osOK);

	/* A one-shot timer has stopped running once its callback began. */
	shots_reset(&s, 'y');
	s.act_at = 1;
	s.self = osTimerNew(act_on_self, osTimerOnce, &s, NULL);
	CHECK_EQ(osTimerStart(s.self, 2), osOK);
	osDelay(5);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s.status, osErrorResource);
	CHECK_EQ(osTimerDelete(s.self), osOK);

	/* A one-shot timer restarted by its own callback runs again. */
	shots_reset(&s, 'w');
	self_act = 3;
	s.act_at = 1;
	s.self = osTimerNew(act_on_self, osTimerOnce, &s, NULL);
	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(s.self, 2), osOK);
	osDelay(3);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s.status, osOK);
	CHECK_EQ(s.running, 1);
	CHECK_EQ(osTimerIsRunning(s.self), 1);
	osDelay(10);
	CHECK_EQ(s.count, 2);
	CHECK_EQ(s.at[1], t0 + 6);
	CHECK_EQ(osTimerIsRunning(s.self), 0);
	CHECK_EQ(osTimerDelete(s.self), osOK);

	/* A periodic timer deleted by its second callback: its ID is dead
	 * at once and no callback follows. */
	shots_reset(&s, 'd');
	self_act = 2;
	s.act_at = 2;
	s.self = osTimerNew(act_on_self, osTimerPeriodic, &s, NULL);
	CHECK_EQ(osTimerStart(s.self, 1), osOK);
	osDelay(10);
	CHECK_EQ(s.count, 2);
	CHECK_EQ(s.status, osOK);
	CHECK_EQ(s.running, 0);
	CHECK_EQ(osTimerStart(s.self, 1), osErrorParameter);
	CHECK_EQ(osTimerDelete(s.self), osErrorParameter);
}

/* Between an expiry and its callback: a thread above the timer thread,
 * woken at the tick of the expiry, runs first and acts on the timer. */
struct preempt {
	osTimerId_t timer;
	uint32_t at;
	unsigned action; /* 1 stop, 2 delete, 3 restart */
	volatile uint32_t running;
	volatile osStatus_t status;
	volatile unsigned seen;
	struct shots *shots;
	volatile bool done;
};

static void preempt_main(void *arg)
{
	struct preempt *p = arg;

	delay_until(p->at);
	p->running = osTimerIsRunning(p->timer);
	p->seen = p->shots->count;
	if (p->action == 1)
		p->status = osTimerStop(p->timer);
	else if (p->action == 2)
		p->status = osTimerDelete(p->timer);
	else
		p->status = osTimerStart(p->timer, 3);
	p->done = true;
}

static void act_after_expiry(osTimerType_t type, unsigned action, struct shots *s)
{
	static const osThreadAttr_t attr = {
		.name = "preempt",
		.stack_size = 768,
		.priority = osPriorityRealtime,
	};
	struct preempt p = { .action = action, .shots = s };

	shots_reset(s, 'e');
	p.timer = osTimerNew(record, type, s, NULL);
	uint32_t t0 = tick_start();
	p.at = t0 + 4;
	CHECK_EQ(osTimerStart(p.timer, 4), osOK);
	CHECK(osThreadNew(preempt_main, &p, &attr) != NULL);
	osDelay(10);
	CHECK(p.done);
	CHECK_EQ(p.running, 1); /* expired, its callback not begun */
	CHECK_EQ(p.seen, 0);
	CHECK_EQ(p.status, osOK);
	if (action == 3) {
		/* The old expiry is forgotten; the new one comes. */
		CHECK_EQ(s->count, type == osTimerOnce ? 1 : 2);
		CHECK_EQ(s->at[0], t0 + 7);
		CHECK_EQ(osTimerDelete(p.timer), osOK);
	} else {
		CHECK_EQ(s->count, 0);
		if (action == 1)
			CHECK_EQ(osTimerDelete(p.timer), osOK);
	}
}

static void test_stop_or_delete_before_the_callback(void)
{
	struct shots s;

	act_after_expiry(osTimerOnce, 1, &s);
	act_after_expiry(osTimerPeriodic, 1, &s);
	act_after_expiry(osTimerOnce, 2, &s);
	act_after_expiry(osTimerPeriodic, 2, &s);
	act_after_expiry(osTimerOnce, 3, &s);
	act_after_expiry(osTimerPeriodic, 3, &s);
}

/* ---- callbacks that fall behind, and order ------------------------------- */

/* The first call holds the timer thread for 5 ticks. */
static void slow_first(void *arg)
{
	struct shots *s = arg;

	note(s);
	if (s->count == 1)
		osDelay(5);
}

static void test_periodic_expiries_are_not_lost(void)
{
	struct shots a, b;
	shots_reset(&a, 'A');
	shots_reset(&b, 'B');
	osTimerId_t ta = osTimerNew(slow_first, osTimerPeriodic, &a, NULL);
	osTimerId_t tb = osTimerNew(record, osTimerOnce, &b, NULL);

	order_reset();
	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(ta, 2), osOK);
	CHECK_EQ(osTimerStart(tb, 5), osOK);
	/* A at 2 (its callback holds the thread until 7), 4 and 6; B at 5:
	 * at 7 the callbacks of 4, 5 and 6 run in that order; A at 8. */
	delay_until(t0 + 6);
	CHECK_EQ(a.count, 1);
	CHECK_EQ(b.count, 0);
	CHECK_EQ(osTimerIsRunning(tb), 1); /* expired, not called back yet */
	delay_until(t0 + 9);
	CHECK_EQ(osTimerStop(ta), osOK);
	CHECK(strcmp(order, "AABAA") == 0);
	CHECK_EQ(a.count, 4);
	CHECK_EQ(a.at[0], t0 + 2);
	CHECK_EQ(a.at[1], t0 + 7);
	CHECK_EQ(a.at[2], t0 + 7);
	CHECK_EQ(a.at[3], t0 + 8);
	CHECK_EQ(b.count, 1);
	CHECK_EQ(b.at[0], t0 + 7);
	CHECK_EQ(osTimerIsRunning(tb), 0);
	CHECK_EQ(osTimerDelete(ta), osOK);
	CHECK_EQ(osTimerDelete(tb), osOK);
}

static void test_many_timers_fire_in_deadline_order(void)
{
	static const uint32_t ticks[] = { 4, 2, 6, 2, 1, 4, 3, 1 };
	enum { N = sizeof(ticks) / sizeof(ticks[0]) };
	struct shots s[N];
	osTimerId_t t[N];

	order_reset();
	for (unsigned i = 0; i < N; i++) {
		shots_reset(&s[i], (char)('0' + i));
		t[i] = osTimerNew(record, osTimerOnce, &s[i], NULL);
		CHECK(t[i] != NULL);
	}
	uint32_t t0 = tick_start();
	for (unsigned i = 0; i < N; i++)
		CHECK_EQ(osTimerStart(t[i], ticks[i]), osOK);
	osDelay(8);
	/* By deadline; equal deadlines in the order started. */
	CHECK(strcmp(order, "47136052") == 0);
	for (unsigned i = 0; i < N; i++) {
		CHECK_EQ(s[i].count, 1);
		CHECK_EQ(s[i].at[0], t0 + ticks[i]);
		CHECK_EQ(osTimerDelete(t[i]), osOK);
	}
}

/* ---- invalid parameters, interrupt handlers ------------------------------ */

static void test_invalid_parameters(void)
{
	static uint32_t not_an_object[4];
	struct shots s;
	shots_reset(&s, 'i');
	osTimerId_t t = osTimerNew(record, osTimerOnce, &s, NULL);
	osTimerId_t gone = osTimerNew(record, osTimerOnce, &s, NULL);
	osEventFlagsId_t ef = osEventFlagsNew(NULL);
	osTimerId_t bad[] = { NULL, not_an_object, (char *)t + 1, gone, ef };

	CHECK_EQ(osTimerDelete(gone), osOK);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(osTimerStart(bad[i], 1), osErrorParameter);
		CHECK_EQ(osTimerStop(bad[i]), osErrorParameter);
		CHECK_EQ(osTimerIsRunning(bad[i]), 0);
		CHECK(osTimerGetName(bad[i]) == NULL);
		CHECK_EQ(osTimerDelete(bad[i]), osErrorParameter);
	}
	CHECK_EQ(osEventFlagsDelete(ef), osOK);

	/* Bad ticks leave a running timer as it was. */
	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 3), osOK);
	CHECK_EQ(osTimerStart(t, 0), osErrorParameter);
	CHECK_EQ(osTimerStart(t, 0x80000000u), osErrorParameter);
	CHECK_EQ(osTimerStart(t, osWaitForever), osErrorParameter);
	CHECK_EQ(osTimerIsRunning(t), 1);
	osDelay(5);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s.at[0], t0 + 3);
	/* and a stopped one stopped. */
	CHECK_EQ(osTimerStart(t, 0), osErrorParameter);
	CHECK_EQ(osTimerIsRunning(t), 0);
	CHECK_EQ(osTimerDelete(t), osOK);
}

static osTimerId_t isr_timer;
static volatile osTimerId_t isr_new;
static volatile const char *isr_name;
static volatile osStatus_t isr_status[3];
static volatile uint32_t isr_running;

static void isr_calls(void)
{
	isr_new = osTimerNew(record, osTimerOnce, NULL, NULL);
	isr_name = osTimerGetName(isr_timer);
	isr_running = osTimerIsRunning(isr_timer);
	isr_status[0] = osTimerStart(isr_timer, 1);
	isr_status[1] = osTimerStop(isr_timer);
	isr_status[2] = osTimerDelete(isr_timer);
}

static void test_calls_from_isr(void)
{
	const osTimerAttr_t attr = { .name = "isr" };
	struct shots s;
	shots_reset(&s, 'h');
	osTimerId_t t = osTimerNew(record, osTimerOnce, &s, &attr);

	isr_timer = t;
	isr_new = t;
	uint32_t t0 = tick_start();
	CHECK_EQ(osTimerStart(t, 3), osOK);
	in_isr(isr_calls);
	CHECK(isr_new == NULL);
	CHECK(isr_name == attr.name);
	CHECK_EQ(isr_running, 0);
	CHECK_EQ(isr_status[0], osErrorISR);
	CHECK_EQ(isr_status[1], osErrorISR);
	CHECK_EQ(isr_status[2], osErrorISR);
	/* Nothing changed: it runs and fires as started. */
	CHECK_EQ(osTimerIsRunning(t), 1);
	osDelay(5);
	CHECK_EQ(s.count, 1);
	CHECK_EQ(s.at[0], t0 + 3);
	CHECK_EQ(osTimerDelete(t), osOK);
}

/* ---- made before osKernelStart ------------------------------------------ */

static struct shots early;
static osTimerId_t early_timer;
static uint32_t early_start;

static void test_timer_made_before_kernel_start(void)
{
	CHECK(early_timer != NULL);
	delay_until(early_start + 3);
	CHECK_EQ(early.count, 1);
	CHECK_EQ(early.at[0], early_start + 2);
	CHECK(early.thread != NULL);
	CHECK(early.thread != osThreadGetId());
	CHECK_EQ(osTimerDelete(early_timer), osOK);
}

static void cases(void)
{
	ktest_run("cmsis_timer.timer_made_before_kernel_start",
		  test_timer_made_before_kernel_start);
	ktest_run("cmsis_timer.new_delete_and_names", test_new_delete_and_names);
	ktest_run("cmsis_timer.static_and_heap_memory", test_static_and_heap_memory);
	ktest_run("cmsis_timer.one_shot_fires_once_at_its_tick",
		  test_one_shot_fires_once_at_its_tick);
	ktest_run("cmsis_timer.periodic_fires_every_period", test_periodic_fires_every_period);
	ktest_run("cmsis_timer.callbacks_run_in_the_timer_thread",
		  test_callbacks_run_in_the_timer_thread);
	ktest_run("cmsis_timer.callback_may_call_thread_functions",
		  test_callback_may_call_thread_functions);
	ktest_run("cmsis_timer.restart_starts_over", test_restart_starts_over);
	ktest_run("cmsis_timer.callback_stops_or_deletes_its_timer",
		  test_callback_stops_or_deletes_its_timer);
	ktest_run("cmsis_timer.stop_or_delete_before_the_callback",
		  test_stop_or_delete_before_the_callback);
	ktest_run("cmsis_timer.periodic_expiries_are_not_lost",
		  test_periodic_expiries_are_not_lost);
	ktest_run("cmsis_timer.many_timers_fire_in_deadline_order",
		  test_many_timers_fire_in_deadline_order);
	ktest_run("cmsis_timer.invalid_parameters", test_invalid_parameters);
	ktest_run("cmsis_timer.calls_from_isr", test_calls_from_isr);
}

/* cmsis_test_main, with a timer made and started (and so the timer
 * thread made) between osKernelInitialize and osKernelStart. */
int main(void)
{
	static const osThreadAttr_t runner = {
		.name = "runner",
		.stack_size = CMSIS_TEST_STACK_BYTES,
		.priority = CMSIS_TEST_PRIORITY,
	};

	cmsis_test_cases = cases;
	if (osKernelInitialize() != osOK)
		return 1;
	shots_reset(&early, 'E');
	early_timer = osTimerNew(record, osTimerOnce, &early, NULL);
	early_start = osKernelGetTickCount();
	if (osTimerStart(early_timer, 2) != osOK)
		early_timer = NULL;
	if (osThreadNew(cmsis_test_runner, NULL, &runner) == NULL)
		return 1;
	osKernelStart(); /* returns only if it failed */
	return 1;
}
