/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 event flags over the kernel's event flags (kernel/event.h).
 *
 * A record is this layer's head and a struct event_flags; the ID is the
 * record.  New, Get, Delete and the wait are the kernel's calls.  Set and
 * Clear are done here, under the kernel lock, on the kernel object's bits
 * and wait queue (with the kernel's wait interface: sched_wake_locked,
 * and each waiter's wait_mask / wait_options as event_wait left them),
 * because their results differ from event_set's and event_clear's:
 *
 *  - Set serves the waiters one at a time in priority order, and a
 *    waiter that clears takes its flags away before the next one is
 *    looked at ("further threads may be wakened ... when the option
 *    osFlagsNoClear is given"): two waiters for one flag wake both with
 *    osFlagsNoClear, and only the most urgent one without.  event_set
 *    clears once every waiter was checked, so it would wake both.
 *  - Set returns "the event flags stored in the event control block":
 *    the flags once the waiters it woke have cleared theirs (Arm's
 *    validation suite expects 0 from a set of flag 1 that wakes a waiter
 *    for flag 1).  event_set returns no flags.
 *  - Clear returns the flags before clearing; event_clear returns none.
 * A kernel call that did both (event_set_serial(e, bits, &after) and
 * event_clear(e, bits, &before)) would leave this file only checks.
 *
 * Where the specification leaves a choice:
 *  - Flags are bits 0..30; bit 31 in Set, Clear or Wait is
 *    osFlagsErrorParameter.  A Wait for no flags (0), or with options
 *    other than osFlagsWaitAll and osFlagsNoClear, is
 *    osFlagsErrorParameter too.
 *  - Delete wakes every waiter, whose Wait returns osFlagsErrorResource
 *    (the specification only warns that waiters may starve).
 *  - A Wait returns the flags before its own clearing: all the flags set
 *    at that moment, not only those it waited for.
 *  - attr_bits: osSafetyClass(n) gives the object's safety class (else it
 *    is its creator's); Set, Clear, Wait (osFlagsErrorSafetyClass) and
 *    Delete (osErrorSafetyClass) from a thread of a lower class are
 *    refused; a handler may.  Other bits are ignored.
 */
#include "kernel/event.h"
#include "os2.h"

struct os2_event {
	struct os2_object obj;
	struct event_flags flags; /* the kernel's: bits and waiters */
};

_Static_assert(sizeof(struct os2_event) <= KESTREL_OS2_EVENT_FLAGS_CB_SIZE,
	       "KESTREL_OS2_EVENT_FLAGS_CB_SIZE is too small");
_Static_assert(KESTREL_OS2_EVENT_FLAGS_CB_SIZE % 8 == 0, "a multiple of 8");

#define FLAGS_VALID 0x7fffffffu /* 31 flags: bit 31 marks an error */
#define WAIT_OPTIONS (osFlagsWaitAll | osFlagsNoClear)

static struct os2_event *event_of(osEventFlagsId_t id)
{
	return os2_is(id, OS2_EVENT_MAGIC) ? id : NULL;
}

/**
 * osEventFlagsNew - a new event flags object, every flag clear.
 * Context: thread (NULL in an interrupt handler).
 * Returns: the ID; NULL if attr's memory is unfit, the heap is empty, or
 * attr gives a safety class above the caller's after osKernelStart.
 */
osEventFlagsId_t osEventFlagsNew(const osEventFlagsAttr_t *attr)
{
	if (os2_in_isr())
		return NULL;
	int safety_class = os2_new_class(attr ? attr->attr_bits : 0);
	if (safety_class < 0)
		return NULL;

	bool allocated;
	struct os2_event *ef = os2_cb_get(attr ? attr->cb_mem : NULL, attr ? attr->cb_size : 0,
					  sizeof(*ef), &allocated);
	if (ef == NULL)
		return NULL;
	event_init(&ef->flags, 0); /* cannot fail: the record is zeroed */
	ef->obj.name = attr ? attr->name : NULL;
	ef->obj.flags = allocated ? OS2_CB_ALLOCATED : 0;
	ef->obj.safety_class = (uint8_t)safety_class;
	os2_object_add(&ef->obj, OS2_EVENT_MAGIC);
	return ef;
}

/**
 * osEventFlagsGetName - the name attr gave, or NULL (none, or not an ID).
 * Context: any.
 */
const char *osEventFlagsGetName(osEventFlagsId_t ef_id)
{
	struct os2_event *ef = event_of(ef_id);

	return ef ? ef->obj.name : NULL;
}

/* Whether a waiter's condition holds for bits. */
static bool satisfied(uint32_t bits, const struct thread *t)
{
	uint32_t mask = t->wait_mask;

	return (t->wait_options & EVENT_ALL) ? (bits & mask) == mask : (bits & mask) != 0;
}

/* The set that may wake someone: the waiters in priority order, each
 * told the flags it saw and taking its own away if it clears.  Called
 * with the lock held (key); releases it. */
__attribute__((noinline)) static uint32_t set_and_wake(struct event_flags *e, uint32_t key)
{
	uint32_t bits = e->bits;
	struct list_node *pos, *next;

	list_for_each_safe(pos, next, &e->waiters.waiters) {
		struct thread *t = list_entry(pos, struct thread, sched_node);

		if (!satisfied(bits, t))
			continue;
		uint32_t seen = bits;
		if (t->wait_options & EVENT_CLEAR)
			bits &= ~t->wait_mask;
		t->wait_mask = seen; /* event_wait returns it */
		sched_wake_locked(t, 0);
	}
	e->bits = bits;
	kernel_unlock(key);
	return bits;
}

/**
 * osEventFlagsSet - sets flags and wakes the waiters they satisfy.
 * Context: any.
 * Returns: the flags left set once the woken waiters cleared theirs;
 * osFlagsErrorParameter (not an ID, or bit 31); osFlagsErrorSafetyClass.
 */
uint32_t osEventFlagsSet(osEventFlagsId_t ef_id, uint32_t flags)
{
	if (flags & ~FLAGS_VALID)
		return osFlagsErrorParameter;

	uint32_t key = kernel_lock();
	struct os2_event *ef = event_of(ef_id);
	if (ef == NULL || os2_class_denied(ef)) {
		kernel_unlock_quiet(key);
		return ef == NULL ? osFlagsErrorParameter : osFlagsErrorSafetyClass;
	}
	struct event_flags *e = &ef->flags;
	e->bits |= flags;
	if (!list_empty(&e->waiters.waiters))
		return set_and_wake(e, key);
	uint32_t bits = e->bits;
	kernel_unlock_quiet(key); /* nobody to wake */
	return bits;
}

/**
 * osEventFlagsClear - clears flags (which wakes nobody).
 * Context: any.
 * Returns: the flags before clearing; osFlagsErrorParameter (not an ID,
 * or bit 31); osFlagsErrorSafetyClass.
 */
uint32_t osEventFlagsClear(osEventFlagsId_t ef_id, uint32_t flags)
{
	if (flags & ~FLAGS_VALID)
		return osFlagsErrorParameter;

	uint32_t key = kernel_lock();
	struct os2_event *ef = event_of(ef_id);
	uint32_t before = osFlagsErrorParameter;
	if (ef != NULL && os2_class_denied(ef)) {
		before = osFlagsErrorSafetyClass;
	} else if (ef != NULL) {
		before = ef->flags.bits;
		ef->flags.bits = before & ~flags;
	}
	kernel_unlock_quiet(key);
	return before;
}

/**
 * osEventFlagsGet - the flags set now.
 * Context: any.
 * Returns: the flags; 0 if ef_id is not an ID.
 */
uint32_t osEventFlagsGet(osEventFlagsId_t ef_id)
{
	struct os2_event *ef = event_of(ef_id);

	return ef ? event_bits(&ef->flags) : 0;
}

/**
 * osEventFlagsWait - waits until any (osFlagsWaitAny) or all
 * (osFlagsWaitAll) of flags are set, then clears them unless
 * osFlagsNoClear.
 * Context: thread; an interrupt handler with timeout 0.
 * Returns: the flags before clearing; osFlagsErrorResource (timeout 0 and
 * not set, or the object was deleted while waiting);
 * osFlagsErrorTimeout; osFlagsErrorParameter (not an ID, flags 0 or with
 * bit 31, unknown options, or a timeout in an interrupt handler);
 * osFlagsErrorSafetyClass.
 */
uint32_t osEventFlagsWait(osEventFlagsId_t ef_id, uint32_t flags, uint32_t options,
			  uint32_t timeout)
{
	struct os2_event *ef = event_of(ef_id);

	if (ef == NULL || flags == 0 || (flags & ~FLAGS_VALID) || (options & ~WAIT_OPTIONS))
		return osFlagsErrorParameter;
	if (timeout != 0 && os2_in_isr())
		return osFlagsErrorParameter;
	if (os2_class_denied(ef))
		return osFlagsErrorSafetyClass;

	uint32_t kernel_options = (options & osFlagsWaitAll) ? EVENT_ALL : EVENT_ANY;
	if (!(options & osFlagsNoClear))
		kernel_options |= EVENT_CLEAR;
	uint32_t seen;
	int err = event_wait(&ef->flags, flags, kernel_options, &seen, os2_ticks(timeout));
	/* osFlagsError* are the osStatus_t codes as unsigned: deleted while
	 * waiting (ERR_DELETED) is osErrorResource, deleted before the wait
	 * began (ERR_STALE) osErrorParameter. */
	return err == 0 ? seen : (uint32_t)os2_status(err);
}

/**
 * osEventFlagsDelete - deletes the object; its waiters return
 * osFlagsErrorResource.
 * Context: thread.
 * Returns: osOK; osErrorParameter (not an ID); osErrorSafetyClass;
 * osErrorISR.
 */
osStatus_t osEventFlagsDelete(osEventFlagsId_t ef_id)
{
	if (os2_in_isr())
		return osErrorISR;

	uint32_t key = kernel_lock();
	struct os2_event *ef = event_of(ef_id);
	if (ef == NULL || os2_class_denied(ef)) {
		kernel_unlock_quiet(key);
		return ef == NULL ? osErrorParameter : osErrorSafetyClass;
	}
	os2_object_remove_locked(&ef->obj);
	event_delete(&ef->flags); /* wakes the waiters with ERR_DELETED */
	kernel_unlock(key);
	if (ef->obj.flags & OS2_CB_ALLOCATED)
		os2_free(ef);
	return osOK;
}
