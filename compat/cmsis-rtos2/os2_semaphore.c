/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 semaphores: a record of this layer around a kernel
 * semaphore (kernel/semaphore.h), which counts up to a maximum and hands
 * a released token straight to its most urgent waiter (highest priority,
 * first come among equals).
 *
 * Acquire and release are one check of the ID and one kernel call
 * (acquire with a timeout adds a test for a handler).  Acquire (timeout
 * 0), release and get-count may be called from an interrupt handler.
 *
 * Where Kestrel differs from the specification, or the specification
 * leaves a choice:
 *  - max_count may be any value from 1 to UINT32_MAX.
 *  - In a handler, an acquire with a non-zero timeout returns
 *    osErrorParameter and takes nothing, even when a token is there.
 *  - A waiter woken by osSemaphoreDelete returns osErrorResource.
 *  - attr_bits: osSafetyClass(n) gives the semaphore's safety class (else
 *    it is its creator's); Acquire, Release and Delete from a thread of a
 *    lower class return osErrorSafetyClass (a handler may).  Other bits
 *    are ignored.
 *  - osSemaphoreGetName may be called from an interrupt handler (API
 *    2.2+).
 */
#include "kernel/semaphore.h"
#include "os2.h"

struct os2_semaphore {
	struct os2_object obj;
	struct semaphore sem;
};

_Static_assert(sizeof(struct os2_semaphore) <= KESTREL_OS2_SEMAPHORE_CB_SIZE,
	       "KESTREL_OS2_SEMAPHORE_CB_SIZE is smaller than the record");
_Static_assert(KESTREL_OS2_SEMAPHORE_CB_SIZE % 8 == 0, "control block sizes are multiples of 8");

/*
 * osSemaphoreNew - a semaphore of max_count tokens, initial_count of them
 * available, its record in attr->cb_mem or on the heap.
 * Context: thread.  Returns: the ID, or NULL (max_count 0, initial_count
 * above max_count, an interrupt handler, a safety class above the
 * caller's after osKernelStart, cb_mem too small or misaligned, no
 * memory).
 */
osSemaphoreId_t osSemaphoreNew(uint32_t max_count, uint32_t initial_count,
			       const osSemaphoreAttr_t *attr)
{
	static const osSemaphoreAttr_t defaults; /* no name, heap */
	struct os2_semaphore *s;
	bool allocated;

	/* Checked before cb_mem is touched: a refused call changes nothing. */
	if (os2_in_isr() || max_count == 0 || initial_count > max_count)
		return NULL;
	if (attr == NULL)
		attr = &defaults;
	int safety_class = os2_new_class(attr->attr_bits);
	if (safety_class < 0)
		return NULL;

	s = os2_cb_get(attr->cb_mem, attr->cb_size, sizeof(*s), &allocated);
	if (s == NULL)
		return NULL;
	/* Zeroed memory and valid counts: semaphore_init cannot fail. */
	if (semaphore_init(&s->sem, initial_count, max_count) != 0) {
		if (allocated)
			os2_free(s);
		return NULL;
	}
	s->obj.name = attr->name;
	s->obj.flags = allocated ? OS2_CB_ALLOCATED : 0;
	s->obj.safety_class = (uint8_t)safety_class;
	os2_object_add(&s->obj, OS2_SEMAPHORE_MAGIC); /* last: the ID is valid from here */
	return s;
}

/* Context: any.  Returns: attr->name, or NULL (none, or an invalid ID). */
const char *osSemaphoreGetName(osSemaphoreId_t semaphore_id)
{
	const struct os2_semaphore *s = semaphore_id;

	return os2_is(s, OS2_SEMAPHORE_MAGIC) ? s->obj.name : NULL;
}

/*
 * osSemaphoreAcquire - takes a token, waiting up to timeout ticks.
 * Context: thread; a handler with timeout 0.  Returns: osOK;
 * osErrorResource (timeout 0 and no token, or deleted while waiting);
 * osErrorTimeout; osErrorParameter (an invalid ID, or a handler's
 * non-zero timeout); osErrorSafetyClass (a thread of a lower class).
 */
osStatus_t osSemaphoreAcquire(osSemaphoreId_t semaphore_id, uint32_t timeout)
{
	struct os2_semaphore *s = semaphore_id;

	if (!os2_is(s, OS2_SEMAPHORE_MAGIC) || (timeout != 0 && os2_in_isr()))
		return osErrorParameter;
	if (os2_class_denied(s))
		return osErrorSafetyClass;
	int err = semaphore_take(&s->sem, os2_ticks(timeout));
	return err == 0 ? osOK : os2_status(err);
}

/*
 * osSemaphoreRelease - gives a token back: to the most urgent waiter if
 * there is one, else to the count.
 * Context: any.  Returns: osOK; osErrorResource (the count is at
 * max_count: nothing changes); osErrorParameter; osErrorSafetyClass.
 */
osStatus_t osSemaphoreRelease(osSemaphoreId_t semaphore_id)
{
	struct os2_semaphore *s = semaphore_id;

	if (!os2_is(s, OS2_SEMAPHORE_MAGIC))
		return osErrorParameter;
	if (os2_class_denied(s))
		return osErrorSafetyClass;
	int err = semaphore_give(&s->sem);
	return err == 0 ? osOK : os2_status(err);
}

/* Context: any.  Returns: the tokens available; 0 for an invalid ID. */
uint32_t osSemaphoreGetCount(osSemaphoreId_t semaphore_id)
{
	const struct os2_semaphore *s = semaphore_id;

	return os2_is(s, OS2_SEMAPHORE_MAGIC) ? semaphore_count(&s->sem) : 0;
}

/*
 * osSemaphoreDelete - wakes every waiter (osErrorResource) and frees the
 * record if the layer allocated it.
 * Context: thread.  Returns: osOK; osErrorParameter; osErrorSafetyClass;
 * osErrorISR.
 */
osStatus_t osSemaphoreDelete(osSemaphoreId_t semaphore_id)
{
	struct os2_semaphore *s = semaphore_id;

	if (os2_in_isr())
		return osErrorISR;
	osStatus_t status = os2_object_claim(s, OS2_SEMAPHORE_MAGIC);
	if (status != osOK)
		return status;

	int err = semaphore_delete(&s->sem);
	if (err != 0)
		return os2_status(err);
	if (s->obj.flags & OS2_CB_ALLOCATED)
		os2_free(s);
	return osOK;
}
