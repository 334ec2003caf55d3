/* SPDX-License-Identifier: MIT */
/*
 * What every CMSIS-RTOS2 object shares (os2.h): the status of a kernel
 * result, control blocks and storage given by attr or taken from the
 * heap, the safety class of a new object, and the list of live objects
 * other than threads (os2_objects, guarded by the kernel lock), which
 * osKernelDestroyClass walks.
 */
#include <stdlib.h>
#include <string.h>

#include "os2.h"

osStatus_t os2_status(int err)
{
	switch (err) {
	case 0:
	case ERR_OWNER_DIED: /* taken: its last owner ended holding it */
		return osOK;
	case ERR_TIMEOUT:
		return osErrorTimeout;
	case ERR_WOULD_BLOCK:
	case ERR_FULL:
	case ERR_DELETED:
	case ERR_BUSY:
	case ERR_PERMISSION:
	case ERR_DEADLOCK:
	case ERR_STATE:
		return osErrorResource;
	case ERR_NULL:
	case ERR_INVALID:
	case ERR_RANGE:
	case ERR_STALE:
	case ERR_PRIORITY:
	case ERR_DETACHED:
		return osErrorParameter;
	case ERR_NO_MEMORY:
		return osErrorNoMemory;
	case ERR_CONTEXT:
		return osErrorISR;
	default:
		return osError;
	}
}

/* Whether magic is that of a live object other than a thread. */
static bool listed_magic(uint32_t magic)
{
	switch (magic) {
	case OS2_TIMER_MAGIC:
	case OS2_EVENT_MAGIC:
	case OS2_MUTEX_MAGIC:
	case OS2_SEMAPHORE_MAGIC:
	case OS2_MEMPOOL_MAGIC:
	case OS2_MSGQUEUE_MAGIC:
		return true;
	default:
		return false;
	}
}

/* cb_mem, about to be cleared for a new object, may still hold a live one
 * the application never deleted: that one is forgotten, taken out of
 * os2_objects first, so that the list stays whole.  Its words are only
 * the application's memory until proved otherwise: a record is taken out
 * only if it is in the list (a stale magic in reused memory proves
 * nothing). */
static void forget_old(struct os2_object *old)
{
	struct list_node *pos;
	uint32_t key = kernel_lock();

	if (listed_magic(old->magic)) {
		list_for_each(pos, &os2_objects) {
			if (pos == &old->node) {
				os2_object_remove_locked(old);
				break;
			}
		}
	}
	kernel_unlock_quiet(key);
}

void *os2_cb_get(void *cb_mem, uint32_t cb_size, size_t bytes, bool *allocated)
{
	*allocated = false;
	if (cb_mem != NULL) {
		if (cb_size < bytes || ((uintptr_t)cb_mem & 3u) != 0)
			return NULL;
		if (bytes >= sizeof(struct os2_object))
			forget_old(cb_mem);
		memset(cb_mem, 0, bytes);
		return cb_mem;
	}
	if (cb_size != 0 || os2_in_isr())
		return NULL;
	void *cb = calloc(1, bytes);
	*allocated = cb != NULL;
	return cb;
}

void *os2_mem_get(void *mem, uint32_t size, size_t bytes, size_t align, bool *allocated)
{
	*allocated = false;
	if (mem != NULL) {
		if (size < bytes || ((uintptr_t)mem & (align - 1)) != 0)
			return NULL;
		return mem;
	}
	if (size != 0 && size < bytes)
		return NULL;
	if (os2_in_isr())
		return NULL;
	/* newlib's malloc returns 8-byte-aligned memory. */
	void *p = malloc(bytes);
	*allocated = p != NULL;
	return p;
}

void os2_free(void *p)
{
	free(p);
}

/* ---- safety classes and the live objects ------------------------------- */

struct list_node os2_objects = LIST_HEAD_INIT(os2_objects);

int os2_new_class(uint32_t attr_bits)
{
	uint32_t own = os2_self_class();

	if (!(attr_bits & osSafetyClass_Valid))
		return (int)own;
	uint32_t c = (attr_bits & osSafetyClass_Msk) >> osSafetyClass_Pos;
	if (c > own && osKernelGetState() != osKernelReady)
		return -1;
	return (int)c;
}

void os2_object_add(struct os2_object *obj, uint32_t magic)
{
	uint32_t key = kernel_lock();
	list_push_back(&os2_objects, &obj->node);
	obj->magic = magic;
	kernel_unlock_quiet(key);
}

osStatus_t os2_object_claim(void *id, uint32_t magic)
{
	osStatus_t status = osOK;
	uint32_t key = kernel_lock();

	if (!os2_is(id, magic))
		status = osErrorParameter;
	else if (os2_class_denied(id))
		status = osErrorSafetyClass;
	else
		os2_object_remove_locked(id);
	kernel_unlock_quiet(key);
	return status;
}
