/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 kernel control (compat/cmsis-rtos2/os2_kernel.c) on the
 * target: the states before and after osKernelInitialize and
 * osKernelStart (a thread created before the start, above main, does not
 * run before it), the start's failures, osKernelLock, Unlock and
 * RestoreLock (a higher thread made ready while locked runs only at the
 * unlock), Suspend and Resume, the tick and the system timer, GetInfo,
 * and the safety classes: osKernelProtect, the class checks of the
 * thread calls and of every other kind of object (timers, event flags,
 * mutexes, semaphores, memory pools, message queues), SuspendClass,
 * ResumeClass, DestroyClass (threads and objects).
 *
 * main is written as a CMSIS application's: it records what it sees
 * before the start, creates "early" (osPriorityHigh, safety class 5) and
 * the runner (osPriorityNormal, class 3), and starts the kernel.  The
 * runner checks what main recorded and runs the other cases.  "early"
 * then serves the runner: it runs what the runner asks with its higher
 * class.  A software-triggered IRQ runs code in handler mode.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "board.h"
#include "cmsis_os2.h"
#include "kernel/config.h"
#include "kernel/event.h"
#include "kernel/timer.h"
#include "kernel/version.h"
#include "kestrel_os2.h"
#include "ktest.h"
#include "test_isr.h"

#define STACK_BYTES (KESTREL_OS2_STACK_MIN + 128u)

static osThreadId_t spawn(osThreadFunc_t fn, void *arg, osPriority_t priority, uint32_t bits)
{
	const osThreadAttr_t attr = {
		.stack_size = STACK_BYTES,
		.priority = priority,
		.attr_bits = bits,
	};
	return osThreadNew(fn, arg, &attr);
}

static uint32_t tick_aligned(void)
{
	osDelay(1);
	return osKernelGetTickCount();
}

/* Busy for n ticks: the tick's interrupt is served meanwhile. */
static void spin_ticks(uint32_t n)
{
	uint32_t t0 = osKernelGetTickCount();

	while (osKernelGetTickCount() - t0 < n)
		;
}

static volatile int ran;

static void record(void *arg)
{
	ran++;
}

static void wait_flag(void *arg)
{
	osThreadFlagsWait(1, osFlagsWaitAny, osWaitForever);
	ran++;
}

/* ---- what main sees before the start ----------------------------------- */

static struct {
	osKernelState_t inactive, ready;
	osStatus_t start_early, init, init_again, isr_start, isr_init;
	int32_t lock_ready;
	osThreadState_t early_state;
	int early_ran_before_start;
	osThreadId_t main_id;
	uint32_t main_flags_get, main_flags_wait, main_flags_clear;
	osStatus_t main_feed;
} boot;

static char order[8];
static volatile unsigned order_len;
static osThreadId_t early, runner;

/* "early": first to run after the start, then the runner's server.  It
 * waits on kernel event flags, which know no safety classes (its thread
 * flags are above ours). */
static int32_t (*volatile serve_op)(void);
static volatile int32_t served;
static struct event_flags serve_event;

static void early_main(void *arg)
{
	order[order_len++] = 'E';
	for (;;) {
		event_wait(&serve_event, 1, EVENT_CLEAR, NULL, TIMEOUT_FOREVER);
		served = serve_op();
	}
}

/* Runs op in "early", with its class 5, and returns what it returned. */
static int32_t as_early(int32_t (*op)(void))
{
	served = -100;
	serve_op = op;
	event_set(&serve_event, 1); /* above us: it runs op at once */
	return served;
}

static void isr_boot(void)
{
	boot.isr_start = osKernelStart();
	boot.isr_init = osKernelInitialize();
}

static void runner_main(void *arg);

int main(void)
{
	event_init(&serve_event, 0);
	boot.inactive = osKernelGetState();
	boot.start_early = osKernelStart();
	boot.main_id = osThreadGetId();
	boot.main_flags_get = osThreadFlagsGet();
	boot.main_flags_wait = osThreadFlagsWait(1, osFlagsWaitAny, 0);
	boot.main_flags_clear = osThreadFlagsClear(1);
	boot.main_feed = osThreadFeedWatchdog(5);
	boot.init = osKernelInitialize();
	boot.ready = osKernelGetState();
	boot.init_again = osKernelInitialize();
	boot.lock_ready = osKernelLock();

	static const osThreadAttr_t early_attr = {
		.name = "early", .stack_size = STACK_BYTES, .priority = osPriorityHigh,
		.attr_bits = osSafetyClass(5),
	};
	static const osThreadAttr_t runner_attr = {
		.name = "runner", .stack_size = 1536, .priority = osPriorityNormal,
		.attr_bits = osSafetyClass(3),
	};
	early = osThreadNew(early_main, NULL, &early_attr);
	runner = osThreadNew(runner_main, NULL, &runner_attr);
	if (early == NULL || runner == NULL)
		return 1;
	boot.early_state = osThreadGetState(early);
	spin_ticks(3); /* above every CMSIS thread until the start, main goes on */
	boot.early_ran_before_start = order_len != 0;
	in_isr(isr_boot);
	osKernelStart(); /* does not return */
	return 1;
}

static void test_boot(void)
{
	CHECK_EQ(boot.inactive, osKernelInactive);
	CHECK_EQ(boot.start_early, osError);
	CHECK(boot.main_id == NULL); /* main is not a CMSIS thread */
	CHECK_EQ(boot.main_flags_get, 0);
	CHECK_EQ(boot.main_flags_wait, osFlagsErrorUnknown);
	CHECK_EQ(boot.main_flags_clear, osFlagsErrorUnknown);
	CHECK_EQ(boot.main_feed, osError);
	CHECK_EQ(boot.init, osOK);
	CHECK_EQ(boot.ready, osKernelReady);
	CHECK_EQ(boot.init_again, osError);
	CHECK_EQ(boot.lock_ready, osError);
	CHECK_EQ(boot.early_state, osThreadReady);
	CHECK_EQ(boot.early_ran_before_start, 0);
	CHECK_EQ(boot.isr_start, osErrorISR);
	CHECK_EQ(boot.isr_init, osErrorISR);

	/* After the start: "early", above us, ran first. */
	CHECK_EQ(order_len, 1);
	CHECK_EQ(order[0], 'E');
	CHECK_EQ(osKernelGetState(), osKernelRunning);
	CHECK_EQ(osKernelStart(), osError);
	CHECK_EQ(osKernelInitialize(), osError);
	CHECK_EQ(osThreadGetState(early), osThreadBlocked);
	CHECK(osThreadGetId() == runner);
}

/* ---- information ------------------------------------------------------- */

static volatile osStatus_t isr_status;
static osVersion_t isr_version;
static char isr_id[16];

static void isr_info(void)
{
	isr_status = osKernelGetInfo(&isr_version, isr_id, sizeof(isr_id));
}

static void test_info(void)
{
	osVersion_t v = {0, 0};
	char id[32];
	char *end;
	unsigned long major = strtoul(KERNEL_VERSION, &end, 10);
	unsigned long minor = *end == '.' ? strtoul(end + 1, &end, 10) : 0;

	CHECK_EQ(osKernelGetInfo(&v, id, sizeof(id)), osOK);
	CHECK_EQ(v.api, 20030000);
	CHECK_EQ(v.kernel, major * 10000000ul + minor * 10000ul);
	CHECK(strcmp(id, "Kestrel V" KERNEL_VERSION) == 0);

	memset(id, 'x', sizeof(id));
	CHECK_EQ(osKernelGetInfo(NULL, id, 5), osOK);
	CHECK(strcmp(id, "Kest") == 0);
	CHECK_EQ(id[5], 'x');
	CHECK_EQ(osKernelGetInfo(NULL, id, 1), osOK);
	CHECK_EQ(id[0], '\0');
	id[0] = 'x';
	CHECK_EQ(osKernelGetInfo(&v, id, 0), osOK);
	CHECK_EQ(id[0], 'x');
	CHECK_EQ(osKernelGetInfo(NULL, NULL, 10), osOK);

	in_isr(isr_info);
	CHECK_EQ(isr_status, osOK);
	CHECK_EQ(isr_version.api, 20030000);
	CHECK(strcmp(isr_id, "Kestrel V" KERNEL_VERSION) == 0);
}

/* ---- lock -------------------------------------------------------------- */

static volatile int32_t isr_codes[8];
static osThreadId_t isr_target;

static void isr_lock_calls(void)
{
	isr_codes[0] = osKernelLock();
	isr_codes[1] = osKernelUnlock();
	isr_codes[2] = osKernelRestoreLock(0);
	isr_codes[3] = (int32_t)osKernelSuspend();
	osKernelResume(0);
	isr_codes[4] = osKernelGetState();
	if (isr_target != NULL)
		osThreadFlagsSet(isr_target, 1);
}

static void test_lock(void)
{
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osKernelLock(), 0);
	CHECK_EQ(osKernelGetState(), osKernelLocked);
	CHECK_EQ(osKernelLock(), 1);
	CHECK_EQ(osKernelGetState(), osKernelLocked);

	/* A thread above us, made while locked, waits for the unlock. */
	ran = 0;
	osThreadId_t id = spawn(record, NULL, osPriorityHigh, osThreadJoinable);
	CHECK(id != NULL);
	CHECK_EQ(osThreadGetState(id), osThreadReady);
	CHECK_EQ(osThreadYield(), osOK); /* no effect while locked */
	spin_ticks(2); /* the tick goes on */
	CHECK_EQ(ran, 0);
	/* Our own priority, as we see and change it, is ours. */
	CHECK_EQ(osThreadGetPriority(self), osPriorityNormal);
	CHECK_EQ(osThreadSetPriority(self, osPriorityBelowNormal), osOK);
	CHECK_EQ(osThreadGetPriority(self), osPriorityBelowNormal);
	CHECK_EQ(osThreadSuspend(self), osErrorResource); /* not while locked */
	CHECK_EQ(ran, 0);
	CHECK_EQ(osKernelUnlock(), 1);
	CHECK_EQ(ran, 1); /* it ran at the unlock */
	CHECK_EQ(osKernelGetState(), osKernelRunning);
	CHECK_EQ(osThreadGetPriority(self), osPriorityBelowNormal);
	CHECK_EQ(osKernelUnlock(), 0);
	CHECK_EQ(osThreadSetPriority(self, osPriorityNormal), osOK);
	CHECK_EQ(osThreadJoin(id), osOK);

	/* A thread woken by a handler while locked runs at the unlock too. */
	ran = 0;
	isr_target = spawn(wait_flag, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osKernelLock(), 0);
	in_isr(isr_lock_calls);
	CHECK_EQ(isr_codes[0], osErrorISR);
	CHECK_EQ(isr_codes[1], osErrorISR);
	CHECK_EQ(isr_codes[2], osErrorISR);
	CHECK_EQ(isr_codes[3], 0);
	CHECK_EQ(isr_codes[4], osKernelLocked); /* GetState works in a handler */
	CHECK_EQ(osThreadGetState(isr_target), osThreadReady);
	spin_ticks(1);
	CHECK_EQ(ran, 0);
	CHECK_EQ(osKernelUnlock(), 1);
	CHECK_EQ(ran, 1);
	CHECK_EQ(osThreadJoin(isr_target), osOK);
	isr_target = NULL;
}

static void test_restore_lock(void)
{
	int32_t sl = osKernelLock();
	CHECK_EQ(sl, 0);
	int32_t su = osKernelUnlock();
	CHECK_EQ(su, 1);
	CHECK_EQ(osKernelGetState(), osKernelRunning);
	CHECK_EQ(osKernelRestoreLock(su), 1);
	CHECK_EQ(osKernelGetState(), osKernelLocked);
	CHECK_EQ(osKernelRestoreLock(sl), 0);
	CHECK_EQ(osKernelGetState(), osKernelRunning);

	/* Invalid states to restore change nothing. */
	CHECK_EQ(osKernelRestoreLock(2), osError);
	CHECK_EQ(osKernelRestoreLock(-1), osError);
	CHECK_EQ(osKernelGetState(), osKernelRunning);

	/* Restoring "unlocked" lets a waiting higher thread run. */
	ran = 0;
	CHECK_EQ(osKernelRestoreLock(1), 1);
	CHECK_EQ(osKernelRestoreLock(1), 1);
	osThreadId_t id = spawn(record, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(ran, 0);
	CHECK_EQ(osKernelRestoreLock(0), 0);
	CHECK_EQ(ran, 1);
	CHECK_EQ(osKernelRestoreLock(0), 0);
	CHECK_EQ(osThreadJoin(id), osOK);
}

/* ---- suspend and resume ------------------------------------------------ */

static void delay_20(void *arg)
{
	osDelay(20);
}

static void expire(struct timer *t, void *arg)
{
}

static volatile unsigned expiries;

static void count_expiry(struct timer *t, void *arg)
{
	expiries++;
}

static void test_suspend_resume(void)
{
	/* Nothing has a deadline ("early" waits for ever). */
	CHECK_EQ(osKernelSuspend(), osWaitForever);
	CHECK_EQ(osKernelGetState(), osKernelSuspended);
	CHECK_EQ(osKernelLock(), osError);
	CHECK_EQ(osKernelUnlock(), osError);
	CHECK_EQ(osKernelSuspend(), 0); /* suspended already */
	uint32_t t0 = osKernelGetTickCount();
	osKernelResume(100);
	/* The board clock counted none of those 100 ticks (no time passed):
	 * they are counted now. */
	CHECK_EQ(osKernelGetTickCount(), t0 + 100);
	CHECK_EQ(osKernelGetState(), osKernelRunning);
	/* Ticks the board clock counted during the suspension are not
	 * counted twice. */
	t0 = osKernelGetTickCount();
	CHECK_EQ(osKernelSuspend(), osWaitForever);
	for (volatile uint32_t spin = 0; osKernelGetTickCount() - t0 < 3; spin++)
		;
	osKernelResume(5);
	CHECK_EQ(osKernelGetTickCount(), t0 + 5);
	t0 = osKernelGetTickCount();
	CHECK_EQ(osKernelSuspend(), osWaitForever);
	for (volatile uint32_t spin = 0; osKernelGetTickCount() - t0 < 3; spin++)
		;
	osKernelResume(2);
	CHECK_EQ(osKernelGetTickCount(), t0 + 3);

	/* A sleep the board clock did not count (the application stopped it)
	 * ends the waits and timers it covered, as ticks would. */
	t0 = tick_aligned();
	osThreadId_t slept = spawn(delay_20, NULL, osPriorityHigh, osThreadJoinable);
	static struct timer due;
	CHECK_EQ(timer_init(&due, count_expiry, NULL), 0);
	CHECK_EQ(timer_start(&due, 15, 0), 0);
	expiries = 0;
	CHECK_EQ(osKernelSuspend(), 15);
	osKernelResume(20);
	CHECK_EQ(expiries, 1);                                 /* at the unlock */
	CHECK_EQ(osThreadGetState(slept), osThreadTerminated); /* it ran, and ended */
	CHECK_EQ(osThreadJoin(slept), osOK);
	CHECK_EQ(osKernelGetTickCount() - t0, 20);

	/* The next deadline: a delay's, or a kernel timer's if sooner. */
	t0 = tick_aligned();
	osThreadId_t id = spawn(delay_20, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osKernelSuspend(), 20);
	osKernelResume(0);
	static struct timer timer;
	CHECK_EQ(timer_init(&timer, expire, NULL), 0);
	CHECK_EQ(timer_start(&timer, 7, 0), 0);
	CHECK_EQ(osKernelSuspend(), 7);

	/* While suspended no thread switch: a thread woken waits. */
	ran = 0;
	isr_target = spawn(wait_flag, NULL, osPriorityHigh, osThreadJoinable);
	CHECK_EQ(osThreadGetState(isr_target), osThreadReady); /* made while suspended */
	osKernelResume(0);
	CHECK_EQ(osThreadGetState(isr_target), osThreadBlocked);
	CHECK(osKernelSuspend() <= 7);
	in_isr(isr_lock_calls); /* Resume in a handler does nothing */
	CHECK_EQ(isr_codes[4], osKernelSuspended);
	spin_ticks(1);
	CHECK_EQ(ran, 0);
	osKernelResume(0);
	CHECK_EQ(ran, 1);
	CHECK_EQ(osKernelGetState(), osKernelRunning);
	CHECK_EQ(osThreadJoin(isr_target), osOK);
	isr_target = NULL;
	timer_stop(&timer);

	/* Locked: no suspend. */
	CHECK_EQ(osKernelLock(), 0);
	CHECK_EQ(osKernelSuspend(), 0);
	CHECK_EQ(osKernelGetState(), osKernelLocked);
	osKernelResume(0); /* not suspended: nothing */
	CHECK_EQ(osKernelGetState(), osKernelLocked);
	CHECK_EQ(osKernelUnlock(), 1);
	CHECK_EQ(osThreadJoin(id), osOK);
	CHECK_EQ(osKernelGetTickCount() - t0, 20);
}

/* ---- time -------------------------------------------------------------- */

static volatile uint32_t isr_ticks, isr_count;

static void isr_time(void)
{
	isr_ticks = osKernelGetTickCount();
	isr_count = osKernelGetSysTimerCount();
}

static void test_time(void)
{
	CHECK_EQ(osKernelGetTickFreq(), CONFIG_TICK_HZ);
	CHECK_EQ(osKernelGetSysTimerFreq(), board_cpu_hz());
	uint32_t per_tick = osKernelGetSysTimerFreq() / osKernelGetTickFreq();

	/* Monotonic, across several ticks. */
	uint32_t t0 = osKernelGetTickCount(), prev = osKernelGetSysTimerCount();
	bool monotonic = true;
	unsigned reads = 0;
	while (osKernelGetTickCount() - t0 < 3) {
		uint32_t now = osKernelGetSysTimerCount();
		monotonic &= (int32_t)(now - prev) >= 0;
		prev = now;
		reads++;
	}
	CHECK(monotonic);
	CHECK(reads > 100);

	/* About one tick's worth of cycles per tick. */
	tick_aligned();
	uint32_t c0 = osKernelGetSysTimerCount();
	osDelay(1);
	uint32_t c1 = osKernelGetSysTimerCount();
	CHECK(c1 - c0 > per_tick - per_tick / 20 && c1 - c0 < per_tick + per_tick / 20);
	c0 = osKernelGetSysTimerCount();
	osDelay(10);
	c1 = osKernelGetSysTimerCount();
	CHECK(c1 - c0 > 10 * per_tick - per_tick / 2 && c1 - c0 < 10 * per_tick + per_tick / 2);

	/* From a handler. */
	t0 = osKernelGetTickCount();
	c0 = osKernelGetSysTimerCount();
	in_isr(isr_time);
	CHECK_EQ(isr_ticks, t0);
	CHECK((int32_t)(isr_count - c0) >= 0);
	CHECK((int32_t)(osKernelGetSysTimerCount() - isr_count) >= 0);
}

/* ---- safety classes ---------------------------------------------------- */

static int32_t protect_0(void)
{
	return osKernelProtect(0);
}

static void isr_class_calls(void)
{
	isr_codes[0] = osKernelProtect(0);
	isr_codes[1] = osKernelDestroyClass(1, osSafetyWithSameClass);
}

static void test_thread_classes(void)
{
	osThreadId_t self = osThreadGetId();

	CHECK_EQ(osThreadGetClass(self), 3);
	CHECK_EQ(osThreadGetClass(early), 5);

	/* New: at most our own class. */
	const osThreadAttr_t class4 = {.attr_bits = osSafetyClass(4), .priority = osPriorityLow};
	CHECK(osThreadNew(record, NULL, &class4) == NULL);
	osThreadId_t mine = spawn(record, NULL, osPriorityLow, osThreadJoinable);
	CHECK_EQ(osThreadGetClass(mine), 3); /* ours, by default */
	osThreadId_t lower = spawn(record, NULL, osPriorityLow,
				   osThreadJoinable | osSafetyClass(2));
	CHECK_EQ(osThreadGetClass(lower), 2);

	/* Nothing may be done to a thread of a higher class. */
	CHECK_EQ(osThreadSetPriority(early, osPriorityLow), osErrorSafetyClass);
	CHECK_EQ(osThreadSuspend(early), osErrorSafetyClass);
	CHECK_EQ(osThreadResume(early), osErrorSafetyClass);
	CHECK_EQ(osThreadDetach(early), osErrorSafetyClass);
	CHECK_EQ(osThreadJoin(early), osErrorSafetyClass);
	CHECK_EQ(osThreadTerminate(early), osErrorSafetyClass);
	CHECK_EQ(osThreadSetAffinityMask(early, 1), osErrorSafetyClass);
	CHECK_EQ(osThreadFlagsSet(early, 0x2), osFlagsErrorSafetyClass);
	CHECK_EQ(osThreadGetState(early), osThreadBlocked);
	CHECK_EQ(osThreadGetPriority(early), osPriorityHigh);

	/* To lower ones, everything. */
	CHECK_EQ(osThreadSetPriority(lower, osPriorityLow1), osOK);
	CHECK_EQ(osThreadSuspend(lower), osOK);
	CHECK_EQ(osThreadResume(lower), osOK);

	/* By class. */
	ran = 0;
	CHECK_EQ(osThreadSuspendClass(2, osSafetyWithSameClass), osOK);
	CHECK_EQ(osThreadGetState(lower), osThreadBlocked);
	CHECK_EQ(osThreadGetState(mine), osThreadReady);
	osDelay(1);
	CHECK_EQ(ran, 1); /* mine ran, lower did not */
	CHECK_EQ(osThreadResumeClass(3, osSafetyWithLowerClass), osOK);
	CHECK_EQ(osThreadGetState(lower), osThreadReady);
	osDelay(1);
	CHECK_EQ(ran, 2);
	CHECK_EQ(osThreadJoin(mine), osOK);
	CHECK_EQ(osThreadJoin(lower), osOK);

	CHECK_EQ(osThreadSuspendClass(5, osSafetyWithSameClass), osErrorSafetyClass);
	CHECK_EQ(osThreadSuspendClass(4, osSafetyWithSameClass | osSafetyWithLowerClass),
		 osErrorSafetyClass);
	CHECK_EQ(osThreadResumeClass(5, osSafetyWithLowerClass), osErrorSafetyClass);
	CHECK_EQ(osThreadSuspendClass(16, osSafetyWithSameClass), osErrorParameter);
	CHECK_EQ(osThreadSuspendClass(2, 0), osErrorParameter);
	CHECK_EQ(osThreadSuspendClass(2, 4), osErrorParameter);
	CHECK_EQ(osThreadResumeClass(16, osSafetyWithSameClass), osErrorParameter);
	CHECK_EQ(osThreadResumeClass(2, 0), osErrorParameter);

	/* Destroyed by class: the class-2 threads end, ours stay. */
	uint32_t count = osThreadGetCount();
	osThreadId_t a = spawn(wait_flag, NULL, osPriorityLow, osSafetyClass(2));
	osThreadId_t b = spawn(wait_flag, NULL, osPriorityLow, osSafetyClass(1));
	osThreadId_t c = spawn(wait_flag, NULL, osPriorityLow, osThreadJoinable);
	CHECK(a != NULL && b != NULL && c != NULL);
	osDelay(1);
	CHECK_EQ(osThreadGetCount(), count + 3);
	CHECK_EQ(osKernelDestroyClass(2, osSafetyWithSameClass | osSafetyWithLowerClass), osOK);
	CHECK_EQ(osThreadGetCount(), count + 1);
	CHECK_EQ(osThreadGetState(c), osThreadBlocked);
	CHECK_EQ(osKernelDestroyClass(4, osSafetyWithSameClass), osErrorSafetyClass);
	CHECK_EQ(osKernelDestroyClass(16, osSafetyWithSameClass), osErrorParameter);
	CHECK_EQ(osKernelDestroyClass(1, 0), osErrorParameter);
	CHECK_EQ(osThreadTerminate(c), osOK);
	CHECK_EQ(osThreadJoin(c), osOK);
}

static void test_kernel_protect(void)
{
	CHECK_EQ(osKernelProtect(16), osErrorParameter);
	CHECK_EQ(osKernelProtect(4), osOK); /* we (3) lose the kernel calls */
	CHECK_EQ(osKernelLock(), osErrorSafetyClass);
	CHECK_EQ(osKernelUnlock(), osErrorSafetyClass);
	CHECK_EQ(osKernelRestoreLock(1), osErrorSafetyClass);
	CHECK_EQ(osKernelSuspend(), 0);
	CHECK_EQ(osKernelGetState(), osKernelRunning);
	CHECK_EQ(osKernelProtect(0), osErrorSafetyClass);
	CHECK_EQ(osKernelDestroyClass(1, osSafetyWithSameClass), osErrorSafetyClass);
	CHECK_EQ(as_early(protect_0), osOK); /* class 5 may */
	CHECK_EQ(osKernelLock(), 0);
	CHECK_EQ(osKernelProtect(1), osError); /* not while locked */
	CHECK_EQ(osKernelUnlock(), 1);

	in_isr(isr_class_calls);
	CHECK_EQ(isr_codes[0], osErrorISR);
	CHECK_EQ(isr_codes[1], osErrorISR);
}

/* ---- safety classes of the other objects ------------------------------- */

/*
 * Each kind the same way: "early" (class 5) makes an object of class 4;
 * we (class 3) are refused each call the specification lists, with its
 * status, and nothing changes; "early" may do them all; a handler may
 * too; we may not make a class-4 object, but one of our own class.
 * EXPECT returns the failing line from an op run in "early".
 */
#define EXPECT(cond)                    \
	do {                            \
		if (!(cond))            \
			return __LINE__; \
	} while (0)

static void *class_obj;  /* the class-4 object "early" made */
static void *class_item; /* a block or a flag word, by kind */

static void class_tick(void *arg)
{
}

static int32_t early_semaphore_new(void)
{
	const osSemaphoreAttr_t attr = {.attr_bits = osSafetyClass(4)};
	class_obj = osSemaphoreNew(2, 1, &attr);
	return class_obj != NULL ? 0 : __LINE__;
}

static int32_t early_semaphore_use(void)
{
	EXPECT(osSemaphoreAcquire(class_obj, 0) == osOK);
	EXPECT(osSemaphoreGetCount(class_obj) == 0);
	EXPECT(osSemaphoreRelease(class_obj) == osOK);
	EXPECT(osSemaphoreDelete(class_obj) == osOK);
	/* Its own default class: class 5, above ours. */
	class_obj = osSemaphoreNew(1, 1, NULL);
	EXPECT(class_obj != NULL);
	return 0;
}

static int32_t early_delete_semaphore(void)
{
	return osSemaphoreDelete(class_obj);
}

static void isr_semaphore(void)
{
	isr_codes[0] = osSemaphoreRelease(class_obj);
	isr_codes[1] = osSemaphoreAcquire(class_obj, 0);
}

static void test_class_semaphore(void)
{
	const osSemaphoreAttr_t class4 = {.attr_bits = osSafetyClass(4)};
	const osSemaphoreAttr_t class3 = {.attr_bits = osSafetyClass(3)};

	CHECK(osSemaphoreNew(1, 1, &class4) == NULL); /* above ours, after the start */
	CHECK_EQ(as_early(early_semaphore_new), 0);
	CHECK_EQ(osSemaphoreAcquire(class_obj, 0), osErrorSafetyClass);
	CHECK_EQ(osSemaphoreAcquire(class_obj, 5), osErrorSafetyClass);
	CHECK_EQ(osSemaphoreRelease(class_obj), osErrorSafetyClass);
	CHECK_EQ(osSemaphoreDelete(class_obj), osErrorSafetyClass);
	CHECK_EQ(osSemaphoreGetCount(class_obj), 1); /* nothing changed */
	in_isr(isr_semaphore); /* a handler may */
	CHECK_EQ(isr_codes[0], osOK);
	CHECK_EQ(isr_codes[1], osOK);
	CHECK_EQ(as_early(early_semaphore_use), 0);
	CHECK_EQ(osSemaphoreAcquire(class_obj, 0), osErrorSafetyClass); /* class 5 */
	CHECK_EQ(as_early(early_delete_semaphore), osOK);

	osSemaphoreId_t mine = osSemaphoreNew(1, 0, &class3); /* our own class */
	CHECK(mine != NULL);
	CHECK_EQ(osSemaphoreRelease(mine), osOK);
	CHECK_EQ(osSemaphoreAcquire(mine, 0), osOK);
	CHECK_EQ(osSemaphoreDelete(mine), osOK);
}

static int32_t early_mutex_new(void)
{
	const osMutexAttr_t attr = {.attr_bits = osSafetyClass(4) | osMutexRecursive};
	class_obj = osMutexNew(&attr);
	return class_obj != NULL ? 0 : __LINE__;
}

static int32_t early_mutex_acquire(void)
{
	return osMutexAcquire(class_obj, 0);
}

static int32_t early_mutex_release(void)
{
	return osMutexRelease(class_obj);
}

static int32_t early_mutex_delete(void)
{
	return osMutexDelete(class_obj);
}

static void test_class_mutex(void)
{
	const osMutexAttr_t class4 = {.attr_bits = osSafetyClass(4)};
	const osMutexAttr_t class3 = {.attr_bits = osSafetyClass(3)};

	CHECK(osMutexNew(&class4) == NULL);
	CHECK_EQ(as_early(early_mutex_new), 0);
	CHECK_EQ(osMutexAcquire(class_obj, 0), osErrorSafetyClass);
	CHECK_EQ(osMutexAcquire(class_obj, osWaitForever), osErrorSafetyClass);
	CHECK(osMutexGetOwner(class_obj) == NULL); /* not taken */
	CHECK_EQ(osMutexDelete(class_obj), osErrorSafetyClass);
	CHECK_EQ(as_early(early_mutex_acquire), osOK);
	CHECK(osMutexGetOwner(class_obj) == early);
	/* Release is not class-checked: only its owner may anyway. */
	CHECK_EQ(osMutexRelease(class_obj), osErrorResource);
	CHECK_EQ(osMutexDelete(class_obj), osErrorSafetyClass);
	CHECK(osMutexGetOwner(class_obj) == early); /* still held */
	CHECK_EQ(as_early(early_mutex_release), osOK);
	CHECK_EQ(as_early(early_mutex_delete), osOK);

	osMutexId_t mine = osMutexNew(&class3);
	CHECK(mine != NULL);
	CHECK_EQ(osMutexAcquire(mine, 0), osOK);
	CHECK_EQ(osMutexRelease(mine), osOK);
	CHECK_EQ(osMutexDelete(mine), osOK);
}

static int32_t early_event_new(void)
{
	const osEventFlagsAttr_t attr = {.attr_bits = osSafetyClass(4)};
	class_obj = osEventFlagsNew(&attr);
	return class_obj != NULL ? 0 : __LINE__;
}

static int32_t early_event_use(void)
{
	EXPECT(osEventFlagsSet(class_obj, 0x5) == 0x7);
	EXPECT(osEventFlagsClear(class_obj, 0x1) == 0x7);
	EXPECT(osEventFlagsWait(class_obj, 0x2, osFlagsWaitAny, 0) == 0x6);
	EXPECT(osEventFlagsGet(class_obj) == 0x4);
	EXPECT(osEventFlagsDelete(class_obj) == osOK);
	return 0;
}

static void isr_event(void)
{
	isr_codes[0] = (int32_t)osEventFlagsSet(class_obj, 0x2);
}

static void test_class_event(void)
{
	const osEventFlagsAttr_t class4 = {.attr_bits = osSafetyClass(4)};
	const osEventFlagsAttr_t class3 = {.attr_bits = osSafetyClass(3)};

	CHECK(osEventFlagsNew(&class4) == NULL);
	CHECK_EQ(as_early(early_event_new), 0);
	CHECK_EQ(osEventFlagsSet(class_obj, 0x1), osFlagsErrorSafetyClass);
	CHECK_EQ(osEventFlagsGet(class_obj), 0); /* nothing set */
	in_isr(isr_event); /* a handler may */
	CHECK_EQ((uint32_t)isr_codes[0], 0x2);
	CHECK_EQ(osEventFlagsClear(class_obj, 0x2), osFlagsErrorSafetyClass);
	CHECK_EQ(osEventFlagsWait(class_obj, 0x2, osFlagsWaitAny, 0), osFlagsErrorSafetyClass);
	CHECK_EQ(osEventFlagsWait(class_obj, 0x2, osFlagsWaitAny, 10), osFlagsErrorSafetyClass);
	CHECK_EQ(osEventFlagsDelete(class_obj), osErrorSafetyClass);
	CHECK_EQ(osEventFlagsGet(class_obj), 0x2); /* nothing cleared */
	CHECK_EQ(as_early(early_event_use), 0);

	osEventFlagsId_t mine = osEventFlagsNew(&class3);
	CHECK(mine != NULL);
	CHECK_EQ(osEventFlagsSet(mine, 0x1), 0x1);
	CHECK_EQ(osEventFlagsClear(mine, 0x1), 0x1);
	CHECK_EQ(osEventFlagsDelete(mine), osOK);
}

static int32_t early_timer_new(void)
{
	const osTimerAttr_t attr = {.attr_bits = osSafetyClass(4)};
	class_obj = osTimerNew(class_tick, osTimerPeriodic, NULL, &attr);
	return class_obj != NULL ? 0 : __LINE__;
}

static int32_t early_timer_start(void)
{
	return osTimerStart(class_obj, 100);
}

static int32_t early_timer_end(void)
{
	EXPECT(osTimerStop(class_obj) == osOK);
	EXPECT(osTimerDelete(class_obj) == osOK);
	return 0;
}

static void test_class_timer(void)
{
	const osTimerAttr_t class4 = {.attr_bits = osSafetyClass(4)};
	const osTimerAttr_t class3 = {.attr_bits = osSafetyClass(3)};

	CHECK(osTimerNew(class_tick, osTimerOnce, NULL, &class4) == NULL);
	CHECK_EQ(as_early(early_timer_new), 0);
	CHECK_EQ(osTimerStart(class_obj, 10), osErrorSafetyClass);
	CHECK_EQ(osTimerIsRunning(class_obj), 0); /* not started */
	CHECK_EQ(as_early(early_timer_start), osOK);
	CHECK_EQ(osTimerStop(class_obj), osErrorSafetyClass);
	CHECK_EQ(osTimerDelete(class_obj), osErrorSafetyClass);
	CHECK_EQ(osTimerIsRunning(class_obj), 1); /* still running */
	CHECK_EQ(as_early(early_timer_end), 0);

	osTimerId_t mine = osTimerNew(class_tick, osTimerOnce, NULL, &class3);
	CHECK(mine != NULL);
	CHECK_EQ(osTimerStart(mine, 10), osOK);
	CHECK_EQ(osTimerStop(mine), osOK);
	CHECK_EQ(osTimerDelete(mine), osOK);
}

static int32_t early_mempool_new(void)
{
	const osMemoryPoolAttr_t attr = {.attr_bits = osSafetyClass(4)};
	class_obj = osMemoryPoolNew(2, 8, &attr);
	return class_obj != NULL ? 0 : __LINE__;
}

static int32_t early_mempool_alloc(void)
{
	class_item = osMemoryPoolAlloc(class_obj, 0);
	return class_item != NULL ? 0 : __LINE__;
}

static int32_t early_mempool_end(void)
{
	EXPECT(osMemoryPoolFree(class_obj, class_item) == osOK);
	EXPECT(osMemoryPoolDelete(class_obj) == osOK);
	return 0;
}

static void isr_mempool(void)
{
	void *block = osMemoryPoolAlloc(class_obj, 0);
	isr_codes[0] = block != NULL;
	isr_codes[1] = osMemoryPoolFree(class_obj, block);
}

static void test_class_mempool(void)
{
	const osMemoryPoolAttr_t class4 = {.attr_bits = osSafetyClass(4)};
	const osMemoryPoolAttr_t class3 = {.attr_bits = osSafetyClass(3)};

	CHECK(osMemoryPoolNew(1, 8, &class4) == NULL);
	CHECK_EQ(as_early(early_mempool_new), 0);
	CHECK(osMemoryPoolAlloc(class_obj, 0) == NULL);
	CHECK(osMemoryPoolAlloc(class_obj, 10) == NULL);
	CHECK_EQ(osMemoryPoolGetCount(class_obj), 0); /* nothing taken */
	CHECK_EQ(as_early(early_mempool_alloc), 0);
	CHECK_EQ(osMemoryPoolFree(class_obj, class_item), osErrorSafetyClass);
	CHECK_EQ(osMemoryPoolDelete(class_obj), osErrorSafetyClass);
	CHECK_EQ(osMemoryPoolGetCount(class_obj), 1); /* still allocated */
	in_isr(isr_mempool); /* a handler may */
	CHECK_EQ(isr_codes[0], 1);
	CHECK_EQ(isr_codes[1], osOK);
	CHECK_EQ(as_early(early_mempool_end), 0);

	osMemoryPoolId_t mine = osMemoryPoolNew(1, 8, &class3);
	CHECK(mine != NULL);
	void *block = osMemoryPoolAlloc(mine, 0);
	CHECK(block != NULL);
	CHECK_EQ(osMemoryPoolFree(mine, block), osOK);
	CHECK_EQ(osMemoryPoolDelete(mine), osOK);
}

static int32_t early_msgqueue_new(void)
{
	const osMessageQueueAttr_t attr = {.attr_bits = osSafetyClass(4)};
	class_obj = osMessageQueueNew(2, sizeof(uint32_t), &attr);
	return class_obj != NULL ? 0 : __LINE__;
}

static int32_t early_msgqueue_put(void)
{
	uint32_t msg = 7;
	return osMessageQueuePut(class_obj, &msg, 0, 0);
}

static int32_t early_msgqueue_end(void)
{
	uint32_t msg = 0;
	EXPECT(osMessageQueueGet(class_obj, &msg, NULL, 0) == osOK && msg == 7);
	EXPECT(osMessageQueueReset(class_obj) == osOK);
	EXPECT(osMessageQueueDelete(class_obj) == osOK);
	return 0;
}

static void test_class_msgqueue(void)
{
	const osMessageQueueAttr_t class4 = {.attr_bits = osSafetyClass(4)};
	const osMessageQueueAttr_t class3 = {.attr_bits = osSafetyClass(3)};
	uint32_t msg = 1;

	CHECK(osMessageQueueNew(1, 4, &class4) == NULL);
	CHECK_EQ(as_early(early_msgqueue_new), 0);
	CHECK_EQ(osMessageQueuePut(class_obj, &msg, 0, 0), osErrorSafetyClass);
	CHECK_EQ(osMessageQueuePut(class_obj, &msg, 0, 10), osErrorSafetyClass);
	CHECK_EQ(osMessageQueueGetCount(class_obj), 0); /* nothing put */
	CHECK_EQ(as_early(early_msgqueue_put), osOK);
	CHECK_EQ(osMessageQueueGet(class_obj, &msg, NULL, 0), osErrorSafetyClass);
	CHECK_EQ(msg, 1);
	CHECK_EQ(osMessageQueueReset(class_obj), osErrorSafetyClass);
	CHECK_EQ(osMessageQueueDelete(class_obj), osErrorSafetyClass);
	CHECK_EQ(osMessageQueueGetCount(class_obj), 1); /* still there */
	CHECK_EQ(as_early(early_msgqueue_end), 0);

	osMessageQueueId_t mine = osMessageQueueNew(1, 4, &class3);
	CHECK(mine != NULL);
	CHECK_EQ(osMessageQueuePut(mine, &msg, 0, 0), osOK);
	CHECK_EQ(osMessageQueueGet(mine, &msg, NULL, 0), osOK);
	CHECK_EQ(osMessageQueueDelete(mine), osOK);
}

/* osKernelDestroyClass deletes the objects of the classes picked, also
 * one a thread of another class waits on, and leaves the others. */
static uint64_t sem_cb[KESTREL_OS2_SEMAPHORE_CB_SIZE / 8];
static uint64_t mq_cb[KESTREL_OS2_MESSAGE_QUEUE_CB_SIZE / 8];
static uint64_t mq_mem[KESTREL_OS2_MESSAGE_QUEUE_MEM_SIZE(1, 4) / 8 + 1];
static volatile int32_t destroyed_wait = -100;

static void wait_destroyed(void *arg)
{
	destroyed_wait = osSemaphoreAcquire(arg, osWaitForever);
}

static void test_class_destroy(void)
{
	const osSemaphoreAttr_t sem2 = {
		.attr_bits = osSafetyClass(2), .cb_mem = sem_cb, .cb_size = sizeof(sem_cb),
	};
	const osMessageQueueAttr_t mq1 = {
		.attr_bits = osSafetyClass(1), .cb_mem = mq_cb, .cb_size = sizeof(mq_cb),
		.mq_mem = mq_mem, .mq_size = sizeof(mq_mem),
	};
	const osTimerAttr_t timer2 = {.attr_bits = osSafetyClass(2)};
	const osMutexAttr_t mutex2 = {.attr_bits = osSafetyClass(2)};
	osSemaphoreId_t s2 = osSemaphoreNew(1, 0, &sem2);
	osMessageQueueId_t q1 = osMessageQueueNew(1, 4, &mq1);
	osSemaphoreId_t s3 = osSemaphoreNew(1, 1, NULL); /* ours: class 3 */
	CHECK(s2 != NULL && q1 != NULL && s3 != NULL);
	CHECK(osTimerNew(class_tick, osTimerOnce, NULL, &timer2) != NULL);
	CHECK(osMutexNew(&mutex2) != NULL);
	osThreadId_t waiter = spawn(wait_destroyed, s2, osPriorityHigh, osThreadJoinable);
	CHECK(waiter != NULL);
	CHECK_EQ(destroyed_wait, -100); /* waiting */

	CHECK_EQ(osKernelDestroyClass(2, osSafetyWithSameClass | osSafetyWithLowerClass), osOK);
	CHECK_EQ(destroyed_wait, osErrorResource); /* as at a delete */
	CHECK_EQ(osThreadJoin(waiter), osOK);
	CHECK_EQ(osSemaphoreRelease(s2), osErrorParameter); /* gone */
	CHECK_EQ(osMessageQueueGetCapacity(q1), 0);
	CHECK_EQ(osSemaphoreGetCount(s3), 1); /* class 3 stays */
	CHECK_EQ(osSemaphoreDelete(s3), osOK);
	/* No object of class 2 or below is left for a second pass. */
	CHECK_EQ(osKernelDestroyClass(2, osSafetyWithSameClass | osSafetyWithLowerClass), osOK);
}

/* Last: after it no thread can be made. */
static void test_protect_privileged(void)
{
	osFaultResume(); /* nothing to resume: it returns */
	CHECK_EQ(osThreadTerminateZone(0), osError);
	CHECK_EQ(osThreadProtectPrivileged(), osOK);
	CHECK(spawn(record, NULL, osPriorityLow, 0) == NULL);
	CHECK(osThreadNew(record, NULL, NULL) == NULL);
}

static void runner_main(void *arg)
{
	ktest_run("kernel.boot", test_boot);
	ktest_run("kernel.info", test_info);
	ktest_run("kernel.lock", test_lock);
	ktest_run("kernel.restore_lock", test_restore_lock);
	ktest_run("kernel.suspend_resume", test_suspend_resume);
	ktest_run("kernel.time", test_time);
	ktest_run("kernel.thread_classes", test_thread_classes);
	ktest_run("kernel.protect", test_kernel_protect);
	ktest_run("kernel.class_semaphore", test_class_semaphore);
	ktest_run("kernel.class_mutex", test_class_mutex);
	ktest_run("kernel.class_event", test_class_event);
	ktest_run("kernel.class_timer", test_class_timer);
	ktest_run("kernel.class_mempool", test_class_mempool);
	ktest_run("kernel.class_msgqueue", test_class_msgqueue);
	ktest_run("kernel.class_destroy", test_class_destroy);
	ktest_run("kernel.protect_privileged", test_protect_privileged);
	exit(ktest_finish());
}
