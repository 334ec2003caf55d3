/* SPDX-License-Identifier: MIT */
/*
 * Kernel error codes.  Every call that can fail returns int: 0 on success
 * or one of these negative values.  Each names one cause, so a caller (or
 * a test) can tell them apart; error_name() gives the text.
 */
#ifndef KERNEL_ERRORS_H
#define KERNEL_ERRORS_H

enum kernel_error {
	ERR_OK = 0,
	ERR_INVALID = -1,      /* an argument out of its documented range */
	ERR_NULL = -2,         /* a required pointer (entry, object, out-param) is NULL */
	ERR_PRIORITY = -3,     /* priority outside 1..PRIORITY_MAX or above the ceiling */
	ERR_STACK_SIZE = -4,   /* stack smaller than THREAD_STACK_MIN_BYTES */
	ERR_STACK_ALIGN = -5,  /* stack base or size not a multiple of 8 bytes */
	ERR_NO_MEMORY = -6,    /* a fixed pool is exhausted */
	ERR_DEADLOCK = -7,     /* the call would wait for itself (join self, relock) */
	ERR_DETACHED = -8,     /* the thread is detached: it cannot be joined */
	ERR_STATE = -9,        /* the object is not in a state that allows the call */
	ERR_TIMEOUT = -10,     /* the wait's deadline passed */
	ERR_WOULD_BLOCK = -11, /* a no-wait call found the resource unavailable */
	ERR_CONTEXT = -12,     /* a blocking call from an interrupt handler */
	ERR_BUSY = -13,        /* another thread already waits to join this one */
	ERR_DELETED = -14,     /* the object was deleted while the caller waited */
	ERR_PERMISSION = -15,  /* the caller may not do this (not the owner) */
	ERR_RANGE = -16,       /* a timeout beyond TIMEOUT_MAX_TICKS */
	ERR_STALE = -17,       /* the record is not a live object of its kind */
	ERR_OWNER_DIED = -18,  /* mutex taken, but its last owner exited holding it */
	ERR_FULL = -19,        /* a semaphore already at its maximum count */
	ERR_KILLED = -20,      /* the caller's process is being ended: the call gave up */
	ERR_FAULT = -21,       /* a pointer or length not wholly inside the caller's memory */
	ERR_HANDLE = -22,      /* not a handle in the caller's table, or of the wrong kind */
	ERR_NOSYS = -23,       /* no such syscall, or not supported on this core */
	ERR_NO_PROCESS = -24,  /* no such process (or child), or it ended */
};

/* "ERR_TIMEOUT", ... or "ERR_?" for an unknown value. */
const char *error_name(int err);

#endif
