/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 mutexes: a record of this layer around a kernel mutex
 * (kernel/mutex.h), which does the work: ownership, recursion, timeouts
 * and priority inheritance (transitive along chains of owners, right in
 * any order of release).  attr_bits map onto the kernel's flags:
 * osMutexRecursive is MUTEX_RECURSIVE, and a mutex without
 * osMutexPrioInherit is made MUTEX_NO_INHERIT.
 *
 * Acquire and release are a test of the context (an interrupt handler,
 * or interrupts masked: osErrorISR), one check of the ID and one kernel
 * call.
 *
 * Where Kestrel differs from the specification, or the specification
 * leaves a choice:
 *  - Every mutex is robust.  When its owner ends (osThreadExit,
 *    osThreadTerminate, returning from its function) the kernel passes
 *    each mutex it holds to its most urgent waiter, or frees it; the
 *    waiter's acquire returns osOK.  The specification leaves a mutex
 *    without osMutexRobust locked for good; here it is released too.
 *  - Acquiring a non-recursive mutex its caller already owns returns
 *    osErrorResource at once, whatever the timeout (the kernel's
 *    ERR_DEADLOCK), instead of waiting out the timeout for itself.  So
 *    does an acquire whose wait would close a cycle of owners (the
 *    caller owns a mutex its mutex's owner waits for, directly or down a
 *    chain): the kernel refuses to wait for a deadlock.
 *  - Recursion is counted in 32 bits: no practical limit.
 *  - osSafetyClass(n) in attr_bits gives the mutex's safety class (else
 *    it is its creator's); Acquire and Delete from a thread of a lower
 *    class return osErrorSafetyClass, as the specification lists them
 *    (Release needs the owner anyway).  Unknown attr_bits are ignored.
 *  - A waiter woken by osMutexDelete returns osErrorResource.
 *  - osMutexGetOwner returns NULL for an owner that is not a CMSIS
 *    thread (main before osKernelStart, a thread made by the kernel's own
 *    thread_create).
 *  - osMutexGetName may be called from an interrupt handler (API 2.2+).
 */
#include "kernel/mutex.h"
#include "os2.h"

struct os2_mutex {
	struct os2_object obj;
	struct mutex mutex;
};

_Static_assert(sizeof(struct os2_mutex) <= KESTREL_OS2_MUTEX_CB_SIZE,
	       "KESTREL_OS2_MUTEX_CB_SIZE is smaller than the record");
_Static_assert(KESTREL_OS2_MUTEX_CB_SIZE % 8 == 0, "control block sizes are multiples of 8");

/*
 * osMutexNew - a mutex, its record in attr->cb_mem or on the heap.
 * Context: thread.  Returns: the ID, or NULL (an interrupt handler, a
 * safety class above the caller's after osKernelStart, cb_mem too small
 * or misaligned, no memory).
 */
osMutexId_t osMutexNew(const osMutexAttr_t *attr)
{
	static const osMutexAttr_t defaults; /* no name, bits 0, heap */
	struct os2_mutex *mx;
	uint32_t flags = 0;
	bool allocated;

	if (os2_in_isr())
		return NULL;
	if (attr == NULL)
		attr = &defaults;
	if (attr->attr_bits & osMutexRecursive)
		flags |= MUTEX_RECURSIVE;
	if (!(attr->attr_bits & osMutexPrioInherit))
		flags |= MUTEX_NO_INHERIT;
	/* osMutexRobust: every kernel mutex is robust (above). */
	int safety_class = os2_new_class(attr->attr_bits);
	if (safety_class < 0)
		return NULL;

	mx = os2_cb_get(attr->cb_mem, attr->cb_size, sizeof(*mx), &allocated);
	if (mx == NULL)
		return NULL;
	/* Zeroed memory and known flags: mutex_init cannot fail. */
	if (mutex_init(&mx->mutex, flags) != 0) {
		if (allocated)
			os2_free(mx);
		return NULL;
	}
	mx->obj.name = attr->name;
	mx->obj.flags = allocated ? OS2_CB_ALLOCATED : 0;
	mx->obj.safety_class = (uint8_t)safety_class;
	os2_object_add(&mx->obj, OS2_MUTEX_MAGIC); /* last: the ID is valid from here */
	return mx;
}

/* Context: any.  Returns: attr->name, or NULL (none, or an invalid ID). */
const char *osMutexGetName(osMutexId_t mutex_id)
{
	const struct os2_mutex *mx = mutex_id;

	return os2_is(mx, OS2_MUTEX_MAGIC) ? mx->obj.name : NULL;
}

/*
 * osMutexAcquire - takes the mutex, waiting up to timeout ticks.
 * Context: thread.  Returns: osOK (also when its last owner ended holding
 * it); osErrorResource (timeout 0 and owned by another, or a relock or
 * deadlock refused, or deleted while waiting); osErrorTimeout;
 * osErrorParameter; osErrorSafetyClass; osErrorISR.
 */
osStatus_t osMutexAcquire(osMutexId_t mutex_id, uint32_t timeout)
{
	struct os2_mutex *mx = mutex_id;

	if (os2_in_isr())
		return osErrorISR; /* a handler, or interrupts masked */
	if (!os2_is(mx, OS2_MUTEX_MAGIC))
		return osErrorParameter;
	if (os2_class_denied(mx))
		return osErrorSafetyClass;
	int err = mutex_lock(&mx->mutex, os2_ticks(timeout));
	return err == 0 ? osOK : os2_status(err);
}

/*
 * osMutexRelease - gives up one hold; the last hands the mutex to its
 * most urgent waiter.
 * Context: thread.  Returns: osOK; osErrorResource (the caller is not the
 * owner); osErrorParameter; osErrorISR.
 */
osStatus_t osMutexRelease(osMutexId_t mutex_id)
{
	struct os2_mutex *mx = mutex_id;

	if (os2_in_isr())
		return osErrorISR;
	if (!os2_is(mx, OS2_MUTEX_MAGIC))
		return osErrorParameter;
	int err = mutex_unlock(&mx->mutex);
	return err == 0 ? osOK : os2_status(err);
}

/*
 * osMutexGetOwner - the CMSIS thread that owns the mutex.
 * Context: thread.  Returns: its ID; NULL when the mutex is free, its
 * owner is not a CMSIS thread, the ID is invalid, or in a handler.
 */
osThreadId_t osMutexGetOwner(osMutexId_t mutex_id)
{
	const struct os2_mutex *mx = mutex_id;

	if (os2_in_isr() || !os2_is(mx, OS2_MUTEX_MAGIC))
		return NULL;
	/* Under the lock: the owner cannot end between the two reads. */
	uint32_t key = kernel_lock();
	osThreadId_t owner = os2_thread_id(mx->mutex.owner);
	kernel_unlock_quiet(key);
	return owner;
}

/*
 * osMutexDelete - wakes every waiter (osErrorResource), takes the mutex
 * from its owner (whose inherited priority drops) and frees the record if
 * the layer allocated it.
 * Context: thread.  Returns: osOK; osErrorParameter; osErrorSafetyClass;
 * osErrorISR.
 */
osStatus_t osMutexDelete(osMutexId_t mutex_id)
{
	struct os2_mutex *mx = mutex_id;

	if (os2_in_isr())
		return osErrorISR;
	osStatus_t status = os2_object_claim(mx, OS2_MUTEX_MAGIC);
	if (status != osOK)
		return status;

	int err = mutex_delete(&mx->mutex);
	if (err != 0)
		return os2_status(err);
	if (mx->obj.flags & OS2_CB_ALLOCATED)
		os2_free(mx);
	return osOK;
}
