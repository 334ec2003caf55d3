/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 kernel control over Kestrel's scheduler.
 *
 * States.  Kestrel boots straight into main() as a running kernel thread,
 * so the time "before osKernelStart" is emulated: osKernelInitialize
 * (Inactive -> Ready) raises the calling thread to PRIORITY_MAX, above
 * every CMSIS priority, so that the threads it creates stay READY;
 * osKernelStart (Ready -> Running) ends the calling thread for good (it
 * never returns), and they start in priority order.  A Kestrel
 * application that uses the layer without osKernelInitialize (state
 * Inactive) finds every call working as with a running kernel.
 *
 * The hold of the CPU.  osKernelLock is the specification's scheduler
 * lock: no thread switch, interrupts still served.  The locking thread is
 * raised to PRIORITY_MAX, where no CMSIS thread can preempt it; its own
 * base priority is kept (os2_hold_priority) and given back at the unlock,
 * and osThreadSetPriority/GetPriority of that thread change and read the
 * kept one.  osKernelSuspend holds the CPU the same way.  Kestrel's tick
 * is tickless already (time is kept by a board clock), so Suspend only
 * reports the ticks to the next timeout of a wait or a kernel timer.
 * osKernelResume(sleep_ticks) counts the ticks of the sleep that the
 * board clock did not: none if it counted on through the sleep (a WFI),
 * all of them if the application stopped it (a deeper sleep); the waits
 * and timers due then end, as at a tick.
 *
 * Limits and choices:
 *  - The hold is a priority, not a switch lock: a thread that blocks
 *    while holding it lets others run until it runs again.  A kernel
 *    thread at PRIORITY_MAX (none by default) would share the CPU.
 *  - osKernelInitialize a second time returns osError.
 *  - osKernelRestoreLock is allowed in the watchdog alarm handler, not in
 *    fault handlers (Kestrel has no application fault handlers).
 *  - osKernelProtect's class is checked by Lock, Unlock, RestoreLock,
 *    Suspend (0 if refused), Resume (does nothing if refused), Protect and
 *    DestroyClass.
 *  - osKernelDestroyClass terminates the CMSIS threads of the classes
 *    picked, then deletes every other object of those classes (found in
 *    os2_objects), as its osXxxDelete would: waiters of other classes
 *    return as from a delete.  It needs thread mode (osErrorISR in the
 *    watchdog alarm too).
 *  - osFaultResume does nothing: Kestrel's fault handling is its own.
 */
#include <string.h>

#include "board.h"
#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/version.h"
#include "os2.h"
#include "os2_thread.h"

/* The API version, major * 10^7 + minor * 10^4 + revision: 2.3.0. */
#define OS2_API_VERSION 20030000u

/* Inactive -> Ready -> Running; and osKernelLocked or osKernelSuspended
 * while a thread holds the CPU (over Inactive or Running). */
static osKernelState_t state = osKernelInactive;
static osKernelState_t hold = osKernelInactive; /* none */
static uint32_t protect_class;
static uint32_t suspended_at; /* the tick count at osKernelSuspend */

struct thread *os2_hold_thread;
uint8_t os2_hold_priority;

osStatus_t osKernelInitialize(void)
{
	if (os2_in_isr())
		return osErrorISR;
	if (state != osKernelInactive || hold != osKernelInactive)
		return osError;
	/* No thread created from now until osKernelStart outranks us. */
	if (thread_set_priority(sched_self(), PRIORITY_MAX) != 0)
		return osError;
	state = osKernelReady;
	return osOK;
}

/* "major.minor[.revision]" as major * 10^7 + minor * 10^4 + revision. */
static uint32_t version_number(const char *s)
{
	static const uint32_t scale[3] = {10000000u, 10000u, 1u};
	uint32_t result = 0;

	for (unsigned part = 0; part < 3 && *s != '\0'; part++) {
		uint32_t n = 0;
		while (*s >= '0' && *s <= '9')
			n = n * 10 + (uint32_t)(*s++ - '0');
		result += n * scale[part];
		if (*s == '.')
			s++;
	}
	return result;
}

osStatus_t osKernelGetInfo(osVersion_t *version, char *id_buf, uint32_t id_size)
{
	static const char id[] = KERNEL_NAME " V" KERNEL_VERSION;

	if (version != NULL) {
		version->api = OS2_API_VERSION;
		version->kernel = version_number(KERNEL_VERSION);
	}
	if (id_buf != NULL && id_size != 0) {
		size_t n = id_size - 1 < sizeof(id) - 1 ? id_size - 1 : sizeof(id) - 1;
		memcpy(id_buf, id, n);
		id_buf[n] = '\0';
	}
	return osOK;
}

osKernelState_t osKernelGetState(void)
{
	return hold != osKernelInactive ? hold : state;
}

osStatus_t osKernelStart(void)
{
	if (os2_in_isr())
		return osErrorISR;
	if (state != osKernelReady)
		return osError;
	state = osKernelRunning;
	/* Its record can go as soon as it has left the CPU. */
	struct thread *self = sched_self();
	if (!self->detached)
		thread_detach(self);
	osThreadExit();
}

/* ---- the hold of the CPU: lock and suspend ----------------------------- */

/* Whether the caller may use the kernel control calls osKernelProtect
 * guards. */
static bool protect_allows(void)
{
	return os2_class_allows(protect_class);
}

/* The calling thread holds the CPU as kind (osKernelLocked or
 * osKernelSuspended).  Kernel lock held. */
static void hold_begin_locked(osKernelState_t kind)
{
	struct thread *self = sched_self();

	hold = kind;
	os2_hold_thread = self;
	os2_hold_priority = self->base_priority;
	(void)thread_set_priority(self, PRIORITY_MAX); /* nested: never preempts us */
}

/* The hold ends; its thread gets its priority back, and a thread above it
 * made ready meanwhile runs at the caller's unlock.  Kernel lock held. */
static void hold_end_locked(void)
{
	struct thread *t = os2_hold_thread;

	hold = osKernelInactive;
	os2_hold_thread = NULL;
	if (t != NULL && t->state != THREAD_EXITED)
		(void)thread_set_priority(t, os2_hold_priority);
}

void os2_kernel_hold_end_locked(const struct thread *t)
{
	if (os2_hold_thread == t) {
		hold = osKernelInactive;
		os2_hold_thread = NULL;
	}
}

/* Lock and unlock are allowed over Inactive (a Kestrel application) or
 * Running, not while Ready. */
static bool running(void)
{
	return state != osKernelReady;
}

int32_t osKernelLock(void)
{
	if (os2_in_isr())
		return osErrorISR;
	if (!protect_allows())
		return osErrorSafetyClass;

	uint32_t key = kernel_lock();
	int32_t result;
	if (!running() || hold == osKernelSuspended) {
		result = osError;
	} else if (hold == osKernelLocked) {
		result = 1;
	} else {
		hold_begin_locked(osKernelLocked);
		result = 0;
	}
	kernel_unlock(key);
	return result;
}

int32_t osKernelUnlock(void)
{
	if (os2_in_isr())
		return osErrorISR;
	if (!protect_allows())
		return osErrorSafetyClass;

	uint32_t key = kernel_lock();
	int32_t result;
	if (!running() || hold == osKernelSuspended) {
		result = osError;
	} else if (hold == osKernelLocked) {
		hold_end_locked();
		result = 1;
	} else {
		result = 0;
	}
	kernel_unlock(key);
	return result;
}

int32_t osKernelRestoreLock(int32_t lock)
{
	/* (asked before the lock: with it held, os2_in_isr is true) */
	bool handler = os2_in_isr();

	if (handler && !os2_in_watchdog_alarm)
		return osErrorISR;
	if (!protect_allows())
		return osErrorSafetyClass;
	if (lock != 0 && lock != 1)
		return osError;

	uint32_t key = kernel_lock();
	int32_t result = lock;
	if (!running() || hold == osKernelSuspended)
		result = osError;
	else if (lock == 1 && hold != osKernelLocked && handler)
		result = osError; /* a handler cannot hold the CPU for a thread */
	else if (lock == 1 && hold != osKernelLocked)
		hold_begin_locked(osKernelLocked);
	else if (lock == 0 && hold == osKernelLocked)
		hold_end_locked();
	kernel_unlock(key);
	return result;
}

/* Ticks from now to the nearest deadline of a wait or a kernel timer
 * (osWaitForever: none).  Kernel lock held. */
static uint32_t ticks_to_next_timeout_locked(void)
{
	uint32_t now = sched_ticks(), until = osWaitForever, deadline;

	if (sched_next_deadline_locked(&deadline))
		until = tick_reached(now, deadline) ? 0 : deadline - now;
	if (timer_next_deadline_locked(&deadline)) {
		uint32_t t = tick_reached(now, deadline) ? 0 : deadline - now;
		if (t < until)
			until = t;
	}
	return until;
}

uint32_t osKernelSuspend(void)
{
	if (os2_in_isr() || !protect_allows())
		return 0;

	uint32_t key = kernel_lock();
	uint32_t ticks = 0;
	if (running() && hold == osKernelInactive) {
		hold_begin_locked(osKernelSuspended);
		ticks = ticks_to_next_timeout_locked();
		suspended_at = sched_ticks();
	}
	kernel_unlock(key);
	return ticks;
}

void osKernelResume(uint32_t sleep_ticks)
{
	if (os2_in_isr() || !protect_allows())
		return;

	uint32_t key = kernel_lock();
	if (hold == osKernelSuspended) {
		uint32_t counted = sched_ticks() - suspended_at;
		if (sleep_ticks > counted) {
			uint32_t now = sched_ticks_advance_locked(sleep_ticks - counted);
			uint32_t deadline;
			if (timer_next_deadline_locked(&deadline) && tick_reached(now, deadline))
				arch_tick_pend(); /* the tick's handler runs the timers due */
		}
		hold_end_locked();
	}
	kernel_unlock(key);
}

/* ---- time -------------------------------------------------------------- */

uint32_t osKernelGetTickCount(void)
{
	return sched_ticks();
}

uint32_t osKernelGetTickFreq(void)
{
	return CONFIG_TICK_HZ;
}

/* Core clock cycles: the tick count's periods and the cycles into the
 * current one, read together under the lock so that the count never goes
 * back (it wraps at 2^32). */
uint32_t osKernelGetSysTimerCount(void)
{
	uint32_t key = kernel_lock();
	uint32_t count = sched_ticks() * arch_tick_period() + arch_tick_fraction();
	kernel_unlock_quiet(key);
	return count;
}

uint32_t osKernelGetSysTimerFreq(void)
{
	return board_cpu_hz();
}

/* ---- safety classes ---------------------------------------------------- */

osStatus_t osKernelProtect(uint32_t safety_class)
{
	if (os2_in_isr())
		return osErrorISR;
	if (safety_class > (osSafetyClass_Msk >> osSafetyClass_Pos))
		return osErrorParameter;
	if (hold != osKernelInactive)
		return osError; /* locked or suspended */
	if (!protect_allows())
		return osErrorSafetyClass;
	protect_class = safety_class;
	return osOK;
}

/* Deletes obj, a live object of the kind magic names, by its kind's
 * Delete: the caller's class is at least obj's (checked by
 * os2_class_call_check), so the Delete is not refused. */
static void delete_object(void *obj, uint32_t magic)
{
	switch (magic) {
	case OS2_TIMER_MAGIC:
		(void)osTimerDelete(obj);
		break;
	case OS2_EVENT_MAGIC:
		(void)osEventFlagsDelete(obj);
		break;
	case OS2_MUTEX_MAGIC:
		(void)osMutexDelete(obj);
		break;
	case OS2_SEMAPHORE_MAGIC:
		(void)osSemaphoreDelete(obj);
		break;
	case OS2_MEMPOOL_MAGIC:
		(void)osMemoryPoolDelete(obj);
		break;
	case OS2_MSGQUEUE_MAGIC:
		(void)osMessageQueueDelete(obj);
		break;
	default:
		panic("os2_objects holds an object of magic %x", (unsigned)magic);
	}
}

/* Deletes the live objects of the classes picked, one at a time: a
 * Delete takes its object out of os2_objects (and may free it), so the
 * walk starts over after each.  Context: thread mode. */
static void destroy_objects(uint32_t safety_class, uint32_t mode)
{
	for (;;) {
		struct os2_object *victim = NULL;
		struct list_node *pos;
		uint32_t key = kernel_lock();
		list_for_each(pos, &os2_objects) {
			struct os2_object *obj = list_entry(pos, struct os2_object, node);
			if (os2_class_picked(obj->safety_class, safety_class, mode)) {
				victim = obj;
				break;
			}
		}
		uint32_t magic = victim != NULL ? victim->magic : 0;
		kernel_unlock_quiet(key);
		if (victim == NULL)
			return;
		delete_object(victim, magic);
	}
}

osStatus_t osKernelDestroyClass(uint32_t safety_class, uint32_t mode)
{
	osStatus_t status = os2_class_call_check(safety_class, mode);

	if (status != osOK)
		return status;
	if (!protect_allows())
		return osErrorSafetyClass;
	if (os2_in_isr())
		return osErrorISR; /* ending threads needs thread mode */
	bool self_picked = os2_thread_terminate_class(safety_class, mode);
	destroy_objects(safety_class, mode);
	if (self_picked)
		osThreadExit(); /* the caller is of a class destroyed: it goes last */
	return osOK;
}

void osFaultResume(void)
{
}
