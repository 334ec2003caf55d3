/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 threads over the kernel's threads (kernel/thread.c).
 *
 * A CMSIS thread is a struct os2_thread (os2_thread.h): the layer's
 * header, the kernel's TCB, the entry function, the thread flags.  Its ID
 * is the record's address, and thread.extension points back at it from
 * before it first runs.  It runs start(), which calls func(argument) and
 * then ends it as osThreadExit does.  Priorities are kernel levels, one
 * to one (1..55).
 *
 * A thread's life as the layer sees it: osThreadNew -> live (on os2_live)
 * -> ended.  An ended detached thread's ID is invalid at once; an ended
 * joinable one stays valid (osThreadTerminated) until osThreadJoin or
 * osThreadDetach.  Heap memory goes back from thread mode only, outside
 * the kernel lock: a joinable thread's in Join (or in Detach once it
 * ended); a detached one's once the kernel has reclaimed its record, as
 * nothing runs on its stack any more: ended detached heap threads wait on
 * `ended` until the next osThreadNew, Join, Detach, Terminate or GetCount
 * of any thread gives their memory back (reap).
 *
 * Where Kestrel differs from the specification, or chose:
 *  - Every mutex a thread holds when it ends is released (robust or not):
 *    its next waiter gets it.
 *  - osThreadSuspend of a BLOCKED thread ends its wait as a timeout would
 *    (the call it waits in returns osErrorTimeout, or osOK for a delay)
 *    and it stays suspended; osThreadResume of a BLOCKED thread that is
 *    not suspended ends its wait the same way, as the specification says
 *    ("ready regardless of the reason why the thread was blocked").
 *  - A suspended thread reads as osThreadBlocked; an ended detached
 *    thread whose control block was the application's reads as
 *    osThreadInactive (its ID no longer valid), a heap one's ID as
 *    osThreadError.
 *  - osThreadGetPriority returns the effective priority (raised by
 *    priority inheritance), the one the kernel schedules it at; for the
 *    thread that holds osKernelLock, its own priority.
 *  - osThreadGetCount and osThreadEnumerate count the live CMSIS threads
 *    (not ended: an ended joinable thread not yet joined is not active),
 *    not main, the idle thread or other kernel threads.
 *  - The stack given (or allocated) holds the kernel's stack guard too
 *    (a few dozen bytes with an MPU); osThreadGetStackSize returns the whole.
 *    A heap stack is at least KESTREL_OS2_STACK_MIN (a smaller stack_size
 *    is rounded up); a stack_mem under it is refused.
 *  - tz_module is ignored: no secure calls are made through this layer.
 *  - Zones, unprivileged threads, safety classes, watchdogs and the
 *    affinity mask: os2_isolation.c.
 *
 * Guarded by the kernel lock: os2_live, `ended`, each record's flags,
 * obj.node and ended fields.
 */
#include "kernel/errors.h"
#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "os2.h"
#include "os2_thread.h"

_Static_assert(sizeof(struct os2_thread) <= KESTREL_OS2_THREAD_CB_SIZE,
	       "KESTREL_OS2_THREAD_CB_SIZE too small");
_Static_assert(KESTREL_OS2_THREAD_CB_SIZE % 8 == 0, "KESTREL_OS2_THREAD_CB_SIZE not 8-aligned");
_Static_assert(KESTREL_OS2_STACK_MIN >= THREAD_STACK_MIN_BYTES, "KESTREL_OS2_STACK_MIN too small");
_Static_assert(KESTREL_OS2_STACK_MIN % 8 == 0 && KESTREL_OS2_STACK_DEFAULT % 8 == 0,
	       "thread stacks are multiples of 8 bytes");
_Static_assert(osPriorityRealtime7 < PRIORITY_MAX,
	       "CMSIS priorities are kernel levels: the layer needs CONFIG_PRIORITY_LEVELS=64");

/* The first word of an ended detached thread's control block that the
 * application gave (its ID reads as osThreadInactive, and is invalid). */
#define OS2_THREAD_ENDED 0x4f32544eu /* "O2TN" */

/* The live CMSIS threads, and the ended detached ones whose heap memory
 * waits to be given back. */
struct list_node os2_live = LIST_HEAD_INIT(os2_live);
static struct list_node ended = LIST_HEAD_INIT(ended);
static uint32_t live_count;

/* Its ID dies: a heap block reads as no thread, the application's as an
 * inactive one.  Kernel lock. */
static void id_ends_locked(struct os2_thread *t)
{
	t->obj.magic = (t->obj.flags & OS2_CB_ALLOCATED) ? 0 : OS2_THREAD_ENDED;
}

static void release(struct os2_thread *t)
{
	if (t->obj.flags & OS2_MEM_ALLOCATED)
		os2_free(t->stack);
	if (t->obj.flags & OS2_CB_ALLOCATED)
		os2_free(t);
}

/* Gives back the memory of the ended detached threads whose records the
 * kernel has reclaimed.  Context: thread mode, kernel lock not held. */
void os2_thread_reap(void)
{
	for (;;) {
		struct os2_thread *found = NULL;
		struct list_node *pos;
		uint32_t key = kernel_lock();

		list_for_each(pos, &ended) {
			struct os2_thread *t = list_entry(pos, struct os2_thread, obj.node);
			if (t->thread.state == THREAD_FREE) {
				list_remove(&t->obj.node);
				found = t;
				break;
			}
		}
		kernel_unlock_quiet(key);
		if (found == NULL)
			return;
		release(found);
	}
}

/* t ends as the layer sees it, just before the kernel ends it (its own
 * exit) or just after (thread_terminate): it leaves os2_live, its watchdog
 * stops, a hold of the CPU it had ends; a detached thread's ID dies, and
 * if it has heap memory it waits on `ended` for reap.  Kernel lock. */
static void end_locked(struct os2_thread *t)
{
	t->ended = true;
	list_remove(&t->obj.node);
	live_count--;
	if (timer_active(&t->watchdog))
		timer_stop(&t->watchdog);
	os2_kernel_hold_end_locked(&t->thread);
	if (t->attr_bits & osThreadJoinable)
		return;
	id_ends_locked(t);
	if (t->obj.flags & (OS2_CB_ALLOCATED | OS2_MEM_ALLOCATED))
		list_push_back(&ended, &t->obj.node);
}

/* The calling CMSIS thread ends (osThreadExit, or its function returned). */
__attribute__((noreturn)) static void exit_self(struct os2_thread *t)
{
	uint32_t key = kernel_lock();
	end_locked(t);
	kernel_unlock_quiet(key);
	thread_exit(NULL);
}

static void *start(void *arg)
{
	struct os2_thread *t = arg;

	t->func(t->argument);
	exit_self(t);
}

struct thread *os2_thread_kernel(osThreadId_t id)
{
	struct os2_thread *t = os2_thread_of(id);

	return t != NULL && !t->ended ? &t->thread : NULL;
}

/* ---- creation ---------------------------------------------------------- */

/* A CMSIS priority as a kernel level; 0 if it is not one a thread may have. */
static unsigned level_of(osPriority_t priority)
{
	if (priority < osPriorityIdle || priority > osPriorityRealtime7)
		return 0;
	return (unsigned)priority;
}

/* Whether attr asks for what this layer can do. */
static bool attr_supported(const osThreadAttr_t *attr)
{
	uint32_t bits = attr->attr_bits;

	if (bits & (osThreadZone_Valid | osThreadUnprivileged))
		return false; /* zones, unprivileged threads: not on this kernel */
	if (attr->affinity_mask != 0 && !(attr->affinity_mask & osThreadProcessor(0)))
		return false; /* one core: it must be allowed to run on it */
	return !os2_privileged_protected;
}

/* The stack size a thread gets, checked; 0 if invalid.  A stack the
 * application gives must fit the kernel as it is; one from the heap is
 * made fit: rounded up to a multiple of 8 and to KESTREL_OS2_STACK_MIN,
 * the room the kernel needs for the context and the guard (code written
 * for a kernel whose threads can live in 128 bytes then runs here too). */
static uint32_t stack_size_of(const osThreadAttr_t *attr)
{
	uint32_t bytes = attr->stack_size;

	if (bytes > INT32_MAX)
		return 0;
	if (attr->stack_mem != NULL)
		return bytes >= KESTREL_OS2_STACK_MIN && bytes % 8 == 0 ? bytes : 0;
	if (bytes == 0)
		return KESTREL_OS2_STACK_DEFAULT;
	bytes = (bytes + 7u) & ~7u;
	return bytes < KESTREL_OS2_STACK_MIN ? KESTREL_OS2_STACK_MIN : bytes;
}

/* Whether attr's cb_mem still holds a kernel thread that has not yet left
 * the CPU for good (an ended detached thread on its way out): taking it
 * now would overwrite a record the scheduler still uses. */
static bool cb_in_use(const osThreadAttr_t *attr)
{
	const struct os2_thread *old = attr->cb_mem;

	if (old == NULL || attr->cb_size < sizeof(*old) || ((uintptr_t)old & 3u) != 0)
		return false; /* none, or os2_cb_get refuses it */
	uint32_t key = kernel_lock();
	bool in_use = old->thread.magic == THREAD_MAGIC && old->thread.state != THREAD_FREE;
	kernel_unlock_quiet(key);
	return in_use;
}

osThreadId_t osThreadNew(osThreadFunc_t func, void *argument, const osThreadAttr_t *attr)
{
	static const osThreadAttr_t defaults;

	if (func == NULL || os2_in_isr())
		return NULL;
	if (attr == NULL)
		attr = &defaults;
	unsigned priority = attr->priority == osPriorityNone ? osPriorityNormal
							    : level_of(attr->priority);
	uint32_t stack_size = stack_size_of(attr);
	int safety_class = os2_new_class(attr->attr_bits);
	if (priority == 0 || stack_size == 0 || safety_class < 0 || !attr_supported(attr) ||
	    cb_in_use(attr))
		return NULL;

	os2_thread_reap();
	bool cb_allocated, mem_allocated;
	struct os2_thread *t = os2_cb_get(attr->cb_mem, attr->cb_size, sizeof(*t), &cb_allocated);
	if (t == NULL)
		return NULL;
	void *stack = os2_mem_get(attr->stack_mem, stack_size, stack_size, 8, &mem_allocated);
	if (stack == NULL) {
		if (cb_allocated)
			os2_free(t);
		return NULL;
	}

	t->obj.name = attr->name;
	t->obj.flags = (cb_allocated ? OS2_CB_ALLOCATED : 0) |
		       (mem_allocated ? OS2_MEM_ALLOCATED : 0);
	t->func = func;
	t->argument = argument;
	t->stack = stack;
	t->attr_bits = attr->attr_bits & osThreadJoinable;
	t->affinity_mask = attr->affinity_mask;
	t->obj.safety_class = (uint8_t)safety_class;
	timer_init(&t->watchdog, os2_watchdog_expired, t);

	/* Under the lock, so that the new thread, however high, runs only
	 * once its record is complete (thread_create's unlock is nested). */
	uint32_t key = kernel_lock();
	int err = thread_create(&t->thread, attr->name, start, t, priority, stack, stack_size);
	if (err == 0) {
		t->thread.extension = t;
		if (!(t->attr_bits & osThreadJoinable))
			thread_detach(&t->thread);
		list_push_back(&os2_live, &t->obj.node);
		live_count++;
		t->obj.magic = OS2_THREAD_MAGIC;
	}
	kernel_unlock(key);
	if (err != 0) {
		release(t);
		return NULL;
	}
	return t;
}

/* ---- identity and state ------------------------------------------------ */

const char *osThreadGetName(osThreadId_t thread_id)
{
	struct os2_thread *t = os2_thread_of(thread_id);

	return t != NULL ? t->obj.name : NULL;
}

osThreadId_t osThreadGetId(void)
{
	return os2_thread_id(sched_self());
}

osThreadState_t osThreadGetState(osThreadId_t thread_id)
{
	if (os2_in_isr())
		return osThreadError;
	if (os2_is(thread_id, OS2_THREAD_ENDED))
		return osThreadInactive;
	struct os2_thread *t = os2_thread_of(thread_id);
	if (t == NULL)
		return osThreadError;
	switch (t->thread.state) {
	case THREAD_READY:
		return osThreadReady;
	case THREAD_RUNNING:
		return osThreadRunning;
	case THREAD_BLOCKED:
	case THREAD_SUSPENDED:
		return osThreadBlocked;
	case THREAD_EXITED:
		return osThreadTerminated;
	default:
		return osThreadError;
	}
}

uint32_t osThreadGetStackSize(osThreadId_t thread_id)
{
	struct os2_thread *t = os2_thread_of(thread_id);

	return t != NULL && !os2_in_isr() ? t->thread.stack_bytes : 0;
}

uint32_t osThreadGetStackSpace(osThreadId_t thread_id)
{
	struct os2_thread *t = os2_thread_of(thread_id);

	return t != NULL && !os2_in_isr() ? thread_stack_unused(&t->thread) : 0;
}

uint32_t osThreadGetCount(void)
{
	if (os2_in_isr())
		return 0;
	os2_thread_reap();
	return live_count;
}

uint32_t osThreadEnumerate(osThreadId_t *thread_array, uint32_t array_items)
{
	if (os2_in_isr() || thread_array == NULL || array_items == 0)
		return 0;

	uint32_t n = 0;
	struct list_node *pos;
	uint32_t key = kernel_lock();
	list_for_each(pos, &os2_live) {
		if (n == array_items)
			break;
		thread_array[n++] = list_entry(pos, struct os2_thread, obj.node);
	}
	kernel_unlock_quiet(key);
	return n;
}

/* ---- priorities -------------------------------------------------------- */

osStatus_t osThreadSetPriority(osThreadId_t thread_id, osPriority_t priority)
{
	if (os2_in_isr())
		return osErrorISR;
	struct os2_thread *t = os2_thread_of(thread_id);
	unsigned level = level_of(priority);
	if (t == NULL || level == 0)
		return osErrorParameter;
	if (!os2_class_allows(t->obj.safety_class))
		return osErrorSafetyClass;

	uint32_t key = kernel_lock();
	osStatus_t status = osOK;
	if (t->ended)
		status = osErrorResource;
	else if (os2_hold_thread == &t->thread)
		os2_hold_priority = (uint8_t)level; /* it gets it when the hold ends */
	else if (thread_set_priority(&t->thread, level) != 0)
		status = osErrorResource;
	kernel_unlock(key);
	return status;
}

osPriority_t osThreadGetPriority(osThreadId_t thread_id)
{
	struct os2_thread *t = os2_thread_of(thread_id);

	if (t == NULL || os2_in_isr())
		return osPriorityError;

	uint32_t key = kernel_lock();
	osPriority_t priority = osPriorityError; /* ended: not active */
	if (!t->ended)
		priority = (osPriority_t)(os2_hold_thread == &t->thread
						  ? os2_hold_priority
						  : thread_priority(&t->thread));
	kernel_unlock_quiet(key);
	return priority;
}

osStatus_t osThreadYield(void)
{
	if (os2_in_isr())
		return osErrorISR;
	thread_yield();
	return osOK;
}

/* ---- suspend and resume ------------------------------------------------ */

/* Suspends t as the specification has it: a BLOCKED thread leaves its
 * wait (as at a timeout) and stays suspended.  Returns 0 or ERR_STATE.
 * Context: thread or the watchdog alarm, kernel lock held. */
int os2_thread_suspend_locked(struct thread *t)
{
	switch (t->state) {
	case THREAD_READY:
	case THREAD_RUNNING:
		sched_suspend_locked(t);
		return 0;
	case THREAD_BLOCKED:
		if (t->suspend_requested)
			return ERR_STATE; /* suspended by the kernel's own call */
		t->suspend_requested = true;
		sched_wake_locked(t, ERR_TIMEOUT); /* -> SUSPENDED */
		return 0;
	default:
		return ERR_STATE;
	}
}

int os2_thread_resume_suspended_locked(struct thread *t)
{
	if (t->state == THREAD_BLOCKED && t->suspend_requested)
		t->suspend_requested = false;
	else if (t->state == THREAD_SUSPENDED)
		sched_ready_locked(t, TRACE_RESUMED);
	else
		return ERR_STATE;
	return 0;
}

/* Resumes t, or ends its wait if it is BLOCKED.  Kernel lock held. */
static int resume_locked(struct thread *t)
{
	if (t->state == THREAD_BLOCKED && !t->suspend_requested) {
		sched_wake_locked(t, ERR_TIMEOUT);
		return 0;
	}
	return os2_thread_resume_suspended_locked(t);
}

osStatus_t osThreadSuspend(osThreadId_t thread_id)
{
	osStatus_t status;
	struct os2_thread *t = os2_thread_target(thread_id, &status);
	if (t == NULL)
		return status;

	uint32_t key = kernel_lock();
	int err = ERR_STATE;
	/* The thread holding osKernelLock may not suspend itself. */
	if (!t->ended && os2_hold_thread != &t->thread)
		err = os2_thread_suspend_locked(&t->thread);
	kernel_unlock(key);
	return err == 0 ? osOK : osErrorResource;
}

osStatus_t osThreadResume(osThreadId_t thread_id)
{
	osStatus_t status;
	struct os2_thread *t = os2_thread_target(thread_id, &status);
	if (t == NULL)
		return status;

	uint32_t key = kernel_lock();
	int err = t->ended ? ERR_STATE : resume_locked(&t->thread);
	kernel_unlock(key);
	return err == 0 ? osOK : osErrorResource;
}

/* ---- ending: detach, join, exit, terminate ----------------------------- */

osStatus_t osThreadDetach(osThreadId_t thread_id)
{
	osStatus_t status;
	struct os2_thread *t = os2_thread_target(thread_id, &status);
	if (t == NULL)
		return status;
	os2_thread_reap();

	uint32_t key = kernel_lock();
	bool free_now = false;
	status = osOK;
	if (!(t->attr_bits & osThreadJoinable) || thread_detach(&t->thread) != 0) {
		status = osErrorResource; /* detached already, or a joiner waits */
	} else {
		t->attr_bits &= ~osThreadJoinable;
		if (t->ended) {
			/* Its ID dies now.  The kernel reclaimed its record if it
			 * had left the CPU; if it is still on its way out, reap
			 * frees it once it has. */
			id_ends_locked(t);
			if (t->thread.state == THREAD_FREE)
				free_now = true;
			else if (t->obj.flags & (OS2_CB_ALLOCATED | OS2_MEM_ALLOCATED))
				list_push_back(&ended, &t->obj.node);
		}
	}
	kernel_unlock(key);
	if (free_now)
		release(t);
	return status;
}

osStatus_t osThreadJoin(osThreadId_t thread_id)
{
	osStatus_t status;
	struct os2_thread *t = os2_thread_target(thread_id, &status);
	if (t == NULL)
		return status;
	os2_thread_reap();
	if (!(t->attr_bits & osThreadJoinable))
		return osErrorResource;

	int err = thread_join(&t->thread, NULL, TIMEOUT_FOREVER);
	if (err != 0)
		return osErrorResource; /* itself, a joiner already, detached meanwhile */
	uint32_t key = kernel_lock();
	id_ends_locked(t);
	kernel_unlock_quiet(key);
	release(t);
	return osOK;
}

void osThreadExit(void)
{
	if (os2_in_isr())
		panic("osThreadExit from an interrupt handler");
	struct os2_thread *self = os2_thread_self();
	if (self != NULL)
		exit_self(self);
	thread_exit(NULL); /* main, or another kernel thread: it ends all the same */
}

/* Terminates t, not the caller.  Returns 0 or ERR_STATE (ended already).
 * Context: thread mode. */
int os2_thread_terminate_other(struct os2_thread *t)
{
	uint32_t key = kernel_lock();
	int err = t->ended ? ERR_STATE : thread_terminate(&t->thread);
	if (err == 0)
		end_locked(t); /* a detached record is reclaimed already: reap frees it */
	kernel_unlock(key);
	return err;
}

osStatus_t osThreadTerminate(osThreadId_t thread_id)
{
	osStatus_t status;
	struct os2_thread *t = os2_thread_target(thread_id, &status);
	if (t == NULL)
		return status;
	if (t == os2_thread_self())
		exit_self(t);
	int err = os2_thread_terminate_other(t);
	os2_thread_reap();
	return err == 0 ? osOK : osErrorResource;
}
