/* SPDX-License-Identifier: MIT */
/*
 * The user library's calls: each is one svc (kestrel/syscall.h), plus the
 * process's entry, its console printf and its heap.
 */
#include "kestrel/uformat.h"
#include "kestrel/uheap.h"
#include "kestrel/user.h"

/* From PROCESS(), in the same process. */
extern uint8_t process_heap_[];
extern const uint32_t process_heap_bytes_;

const char *error_name(int err); /* kernel/errors.c, linked into each process too */

static struct uheap heap;
static int heap_lock = -1;

/* The first thread's entry, given the image's main (the image descriptor
 * itself is kernel data): the heap, then main, then exit with its value. */
void u_process_start(void *main)
{
	int (*entry)(void) = (int (*)(void))(uintptr_t)main;

	uheap_init(&heap, process_heap_, process_heap_bytes_);
	heap_lock = u_mutex_create(0);
	u_exit(entry());
}

void u_thread_return(void *value)
{
	(void)value;
	u_thread_exit();
}

#define CALL0(n) u_syscall((n), 0, 0, 0, 0)
#define CALL1(n, a) u_syscall((n), (uint32_t)(a), 0, 0, 0)
#define CALL2(n, a, b) u_syscall((n), (uint32_t)(a), (uint32_t)(b), 0, 0)
#define CALL3(n, a, b, c) u_syscall((n), (uint32_t)(a), (uint32_t)(b), (uint32_t)(c), 0)
#define CALL4(n, a, b, c, d) \
	u_syscall((n), (uint32_t)(a), (uint32_t)(b), (uint32_t)(c), (uint32_t)(d))

void u_exit(int status)
{
	CALL1(SYS_EXIT, status);
	for (;;)
		;
}

void u_thread_exit(void)
{
	CALL0(SYS_THREAD_EXIT);
	for (;;)
		;
}

int u_getpid(void) { return CALL0(SYS_GETPID); }
int u_spawn(const char *image) { return CALL1(SYS_SPAWN, image); }
int u_wait(int pid, struct sys_exit_status *status, uint32_t timeout)
{
	return CALL3(SYS_WAIT, pid, status, timeout);
}
int u_kill(int pid) { return CALL1(SYS_KILL, pid); }
int u_thread_create(void (*entry)(void *), void *arg, unsigned priority)
{
	return CALL3(SYS_THREAD_CREATE, entry, arg, priority);
}
int u_yield(void) { return CALL0(SYS_YIELD); }
int u_sleep(uint32_t ticks) { return CALL1(SYS_SLEEP, ticks); }
uint32_t u_time(void) { return (uint32_t)CALL0(SYS_TIME); }

int u_mutex_create(uint32_t flags) { return CALL1(SYS_MUTEX_CREATE, flags); }
int u_mutex_lock(int h, uint32_t timeout) { return CALL2(SYS_MUTEX_LOCK, h, timeout); }
int u_mutex_unlock(int h) { return CALL1(SYS_MUTEX_UNLOCK, h); }
int u_sem_create(uint32_t initial, uint32_t max) { return CALL2(SYS_SEM_CREATE, initial, max); }
int u_sem_take(int h, uint32_t timeout) { return CALL2(SYS_SEM_TAKE, h, timeout); }
int u_sem_give(int h) { return CALL1(SYS_SEM_GIVE, h); }
int u_queue_create(uint32_t item_bytes, uint32_t capacity)
{
	return CALL2(SYS_QUEUE_CREATE, item_bytes, capacity);
}
int u_queue_send(int h, const void *item, uint32_t timeout)
{
	return CALL3(SYS_QUEUE_SEND, h, item, timeout);
}
int u_queue_receive(int h, void *item, uint32_t timeout)
{
	return CALL3(SYS_QUEUE_RECEIVE, h, item, timeout);
}
int u_event_create(uint32_t initial) { return CALL1(SYS_EVENT_CREATE, initial); }
int u_event_set(int h, uint32_t bits) { return CALL2(SYS_EVENT_SET, h, bits); }
int u_event_clear(int h, uint32_t bits) { return CALL2(SYS_EVENT_CLEAR, h, bits); }
int u_event_wait(int h, uint32_t mask, uint32_t options, uint32_t timeout)
{
	return CALL4(SYS_EVENT_WAIT, h, mask, options, timeout);
}
int u_handle_close(int h) { return CALL1(SYS_HANDLE_CLOSE, h); }
int u_handle_grant(int h, int pid) { return CALL2(SYS_HANDLE_GRANT, h, pid); }

int u_ipc_call(int pid, const void *msg, uint32_t len, void *reply, uint32_t cap,
	       uint32_t timeout)
{
	struct sys_ipc_call call = { msg, len, reply, cap };

	return CALL3(SYS_IPC_CALL, pid, &call, timeout);
}
int u_ipc_receive(void *buf, uint32_t cap, uint32_t *sender, uint32_t timeout)
{
	return CALL4(SYS_IPC_RECEIVE, buf, cap, sender, timeout);
}
int u_ipc_reply(uint32_t sender, const void *msg, uint32_t len)
{
	return CALL3(SYS_IPC_REPLY, sender, msg, len);
}

int u_write(const void *buf, uint32_t len) { return CALL2(SYS_WRITE, buf, len); }

int u_printf(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	int n = uvformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	return u_write(line, (uint32_t)n < sizeof(line) ? (uint32_t)n : sizeof(line) - 1);
}

void *u_malloc(size_t bytes)
{
	if (u_mutex_lock(heap_lock, SYS_FOREVER) != 0)
		return NULL;
	void *p = uheap_alloc(&heap, bytes);
	u_mutex_unlock(heap_lock);
	return p;
}

void u_free(void *p)
{
	if (u_mutex_lock(heap_lock, SYS_FOREVER) != 0)
		return;
	uheap_free(&heap, p);
	u_mutex_unlock(heap_lock);
}

const char *u_strerror(int err)
{
	return error_name(err);
}
