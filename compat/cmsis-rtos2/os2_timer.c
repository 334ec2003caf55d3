/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 timers over the kernel's software timers (kernel/timer.h),
 * with their callbacks run in a thread, as the specification has them.
 *
 * A kernel timer's callback runs in the tick's interrupt handler; here
 * it only queues its CMSIS timer on the list of expired timers and gives
 * the timer thread's semaphore.  The timer thread ("osTimerThread", at
 * KESTREL_OS2_TIMER_PRIORITY, osPriorityHigh by default, on a stack of
 * KESTREL_OS2_TIMER_STACK bytes) takes the timers off that list in order
 * and calls func(argument) for each expiry: callbacks run one at a time,
 * in thread mode, and may call what a thread may (except wait long: the
 * next callbacks wait meanwhile).  The thread is made with osThreadNew by
 * the first osTimerNew and never ends.
 *
 * The list of expired timers and each timer's count of expiries waiting
 * for their callback (pending) are guarded by the kernel lock.  A timer
 * is on the list exactly while pending > 0.  A periodic timer that
 * expires again before its callback ran is not queued twice: its count
 * goes up, and each expiry gets its own callback, none lost.  A timer
 * with more expiries waiting goes to the back of the list after each of
 * its callbacks: timers whose callbacks fall behind take turns, none
 * starves the others.  Without such backlogs callbacks follow the order
 * of expiry exactly; with them, each timer's own callbacks keep theirs.
 *
 * A timer "runs" (osTimerIsRunning) from osTimerStart until it is
 * stopped, and a one-shot timer until its callback begins.  Start,
 * Stop and Delete forget the expiries that wait for their callback:
 * a timer stopped or deleted once it expired, before its callback
 * began, is not called back (nor is a restarted one for its old expiry).
 * Limit: the timer thread takes func and argument from the record under
 * the lock and calls them after releasing it; a thread of higher priority
 * that stops or deletes the timer in between (it preempted the timer
 * thread in those few instructions) does not prevent that one callback.
 * The timer thread never touches a record again once it released the
 * lock, so a deleted timer's memory may be reused at once, even from the
 * timer's own callback.
 *
 * Where the specification leaves a choice:
 *  - ticks above TIMEOUT_MAX_TICKS (2^31 - 1), the longest the wrapping
 *    tick can time, are osErrorParameter, as 0 is.
 *  - a type other than osTimerOnce or osTimerPeriodic is NULL from New.
 *  - attr_bits: osSafetyClass(n) gives the timer's safety class (else it
 *    is its creator's); Start, Stop and Delete from a thread of a lower
 *    class return osErrorSafetyClass.  Other bits are ignored.
 *  - The timer thread, whose class the callbacks act with, is of class
 *    KESTREL_OS2_TIMER_CLASS (0 by default), whoever makes the first
 *    timer.  A class above 0 is made only by a first osTimerNew before
 *    osKernelStart or from a thread of that class or above (else that
 *    osTimerNew returns NULL).
 */
#include "kernel/semaphore.h"
#include "kernel/timer.h"
#include "os2.h"

struct os2_timer {
	struct os2_object obj;
	struct timer timer;            /* the kernel's; its arg is the callback's argument */
	osTimerFunc_t func;
	struct list_node expired_node; /* in expired while pending > 0 */
	uint32_t pending;              /* expiries whose callback has not begun */
	uint8_t type;                  /* osTimerOnce, osTimerPeriodic */
};

_Static_assert(sizeof(struct os2_timer) <= KESTREL_OS2_TIMER_CB_SIZE,
	       "KESTREL_OS2_TIMER_CB_SIZE is too small");
_Static_assert(KESTREL_OS2_TIMER_CB_SIZE % 8 == 0, "a multiple of 8");
_Static_assert(KESTREL_OS2_TIMER_STACK % 8 == 0 &&
		       KESTREL_OS2_TIMER_STACK >= KESTREL_OS2_STACK_MIN,
	       "KESTREL_OS2_TIMER_STACK: a multiple of 8, at least KESTREL_OS2_STACK_MIN");

/* Timers whose expiries wait for their callback, oldest first. */
static struct list_node expired = LIST_HEAD_INIT(expired);
/* Given at each expiry, taken by the timer thread when the list is empty. */
static struct semaphore expired_sem;

/* Whether the timer thread is made: claimed under the kernel lock. */
enum { TIMER_THREAD_NONE, TIMER_THREAD_STARTING, TIMER_THREAD_STARTED };
static volatile uint8_t timer_thread_state;

static struct os2_timer *timer_of(osTimerId_t id)
{
	return os2_is(id, OS2_TIMER_MAGIC) ? id : NULL;
}

/* ---- the timer thread ------------------------------------------------ */

/* The kernel timer's callback, in the tick's interrupt handler. */
static void timer_expired(struct timer *kernel_timer, void *arg)
{
	struct os2_timer *t = list_entry(kernel_timer, struct os2_timer, timer);
	uint32_t key = kernel_lock();

	if (t->pending++ == 0)
		list_push_back(&expired, &t->expired_node);
	kernel_unlock_quiet(key); /* queueing readies nobody */
	semaphore_give(&expired_sem); /* ERR_FULL: the thread is awake already */
}

/* The next callback due: false when none is. */
static bool take_expired(osTimerFunc_t *func, void **argument)
{
	uint32_t key = kernel_lock();
	struct list_node *first = list_first(&expired);

	if (first == NULL) {
		kernel_unlock_quiet(key);
		return false;
	}
	struct os2_timer *t = list_entry(first, struct os2_timer, expired_node);
	list_remove(first);
	if (--t->pending != 0)
		list_push_back(&expired, first); /* more to come: behind the others */
	*func = t->func;
	*argument = t->timer.arg;
	kernel_unlock_quiet(key);
	return true;
}

static void timer_thread(void *arg)
{
	(void)arg;
	for (;;) {
		osTimerFunc_t func;
		void *argument;

		if (take_expired(&func, &argument))
			func(argument);
		else
			semaphore_take(&expired_sem, TIMEOUT_FOREVER);
	}
}

/* Makes the timer thread if it is not there yet.  Two first osTimerNew
 * at once: one makes it, the other waits until it is made (or failed,
 * then tries itself).  Returns: whether it runs. */
static bool timer_thread_start(void)
{
	static const osThreadAttr_t attr = {
		.name = "osTimerThread",
		.stack_size = KESTREL_OS2_TIMER_STACK,
		.priority = KESTREL_OS2_TIMER_PRIORITY,
		.attr_bits = osSafetyClass(KESTREL_OS2_TIMER_CLASS),
	};

	if (timer_thread_state == TIMER_THREAD_STARTED)
		return true; /* every call but the first */
	for (;;) {
		uint32_t key = kernel_lock();
		uint8_t state = timer_thread_state;
		if (state == TIMER_THREAD_NONE)
			timer_thread_state = TIMER_THREAD_STARTING;
		kernel_unlock_quiet(key);
		if (state == TIMER_THREAD_STARTED)
			return true;
		if (state == TIMER_THREAD_NONE)
			break;
		thread_sleep(1); /* another thread is making it */
	}
	semaphore_init(&expired_sem, 0, 1); /* ERR_STATE after a failed start: live already */
	bool started = osThreadNew(timer_thread, NULL, &attr) != NULL;
	timer_thread_state = started ? TIMER_THREAD_STARTED : TIMER_THREAD_NONE;
	return started;
}

/* ---- the API --------------------------------------------------------- */

/**
 * osTimerNew - a new timer, stopped, that calls func(argument) when it
 * expires: once (osTimerOnce) or every period (osTimerPeriodic).
 * Context: thread (NULL in an interrupt handler).
 * Returns: the ID; NULL if func is NULL, type unknown, attr's memory
 * unfit, the heap empty, attr's safety class above the caller's after
 * osKernelStart, or the timer thread cannot be made.
 */
osTimerId_t osTimerNew(osTimerFunc_t func, osTimerType_t type, void *argument,
		       const osTimerAttr_t *attr)
{
	if (func == NULL || (type != osTimerOnce && type != osTimerPeriodic) || os2_in_isr())
		return NULL;
	int safety_class = os2_new_class(attr ? attr->attr_bits : 0);
	if (safety_class < 0)
		return NULL;

	bool allocated;
	struct os2_timer *t = os2_cb_get(attr ? attr->cb_mem : NULL, attr ? attr->cb_size : 0,
					 sizeof(*t), &allocated);
	if (t == NULL)
		return NULL;
	if (!timer_thread_start()) {
		if (allocated)
			os2_free(t);
		return NULL;
	}
	timer_init(&t->timer, timer_expired, argument); /* cannot fail: zeroed, stopped */
	t->func = func;
	list_node_init(&t->expired_node);
	t->type = (uint8_t)type;
	t->obj.name = attr ? attr->name : NULL;
	t->obj.flags = allocated ? OS2_CB_ALLOCATED : 0;
	t->obj.safety_class = (uint8_t)safety_class;
	os2_object_add(&t->obj, OS2_TIMER_MAGIC);
	return t;
}

/**
 * osTimerGetName - the name attr gave, or NULL (none, or not an ID).
 * Context: any.
 */
const char *osTimerGetName(osTimerId_t timer_id)
{
	struct os2_timer *t = timer_of(timer_id);

	return t ? t->obj.name : NULL;
}

static bool running_locked(const struct os2_timer *t)
{
	return timer_active(&t->timer) || t->pending != 0;
}

/* Stops the kernel timer and forgets the expiries not called back yet.
 * Called with the lock held (the kernel's own calls nest in it). */
static void stop_locked(struct os2_timer *t)
{
	if (timer_active(&t->timer))
		timer_stop(&t->timer);
	if (t->pending != 0) {
		list_remove(&t->expired_node);
		t->pending = 0;
	}
}

/**
 * osTimerStart - starts the timer to expire in ticks (then every ticks,
 * for a periodic one); a running timer starts over.
 * Context: thread.
 * Returns: osOK; osErrorParameter (not an ID, ticks 0 or above
 * TIMEOUT_MAX_TICKS); osErrorSafetyClass; osErrorISR.
 */
osStatus_t osTimerStart(osTimerId_t timer_id, uint32_t ticks)
{
	if (os2_in_isr())
		return osErrorISR;
	if (ticks == 0 || ticks > TIMEOUT_MAX_TICKS)
		return osErrorParameter;

	uint32_t key = kernel_lock();
	struct os2_timer *t = timer_of(timer_id);
	if (t == NULL || os2_class_denied(t)) {
		kernel_unlock_quiet(key);
		return t == NULL ? osErrorParameter : osErrorSafetyClass;
	}
	stop_locked(t);
	int err = timer_start(&t->timer, ticks, t->type == osTimerPeriodic ? ticks : 0);
	kernel_unlock_quiet(key); /* timers ready nobody until they expire */
	return os2_status(err);
}

/**
 * osTimerStop - stops a running timer; its expiries not yet called back
 * are forgotten.
 * Context: thread.
 * Returns: osOK; osErrorResource (not running); osErrorParameter (not an
 * ID); osErrorSafetyClass; osErrorISR.
 */
osStatus_t osTimerStop(osTimerId_t timer_id)
{
	if (os2_in_isr())
		return osErrorISR;

	uint32_t key = kernel_lock();
	struct os2_timer *t = timer_of(timer_id);
	osStatus_t status = osOK;
	if (t == NULL)
		status = osErrorParameter;
	else if (os2_class_denied(t))
		status = osErrorSafetyClass;
	else if (!running_locked(t))
		status = osErrorResource;
	else
		stop_locked(t);
	kernel_unlock_quiet(key);
	return status;
}

/**
 * osTimerIsRunning - whether the timer runs.
 * Context: thread.
 * Returns: 1 if it runs; 0 if not, or not an ID, or in an interrupt
 * handler.
 */
uint32_t osTimerIsRunning(osTimerId_t timer_id)
{
	if (os2_in_isr())
		return 0;

	uint32_t key = kernel_lock();
	struct os2_timer *t = timer_of(timer_id);
	bool running = t != NULL && running_locked(t);
	kernel_unlock_quiet(key);
	return running;
}

/**
 * osTimerDelete - stops the timer if it runs and deletes it; no callback
 * of it begins afterwards.
 * Context: thread (also its own callback).
 * Returns: osOK; osErrorParameter (not an ID); osErrorSafetyClass;
 * osErrorISR.
 */
osStatus_t osTimerDelete(osTimerId_t timer_id)
{
	if (os2_in_isr())
		return osErrorISR;

	uint32_t key = kernel_lock();
	struct os2_timer *t = timer_of(timer_id);
	if (t == NULL || os2_class_denied(t)) {
		kernel_unlock_quiet(key);
		return t == NULL ? osErrorParameter : osErrorSafetyClass;
	}
	stop_locked(t);
	os2_object_remove_locked(&t->obj);
	kernel_unlock_quiet(key);
	if (t->obj.flags & OS2_CB_ALLOCATED)
		os2_free(t);
	return osOK;
}
