/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2's process isolation calls (2.2, 2.3) as far as they mean
 * something on Kestrel, whose own isolation is its processes
 * (kernel/process.c): safety classes, thread watchdogs, MPU zones,
 * privilege, and the SMP affinity mask on one core.
 *
 * Safety classes.  Each CMSIS thread has one (0..15): osSafetyClass(n) in
 * its attr, else its creator's (0 before osKernelStart and for main).  A
 * thread may act on a thread of its class or below: osThreadSetPriority,
 * Suspend, Resume, Detach, Join, Terminate, SetAffinityMask and
 * osThreadFlagsSet refuse a higher one (osErrorSafetyClass), and
 * osThreadNew a higher class after the start (NULL).  A handler may act
 * on any; thread code with interrupts masked is still its thread.  The
 * other objects have a class too (os2.h, os2_common.c: the record head's
 * safety_class, set by each New from attr_bits the same way), which their
 * own calls check.  osThreadSuspendClass and osThreadResumeClass pick
 * threads by class; osKernelDestroyClass threads and then every other
 * object of the classes picked (os2_kernel.c).
 *
 * Thread watchdogs are a kernel timer in each thread's record: it expires
 * in the tick interrupt and calls osWatchdogAlarm_Handler (a weak default
 * returns 0: it stops) with os2_in_watchdog_alarm set, which lets the
 * calls the specification allows there through.  Watchdogs that expire in
 * the same tick are handled in the order they were fed, not by class.
 * osThreadFeedWatchdog(0) stops the caller's watchdog.
 *
 * Not supported, and what the calls return:
 *  - MPU zones: no thread has one (osThreadNew refuses osThreadZone);
 *    osThreadGetZone returns 0 for every thread (the one map),
 *    osThreadTerminateZone osError in a thread and osErrorISR in a
 *    handler (Kestrel has no application fault handlers: a fault ends
 *    the faulting process, or the kernel panics).
 *  - Unprivileged threads (osThreadNew refuses osThreadUnprivileged).
 *    Every thread is privileged, so after osThreadProtectPrivileged no
 *    thread can be made at all.
 *  - Processors other than 0: a mask must include osThreadProcessor(0);
 *    it is kept and read back, and means nothing on one core.
 *
 * Guarded by the kernel lock: the list of live threads, each record's
 * watchdog and affinity, os2_privileged_protected.
 */
#include "kernel/errors.h"
#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "os2.h"
#include "os2_thread.h"

bool os2_privileged_protected;

/* ---- safety classes ---------------------------------------------------- */

/* Also from a handler: a fault handler may want to know whom it stops. */
uint32_t osThreadGetClass(osThreadId_t thread_id)
{
	struct os2_thread *t = os2_thread_of(thread_id);

	return t != NULL ? t->obj.safety_class : osErrorId;
}

osStatus_t os2_class_call_check(uint32_t safety_class, uint32_t mode)
{
	if (os2_in_isr() && !os2_in_watchdog_alarm)
		return osErrorISR;
	if (safety_class > (osSafetyClass_Msk >> osSafetyClass_Pos) || mode == 0 ||
	    (mode & ~(osSafetyWithSameClass | osSafetyWithLowerClass)))
		return osErrorParameter;
	if (!(mode & osSafetyWithSameClass) && safety_class == 0)
		return osOK; /* no class is lower than 0: nothing is picked */
	/* The highest class picked must not be above the caller's. */
	uint32_t highest = (mode & osSafetyWithSameClass) ? safety_class : safety_class - 1;
	return os2_class_allows(highest) ? osOK : osErrorSafetyClass;
}

/* Suspends or resumes the picked threads other than the caller; returns
 * whether the caller is picked. */
static bool each_of_class(uint32_t safety_class, uint32_t mode, int (*op)(struct thread *))
{
	struct thread *self = os2_in_isr() ? NULL : sched_self();
	bool self_picked = false;
	struct list_node *pos;
	uint32_t key = kernel_lock();

	list_for_each(pos, &os2_live) {
		struct os2_thread *t = list_entry(pos, struct os2_thread, obj.node);
		if (!os2_class_picked(t->obj.safety_class, safety_class, mode))
			continue;
		if (&t->thread == self)
			self_picked = true;
		else
			(void)op(&t->thread); /* one suspended already stays so */
	}
	kernel_unlock(key);
	return self_picked;
}

osStatus_t osThreadSuspendClass(uint32_t safety_class, uint32_t mode)
{
	osStatus_t status = os2_class_call_check(safety_class, mode);

	if (status != osOK)
		return status;
	if (each_of_class(safety_class, mode, os2_thread_suspend_locked))
		return osThreadSuspend(osThreadGetId()); /* the caller last */
	return osOK;
}

osStatus_t osThreadResumeClass(uint32_t safety_class, uint32_t mode)
{
	osStatus_t status = os2_class_call_check(safety_class, mode);

	if (status == osOK)
		(void)each_of_class(safety_class, mode, os2_thread_resume_suspended_locked);
	return status;
}

bool os2_thread_terminate_class(uint32_t safety_class, uint32_t mode)
{
	struct os2_thread *self = os2_thread_self();
	bool self_picked = false;

	/* One at a time: a termination may free a record while we walk. */
	for (;;) {
		struct os2_thread *victim = NULL;
		struct list_node *pos;
		uint32_t key = kernel_lock();
		list_for_each(pos, &os2_live) {
			struct os2_thread *t = list_entry(pos, struct os2_thread, obj.node);
			if (!os2_class_picked(t->obj.safety_class, safety_class, mode))
				continue;
			if (t == self) {
				self_picked = true;
				continue;
			}
			victim = t;
			break;
		}
		kernel_unlock_quiet(key);
		if (victim == NULL)
			break;
		(void)os2_thread_terminate_other(victim);
	}
	os2_thread_reap();
	return self_picked;
}

/* ---- zones, privilege, affinity ---------------------------------------- */

uint32_t osThreadGetZone(osThreadId_t thread_id)
{
	/* No thread has a zone: every one is in zone 0, Kestrel's one map. */
	return os2_thread_of(thread_id) != NULL ? 0 : osErrorId;
}

osStatus_t osThreadTerminateZone(uint32_t zone)
{
	if (zone > (osThreadZone_Msk >> osThreadZone_Pos))
		return osErrorParameter;
	/* Meant for a fault handler; Kestrel's fault handling is its own
	 * (the faulting thread's process ends, or the kernel panics). */
	return os2_in_isr() ? osErrorISR : osError;
}

osStatus_t osThreadProtectPrivileged(void)
{
	if (os2_in_isr())
		return osErrorISR;
	uint32_t key = kernel_lock();
	os2_privileged_protected = true;
	kernel_unlock_quiet(key);
	return osOK;
}

osStatus_t osThreadSetAffinityMask(osThreadId_t thread_id, uint32_t affinity_mask)
{
	if (os2_in_isr())
		return osErrorISR;
	struct os2_thread *t = os2_thread_of(thread_id);
	if (t == NULL || (affinity_mask != 0 && !(affinity_mask & osThreadProcessor(0))))
		return osErrorParameter;
	if (!os2_class_allows(t->obj.safety_class))
		return osErrorSafetyClass;
	if (t->ended)
		return osErrorResource;
	t->affinity_mask = affinity_mask;
	return osOK;
}

uint32_t osThreadGetAffinityMask(osThreadId_t thread_id)
{
	struct os2_thread *t = os2_thread_of(thread_id);

	return t != NULL && !os2_in_isr() ? t->affinity_mask : 0;
}

/* ---- thread watchdogs -------------------------------------------------- */

bool os2_in_watchdog_alarm;

/* The application's handler: without one, an expired watchdog stops. */
__attribute__((weak)) uint32_t osWatchdogAlarm_Handler(osThreadId_t thread_id)
{
	(void)thread_id;
	return 0;
}

/* A thread's watchdog expired.  Context: the tick interrupt. */
void os2_watchdog_expired(struct timer *timer, void *arg)
{
	struct os2_thread *t = arg;

	os2_in_watchdog_alarm = true;
	uint32_t reload = osWatchdogAlarm_Handler(t);
	os2_in_watchdog_alarm = false;
	if (reload != 0 && !t->ended)
		timer_start(timer, reload > TIMEOUT_MAX_TICKS ? TIMEOUT_MAX_TICKS : reload, 0);
}

osStatus_t osThreadFeedWatchdog(uint32_t ticks)
{
	if (os2_in_isr())
		return osErrorISR;
	struct os2_thread *self = os2_thread_self();
	if (self == NULL)
		return osError; /* not a CMSIS thread */
	if (ticks == 0) {
		if (timer_active(&self->watchdog))
			timer_stop(&self->watchdog);
		return osOK;
	}
	if (ticks > TIMEOUT_MAX_TICKS)
		ticks = TIMEOUT_MAX_TICKS;
	return timer_start(&self->watchdog, ticks, 0) == 0 ? osOK : osError;
}
