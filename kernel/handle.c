/* SPDX-License-Identifier: MIT */
/*
 * Handles (see handle.h).  The records are a fixed array; a handle table
 * entry points at a record, and a record counts the tables that hold it.
 *
 * Limits: installing and granting search the record array and the
 * table, O(CONFIG_KOBJECTS + CONFIG_PROCESS_HANDLES).
 */
#include "kernel/errors.h"
#include "kernel/event.h"
#include "kernel/handle.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/queue.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"

static struct kobject records[CONFIG_KOBJECTS];

static void delete_object(struct kobject *o)
{
	int err = ERR_INVALID;

	switch (o->type) {
	case KOBJ_MUTEX:
		err = mutex_delete(o->object);
		break;
	case KOBJ_SEMAPHORE:
		err = semaphore_delete(o->object);
		break;
	case KOBJ_QUEUE:
		err = queue_delete(o->object);
		break;
	case KOBJ_EVENT:
		err = event_delete(o->object);
		break;
	}
	if (err != 0)
		panic("deleting a %u object of a process failed: %d", o->type, err);
	o->type = KOBJ_NONE;
	o->object = NULL;
}

static int free_slot(const struct process *p)
{
	for (int h = 0; h < CONFIG_PROCESS_HANDLES; h++)
		if (p->handles[h] == NULL)
			return h;
	return ERR_NO_MEMORY;
}

int handle_install(struct process *p, enum kobject_type type, void *object)
{
	uint32_t key = kernel_lock();
	struct kobject *o = NULL;
	int h = free_slot(p);

	for (unsigned i = 0; h >= 0 && o == NULL && i < CONFIG_KOBJECTS; i++)
		if (records[i].type == KOBJ_NONE)
			o = &records[i];
	if (h < 0 || o == NULL) {
		struct kobject doomed = { (uint8_t)type, 0, object };
		delete_object(&doomed);
		kernel_unlock(key);
		return ERR_NO_MEMORY;
	}
	o->type = (uint8_t)type;
	o->refs = 1;
	o->object = object;
	p->handles[h] = o;
	kernel_unlock(key);
	return h;
}

struct kobject *handle_get(const struct process *p, int32_t h, enum kobject_type type)
{
	uint32_t key = kernel_lock();
	struct kobject *o = h >= 0 && h < CONFIG_PROCESS_HANDLES ? p->handles[h] : NULL;

	if (o != NULL && o->type == type)
		o->refs++;
	else
		o = NULL;
	kernel_unlock_quiet(key); /* a lookup readies nobody */
	return o;
}

static void unref_locked(struct kobject *o)
{
	if (--o->refs == 0)
		delete_object(o);
}

void handle_put(struct kobject *o)
{
	uint32_t key = kernel_lock();
	if (--o->refs != 0) {
		kernel_unlock_quiet(key); /* the object stays: nobody is woken */
		return;
	}
	delete_object(o); /* its waiters get ERR_DELETED */
	kernel_unlock(key);
}

static void drop_locked(struct process *p, int32_t h)
{
	struct kobject *o = p->handles[h];

	p->handles[h] = NULL;
	unref_locked(o);
}

int handle_close(struct process *p, int32_t h)
{
	uint32_t key = kernel_lock();
	int err = 0;

	if (h < 0 || h >= CONFIG_PROCESS_HANDLES || p->handles[h] == NULL)
		err = ERR_HANDLE;
	else
		drop_locked(p, h);
	kernel_unlock(key);
	return err;
}

int handle_grant(struct process *p, int32_t h, uint32_t pid)
{
	uint32_t key = kernel_lock();
	struct process *to = process_find_locked(pid);
	int err;

	if (h < 0 || h >= CONFIG_PROCESS_HANDLES || p->handles[h] == NULL) {
		err = ERR_HANDLE;
	} else if (to == NULL || to->state != PROCESS_ALIVE || !process_is_user(to)) {
		err = ERR_NO_PROCESS;
	} else if ((err = free_slot(to)) >= 0) {
		to->handles[err] = p->handles[h];
		to->handles[err]->refs++;
	}
	kernel_unlock(key);
	return err;
}

void handle_close_all_locked(struct process *p)
{
	for (int h = 0; h < CONFIG_PROCESS_HANDLES; h++)
		if (p->handles[h] != NULL)
			drop_locked(p, h);
}

unsigned handle_records_free(void)
{
	uint32_t key = kernel_lock();
	unsigned n = 0;

	for (unsigned i = 0; i < CONFIG_KOBJECTS; i++)
		n += records[i].type == KOBJ_NONE;
	kernel_unlock(key);
	return n;
}
