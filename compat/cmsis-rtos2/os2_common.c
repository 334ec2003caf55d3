/* SPDX-License-Identifier: MIT */
/*
 * What every CMSIS-RTOS2 object shares (os2.h): the status of a kernel
 * result, and control blocks and storage given by attr or taken from the
 * heap.
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

void *os2_cb_get(void *cb_mem, uint32_t cb_size, size_t bytes, bool *allocated)
{
	*allocated = false;
	if (cb_mem != NULL) {
		if (cb_size < bytes || ((uintptr_t)cb_mem & 3u) != 0)
			return NULL;
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
