/* SPDX-License-Identifier: MIT */
/*
 * Handles: how a process names kernel objects.
 *
 * A process never sees a kernel address.  Each object a process creates
 * through a syscall gets a kernel-side record (struct kobject: its kind,
 * the object, a count of the handle tables that hold it), and the process
 * gets a small integer, the index of that record in its own handle table.
 * A handle means nothing in another process's table: to share an object,
 * its holder grants it (handle_grant), which puts the record in the other
 * table too.  The object is deleted when the last table lets go of it
 * (handle_close, or the end of the process), and its waiters get
 * ERR_DELETED.
 *
 * Guarded by the kernel lock, except where a function says it takes it.
 */
#ifndef KERNEL_HANDLE_H
#define KERNEL_HANDLE_H

#include <stdint.h>

#include "kernel/process.h"

struct kobject {
	uint8_t type;  /* enum kobject_type; KOBJ_NONE when the record is free */
	uint8_t refs;  /* handle tables holding it */
	void *object;  /* struct mutex, semaphore, queue or event_flags */
};

/* Puts a new object of this type in p's table.  On failure the object is
 * deleted.  Takes the lock.
 * Returns: the handle (>= 0); ERR_NO_MEMORY (no record or no free slot). */
int handle_install(struct process *p, enum kobject_type type, void *object);

/* The record handle h of p names, if it is of this type, else NULL; the
 * object is held until handle_put, even if the handle is closed
 * meanwhile.  Takes the lock. */
struct kobject *handle_get(const struct process *p, int32_t h, enum kobject_type type);
void handle_put(struct kobject *o);

/* Removes h from p's table; the object goes with its last handle.
 * Takes the lock.  Returns: 0; ERR_HANDLE. */
int handle_close(struct process *p, int32_t h);

/* Puts the object p's handle h names into the table of live user process
 * pid.  Takes the lock.
 * Returns: the handle in pid's table; ERR_HANDLE; ERR_NO_PROCESS;
 * ERR_NO_MEMORY (its table is full). */
int handle_grant(struct process *p, int32_t h, uint32_t pid);

/* Closes every handle of p (it is ending).  Lock held. */
void handle_close_all_locked(struct process *p);

/* Free kobject records, for tests and the self-check. */
unsigned handle_records_free(void);

#endif
