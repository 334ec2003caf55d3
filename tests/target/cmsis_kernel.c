/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 kernel control (compat/cmsis-rtos2/os2_kernel.c) on the
 * target: the states before and after osKernelInitialize and
 * osKernelStart (a thread created before the start, above main, does not
 * run before it), the start's failures, osKernelLock, Unlock and
 * RestoreLock (a higher thread made ready while locked runs only at the
 * unlock), Suspend and Resume, the tick and the system timer, GetInfo,
 * and the safety classes: osKernelProtect, the class checks of the
 * thread calls, SuspendClass, ResumeClass, DestroyClass.
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
	ktest_run("kernel.protect_privileged", test_protect_privileged);
	exit(ktest_finish());
}
