/* SPDX-License-Identifier: MIT */
/*
 * Syscalls: the only way unprivileged code reaches the kernel.
 *
 * The arch entry (arch/mainline/syscall_entry.S) runs syscall_run in the
 * calling thread, privileged, on its own kernel stack; syscall_run
 * returns the result to the user code.  Every argument is decoded here,
 * before anything changes:
 *   - the number must be known (ERR_NOSYS);
 *   - a handle must be in the caller's table and of the right kind
 *     (ERR_HANDLE); the object is held (a reference) for the length of the
 *     call, so another thread closing the handle cannot free it under us;
 *   - a pointer with a length must lie wholly inside the caller's own
 *     memory, read-write (its data region) for what the kernel writes,
 *     or also read-only (its code region) for what it only reads; ranges
 *     that wrap or straddle a region's end are refused (ERR_FAULT);
 *   - values are range-checked by the kernel call they are passed to,
 *     which changes nothing when it returns an error.
 * Then the ordinary kernel API does the work.
 *
 * A thread whose process is being ended gives up its call with
 * ERR_KILLED and ends itself here, instead of returning to its code.
 */
#include <string.h>

#include "kernel/errors.h"
#include "kernel/event.h"
#include "kernel/handle.h"
#include "kernel/ipc.h"
#include "kernel/libc.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/queue.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/syscall.h"
#include "kernel/thread.h"
#include "kestrel/syscall.h"

bool syscall_range_ok(const struct process *p, uintptr_t addr, uint32_t len, bool write)
{
	if (!process_is_user(p))
		return true; /* privileged callers use the kernel API directly */
	if (mem_region_contains(&p->data, addr, len))
		return true;
	return !write && mem_region_contains(&p->code, addr, len);
}

/* Copies a NUL-terminated string of at most cap - 1 characters from the
 * caller's memory.  Returns: 0; ERR_FAULT; ERR_RANGE (too long). */
static int copy_string(const struct process *p, char *dst, uint32_t cap, uintptr_t src)
{
	for (uint32_t i = 0; i < cap; i++) {
		if (!syscall_range_ok(p, src + i, 1, false))
			return ERR_FAULT;
		dst[i] = *(const char *)(src + i);
		if (dst[i] == '\0')
			return 0;
	}
	return ERR_RANGE;
}

/* ---- the calls -------------------------------------------------------------- */

struct args {
	struct thread *self;
	struct process *proc;
	uint32_t a[4];
};

/* A held handle: the object stays alive until handle_put. */
static struct kobject *get_object(const struct args *x, enum kobject_type type, void **object)
{
	struct kobject *o = handle_get(x->proc, (int32_t)x->a[0], type);

	*object = o ? o->object : NULL;
	return o;
}

static int32_t sys_thread_create(const struct args *x)
{
	uintptr_t entry = x->a[0];
	struct thread *t;

	if (!(entry & 1u) || !mem_region_contains(&x->proc->code, entry & ~1u, 2))
		return ERR_FAULT; /* must be Thumb code of the process */
	if (x->a[2] < PRIORITY_MIN || x->a[2] > x->proc->priority_ceiling)
		return ERR_PRIORITY;
	uint32_t key = kernel_lock();
	int err = process_thread_create_locked(x->proc, (void (*)(void *))entry, (void *)x->a[1],
					       x->a[2], "thread", &t);
	int32_t tid = err ? err : (int32_t)t->tid;
	kernel_unlock(key);
	return tid;
}

static int32_t sys_create(const struct args *x, uint32_t number)
{
	void *object = NULL;
	enum kobject_type type = KOBJ_NONE;
	int err = ERR_NOSYS;

	switch (number) {
	case SYS_MUTEX_CREATE:
		err = mutex_create_pooled((struct mutex **)&object, x->a[0]);
		type = KOBJ_MUTEX;
		break;
	case SYS_SEM_CREATE:
		err = semaphore_create_pooled((struct semaphore **)&object, x->a[0], x->a[1]);
		type = KOBJ_SEMAPHORE;
		break;
	case SYS_QUEUE_CREATE:
		err = queue_create_pooled((struct queue **)&object, x->a[0], x->a[1]);
		type = KOBJ_QUEUE;
		break;
	case SYS_EVENT_CREATE:
		if (x->a[0] & 0x80000000u)
			return ERR_INVALID; /* results must stay non-negative */
		err = event_create_pooled((struct event_flags **)&object, x->a[0]);
		type = KOBJ_EVENT;
		break;
	}
	if (err != 0)
		return err;
	return handle_install(x->proc, type, object);
}

static int32_t sys_object(const struct args *x, uint32_t number)
{
	static const uint8_t kind[SYS_COUNT] = {
		[SYS_MUTEX_LOCK] = KOBJ_MUTEX,	   [SYS_MUTEX_UNLOCK] = KOBJ_MUTEX,
		[SYS_SEM_TAKE] = KOBJ_SEMAPHORE,   [SYS_SEM_GIVE] = KOBJ_SEMAPHORE,
		[SYS_QUEUE_SEND] = KOBJ_QUEUE,	   [SYS_QUEUE_RECEIVE] = KOBJ_QUEUE,
		[SYS_EVENT_SET] = KOBJ_EVENT,	   [SYS_EVENT_CLEAR] = KOBJ_EVENT,
		[SYS_EVENT_WAIT] = KOBJ_EVENT,
	};
	void *obj;
	struct kobject *o = get_object(x, (enum kobject_type)kind[number], &obj);
	int32_t r;

	if (o == NULL)
		return ERR_HANDLE;
	switch (number) {
	case SYS_MUTEX_LOCK:
		r = mutex_lock(obj, x->a[1]);
		break;
	case SYS_MUTEX_UNLOCK:
		r = mutex_unlock(obj);
		break;
	case SYS_SEM_TAKE:
		r = semaphore_take(obj, x->a[1]);
		break;
	case SYS_SEM_GIVE:
		r = semaphore_give(obj);
		break;
	case SYS_QUEUE_SEND:
	case SYS_QUEUE_RECEIVE: {
		struct queue *q = obj;
		bool receive = number == SYS_QUEUE_RECEIVE;
		if (!syscall_range_ok(x->proc, x->a[1], q->item_bytes, receive))
			r = ERR_FAULT;
		else if (receive)
			r = queue_receive(q, (void *)x->a[1], x->a[2]);
		else
			r = queue_send(q, (const void *)x->a[1], x->a[2]);
		break;
	}
	case SYS_EVENT_SET:
		r = (x->a[1] & 0x80000000u) ? ERR_INVALID : event_set(obj, x->a[1]);
		break;
	case SYS_EVENT_CLEAR:
		r = event_clear(obj, x->a[1]);
		break;
	default: { /* SYS_EVENT_WAIT */
		uint32_t seen = 0;
		if (x->a[1] & 0x80000000u)
			r = ERR_INVALID;
		else
			r = event_wait(obj, x->a[1], x->a[2], &seen, x->a[3]);
		if (r == 0)
			r = (int32_t)seen;
		break;
	}
	}
	handle_put(o);
	return r;
}

static int32_t sys_spawn(const struct args *x)
{
	char name[CONFIG_PROCESS_NAME_BYTES];
	int err = copy_string(x->proc, name, sizeof(name), x->a[0]);

	return err ? err : process_spawn(name);
}

static int32_t sys_wait(const struct args *x)
{
	struct sys_exit_status st;
	uintptr_t out = x->a[1];

	if (out != 0 && !syscall_range_ok(x->proc, out, sizeof(st), true))
		return ERR_FAULT;
	int32_t pid = process_wait((int32_t)x->a[0], &st, x->a[2]);
	if (pid > 0 && out != 0)
		memcpy((void *)out, &st, sizeof(st));
	return pid;
}

static int32_t sys_ipc_call(const struct args *x)
{
	struct sys_ipc_call call;

	if (!syscall_range_ok(x->proc, x->a[1], sizeof(call), false))
		return ERR_FAULT;
	memcpy(&call, (const void *)x->a[1], sizeof(call));
	if (!syscall_range_ok(x->proc, (uintptr_t)call.send, call.send_len, false) ||
	    !syscall_range_ok(x->proc, (uintptr_t)call.reply, call.reply_cap, true))
		return ERR_FAULT;
	return ipc_call(x->a[0], call.send, call.send_len, call.reply, call.reply_cap, x->a[2]);
}

static int32_t sys_ipc_receive(const struct args *x)
{
	uint32_t sender = 0;
	uintptr_t out = x->a[2];

	if (!syscall_range_ok(x->proc, x->a[0], x->a[1], true) ||
	    (out != 0 && !syscall_range_ok(x->proc, out, sizeof(sender), true)))
		return ERR_FAULT;
	int32_t n = ipc_receive((void *)x->a[0], x->a[1], &sender, x->a[3]);
	if (n >= 0 && out != 0)
		memcpy((void *)out, &sender, sizeof(sender));
	return n;
}

static int32_t dispatch(struct args *x, uint32_t number)
{
	switch (number) {
	case SYS_EXIT:
		process_exit((int32_t)x->a[0]);
	case SYS_YIELD:
		thread_yield();
		return 0;
	case SYS_SLEEP:
		return thread_sleep(x->a[0]);
	case SYS_TIME:
		return (int32_t)(time_ticks() & 0x7fffffffu);
	case SYS_WRITE:
		if (!syscall_range_ok(x->proc, x->a[0], x->a[1], false))
			return ERR_FAULT;
		libc_console_write((const char *)x->a[0], x->a[1]);
		return (int32_t)x->a[1];
	case SYS_GETPID:
		return (int32_t)x->proc->pid;
	case SYS_THREAD_CREATE:
		return sys_thread_create(x);
	case SYS_THREAD_EXIT:
		thread_exit(NULL);
	case SYS_MUTEX_CREATE:
	case SYS_SEM_CREATE:
	case SYS_QUEUE_CREATE:
	case SYS_EVENT_CREATE:
		return sys_create(x, number);
	case SYS_MUTEX_LOCK:
	case SYS_MUTEX_UNLOCK:
	case SYS_SEM_TAKE:
	case SYS_SEM_GIVE:
	case SYS_QUEUE_SEND:
	case SYS_QUEUE_RECEIVE:
	case SYS_EVENT_SET:
	case SYS_EVENT_CLEAR:
	case SYS_EVENT_WAIT:
		return sys_object(x, number);
	case SYS_HANDLE_CLOSE:
		return handle_close(x->proc, (int32_t)x->a[0]);
	case SYS_HANDLE_GRANT:
		return handle_grant(x->proc, (int32_t)x->a[0], x->a[1]);
	case SYS_SPAWN:
		return sys_spawn(x);
	case SYS_WAIT:
		return sys_wait(x);
	case SYS_KILL:
		return process_kill((int32_t)x->a[0]);
	case SYS_IPC_CALL:
		return sys_ipc_call(x);
	case SYS_IPC_RECEIVE:
		return sys_ipc_receive(x);
	case SYS_IPC_REPLY:
		if (!syscall_range_ok(x->proc, x->a[1], x->a[2], false))
			return ERR_FAULT;
		return ipc_reply(x->a[0], (const void *)x->a[1], x->a[2]);
	}
	return ERR_NOSYS;
}

int32_t syscall_run(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t number)
{
	struct args x = { sched_self(), sched_self()->process, { a0, a1, a2, a3 } };
	int32_t result = x.self->killed ? ERR_KILLED : dispatch(&x, number);

	x.self->user->syscalls++; /* only user code reaches syscall_run */
	if (x.self->killed)
		process_end_killed_thread(); /* its process is ending */
	return result;
}
