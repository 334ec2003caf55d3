/* SPDX-License-Identifier: MIT */
/*
 * What the thread group's files of the CMSIS-RTOS2 layer share
 * (os2_kernel.c, os2_thread.c, os2_flags.c, os2_isolation.c); no other
 * file includes it.
 */
#ifndef OS2_THREAD_H
#define OS2_THREAD_H

#include "kernel/list.h"
#include "kernel/timer.h"
#include "os2.h"

/* A CMSIS thread: the layer's record around the kernel's TCB; its
 * obj.safety_class is its class (0..15), obj.node links it into the live
 * threads, or the ended ones to free.  The kernel lock guards flags,
 * obj.node, ended and the hold of the CPU below. */
struct os2_thread {
	struct os2_object obj;
	struct thread thread;    /* thread.extension points back here */
	osThreadFunc_t func;
	void *argument;
	void *stack;             /* its stack (freed if OS2_MEM_ALLOCATED) */
	uint32_t attr_bits;      /* osThreadJoinable as it is now */
	uint32_t flags;          /* thread flags; bit 31 never set */
	uint32_t affinity_mask;  /* as set; 0: any processor */
	struct timer watchdog;   /* osThreadFeedWatchdog's */
	bool ended;              /* exited or terminated */
};

/* The live CMSIS threads (via obj.node), os2_thread.c.  Kernel lock. */
extern struct list_node os2_live;

/* The CMSIS thread of id while its ID is valid (an ended joinable one
 * until joined or detached), else NULL. */
static inline struct os2_thread *os2_thread_of(osThreadId_t id)
{
	return os2_is(id, OS2_THREAD_MAGIC) ? id : NULL;
}

/* The calling thread's CMSIS record: NULL in a handler and for a kernel
 * thread not made by osThreadNew (main). */
static inline struct os2_thread *os2_thread_self(void)
{
	return os2_in_isr() ? NULL : os2_thread_id(sched_self());
}

/* The thread a call from thread mode acts on, checked in the
 * specification's order: the context (osErrorISR), the ID
 * (osErrorParameter), the caller's safety class (osErrorSafetyClass).
 * Returns the record, or NULL with *status set. */
static inline struct os2_thread *os2_thread_target(osThreadId_t id, osStatus_t *status)
{
	struct os2_thread *t;

	if (os2_in_isr())
		*status = osErrorISR;
	else if ((t = os2_thread_of(id)) == NULL)
		*status = osErrorParameter;
	else if (os2_class_denied(t))
		*status = osErrorSafetyClass;
	else
		return t;
	return NULL;
}

/* The thread holding the CPU by osKernelLock or osKernelSuspend runs at
 * PRIORITY_MAX; its own base priority waits here (os2_kernel.c).
 * Kernel lock. */
extern struct thread *os2_hold_thread;
extern uint8_t os2_hold_priority;

/* Ends the hold of t, which is ending (os2_thread.c).  Kernel lock. */
void os2_kernel_hold_end_locked(const struct thread *t);

/* Set while osWatchdogAlarm_Handler runs: the calls allowed there
 * (osThreadSuspendClass, osKernelRestoreLock, ...) check it. */
extern bool os2_in_watchdog_alarm;

/* os2_thread.c's steps, for the calls by class (os2_isolation.c):
 * suspend t as osThreadSuspend does (a BLOCKED thread leaves its wait),
 * resume t if it is suspended (0, or ERR_STATE; kernel lock held); end a
 * thread other than the caller (0, or ERR_STATE if it ended already);
 * give back the memory of ended detached threads (thread mode, no lock). */
int os2_thread_suspend_locked(struct thread *t);
int os2_thread_resume_suspended_locked(struct thread *t);
int os2_thread_terminate_other(struct os2_thread *t);
void os2_thread_reap(void);

/* os2_isolation.c's, for osThreadNew: osThreadProtectPrivileged was
 * called (kernel lock); a thread's watchdog expired (its timer's
 * callback). */
extern bool os2_privileged_protected;
void os2_watchdog_expired(struct timer *timer, void *arg);

/* The safety classes a mode of osThreadSuspendClass, osThreadResumeClass
 * or osKernelDestroyClass picks. */
static inline bool os2_class_picked(uint32_t c, uint32_t safety_class, uint32_t mode)
{
	return ((mode & osSafetyWithSameClass) && c == safety_class) ||
	       ((mode & osSafetyWithLowerClass) && c < safety_class);
}

/* Validates (safety_class, mode) for those calls: osOK, osErrorParameter,
 * osErrorISR or osErrorSafetyClass (os2_isolation.c). */
osStatus_t os2_class_call_check(uint32_t safety_class, uint32_t mode);

/* Ends every live CMSIS thread of the classes picked (but the caller,
 * which the caller ends last, if picked): osKernelDestroyClass.
 * Returns whether the caller is picked.  Context: thread mode. */
bool os2_thread_terminate_class(uint32_t safety_class, uint32_t mode);

#endif
