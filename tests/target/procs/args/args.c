/* SPDX-License-Identifier: MIT */
/*
 * The syscall_args test's process: calls every syscall with bad handles,
 * bad pointers and out-of-range values, and checks each gets the
 * documented error and changes nothing.  It first receives, by IPC,
 * { address of a kernel variable, address of a kernel function }.
 * Exit status: the number of checks that failed (each is printed).
 */
#include <string.h>

#include "kestrel/user.h"
#include "kernel/errors.h"

extern char __proc_args_ram_start[], __proc_args_ram_end[];

static int failures;

static void expect(int line, int32_t got, int32_t want)
{
	if (got != want) {
		failures++;
		u_printf("args: line %d: got %ld (%s), want %ld (%s)\n", line, (long)got,
			 u_strerror(got), (long)want, u_strerror(want));
	}
}
#define EXPECT(call, want) expect(__LINE__, (int32_t)(call), (int32_t)(want))

#define SYS(n, a, b, c, d) u_syscall((n), (uint32_t)(a), (uint32_t)(b), (uint32_t)(c), (uint32_t)(d))

static const char rodata_word[4] = "abc"; /* in the code region: readable, not writable */
static uint8_t buf[SYS_IPC_MAX_BYTES + 8];

static void entry(void *arg)
{
	(void)arg;
}

static int32_t svc1(void)
{
	register uint32_t r0 __asm__("r0") = 0x1234;
	__asm__ volatile("svc #1" : "+r"(r0) : : "r1", "r2", "r3", "r12", "memory");
	return (int32_t)r0;
}

static int32_t svc7(void)
{
	register uint32_t r0 __asm__("r0") = 0x1234;
	register uint32_t r12 __asm__("r12") = SYS_GETPID;
	__asm__ volatile("svc #7" : "+r"(r0), "+r"(r12) : : "r1", "r2", "r3", "memory");
	return (int32_t)r0;
}

static int args_main(void)
{
	uint32_t msg[2] = { 0, 0 }, sender = 0, zero = 0;
	struct sys_exit_status st;
	struct sys_ipc_call call;

	if (u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER) != 8)
		return 200;
	u_ipc_reply(sender, &zero, sizeof(zero));
	const uint32_t kdata = msg[0], kfunc = msg[1];
	const uint32_t kram = 0x20000000u; /* the kernel's RAM starts there on every board */
	const uintptr_t end = (uintptr_t)__proc_args_ram_end;
	const uintptr_t local = (uintptr_t)&st;
	const int me = u_getpid();

	int m = u_mutex_create(0), s = u_sem_create(1, 2), q = u_queue_create(4, 2);
	int e = u_event_create(0x5);
	EXPECT(m >= 0 && s >= 0 && q >= 0 && e >= 0, 1);
	const int32_t bad_handles[] = { -1, 16, 1000, 0x7fffffff };

	/* ---- handles: not in the table, or of the wrong kind ---------------- */
	for (unsigned i = 0; i < sizeof(bad_handles) / sizeof(bad_handles[0]); i++) {
		int32_t h = bad_handles[i];
		EXPECT(SYS(SYS_MUTEX_LOCK, h, 0, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_MUTEX_UNLOCK, h, 0, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_SEM_TAKE, h, 0, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_SEM_GIVE, h, 0, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_QUEUE_SEND, h, buf, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_QUEUE_RECEIVE, h, buf, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_EVENT_SET, h, 1, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_EVENT_CLEAR, h, 1, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_EVENT_WAIT, h, 1, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_HANDLE_CLOSE, h, 0, 0, 0), ERR_HANDLE);
		EXPECT(SYS(SYS_HANDLE_GRANT, h, me, 0, 0), ERR_HANDLE);
	}
	/* A free slot of the table is no handle either. */
	EXPECT(SYS(SYS_SEM_GIVE, 15, 0, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_HANDLE_CLOSE, 15, 0, 0, 0), ERR_HANDLE);
	/* Wrong kind. */
	EXPECT(SYS(SYS_MUTEX_LOCK, s, 0, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_MUTEX_UNLOCK, q, 0, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_SEM_TAKE, m, 0, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_SEM_GIVE, e, 0, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_QUEUE_SEND, s, buf, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_QUEUE_RECEIVE, e, buf, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_EVENT_SET, q, 1, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_EVENT_CLEAR, m, 1, 0, 0), ERR_HANDLE);
	EXPECT(SYS(SYS_EVENT_WAIT, s, 1, 0, 0), ERR_HANDLE);

	/* ---- pointers ---------------------------------------------------------- */
	const uintptr_t bad_ptrs[] = { 0, kram, kdata, kfunc & ~1u, end, end - 2, local + 0x100000u,
				       0xfffffffcu, 0xE000ED00u };
	for (unsigned i = 0; i < sizeof(bad_ptrs) / sizeof(bad_ptrs[0]); i++) {
		uintptr_t p = bad_ptrs[i];
		EXPECT(SYS(SYS_WRITE, p, 4, 0, 0), ERR_FAULT);
		EXPECT(SYS(SYS_QUEUE_SEND, q, p, 0, 0), ERR_FAULT);
		EXPECT(SYS(SYS_QUEUE_RECEIVE, q, p, 0, 0), ERR_FAULT);
		if (p != end - 2) /* its last bytes may be a (short) name: tested below */
			EXPECT(SYS(SYS_SPAWN, p, 0, 0, 0), ERR_FAULT);
		EXPECT(SYS(SYS_IPC_CALL, 1, p, 1, 0), ERR_FAULT);
		EXPECT(SYS(SYS_IPC_RECEIVE, p, 4, 0, 0), ERR_FAULT);
		if (p != 0) /* NULL is "no sender wanted" */
			EXPECT(SYS(SYS_IPC_RECEIVE, buf, 4, p, 0), ERR_FAULT);
		EXPECT(SYS(SYS_IPC_REPLY, 1, p, 4, 0), ERR_FAULT);
		if (p != 0) /* NULL is "no status wanted" */
			EXPECT(SYS(SYS_WAIT, -1, p, 0, 0), ERR_FAULT);
		EXPECT(SYS(SYS_THREAD_CREATE, p | 1u, 0, 5, 0), ERR_FAULT);
		/* The message and the reply buffer of a call. */
		call = (struct sys_ipc_call){ (const void *)p, 4, buf, 4 };
		EXPECT(SYS(SYS_IPC_CALL, 1, &call, 1, 0), ERR_FAULT);
		call = (struct sys_ipc_call){ buf, 4, (void *)p, 4 };
		EXPECT(SYS(SYS_IPC_CALL, 1, &call, 1, 0), ERR_FAULT);
	}
	/* Lengths that wrap or run past the region's end. */
	EXPECT(SYS(SYS_WRITE, buf, 0xffffffffu, 0, 0), ERR_FAULT);
	EXPECT(SYS(SYS_WRITE, buf, 0x80000000u, 0, 0), ERR_FAULT);
	EXPECT(SYS(SYS_WRITE, end - 4, 8, 0, 0), ERR_FAULT);
	EXPECT(SYS(SYS_IPC_RECEIVE, buf, 0xffffffffu, 0, 0), ERR_FAULT);
	EXPECT(SYS(SYS_IPC_RECEIVE, end - 4, 8, 0, 0), ERR_FAULT);
	EXPECT(SYS(SYS_IPC_REPLY, 1, buf, 0xffffffffu, 0), ERR_FAULT);
	call = (struct sys_ipc_call){ buf, 0xffffffffu, buf, 4 };
	EXPECT(SYS(SYS_IPC_CALL, 1, &call, 1, 0), ERR_FAULT);
	call = (struct sys_ipc_call){ buf, 4, buf, 0xfffffff0u };
	EXPECT(SYS(SYS_IPC_CALL, 1, &call, 1, 0), ERR_FAULT);
	EXPECT(SYS(SYS_IPC_CALL, 1, end - 8, 1, 0), ERR_FAULT); /* the struct itself straddles */
	/* The last word of the region is still ours. */
	EXPECT(SYS(SYS_QUEUE_SEND, q, end - 4, 0, 0), 0);
	EXPECT(SYS(SYS_QUEUE_RECEIVE, q, end - 4, 0, 0), 0);
	/* Read-only memory (its own code region): readable, not writable. */
	EXPECT(SYS(SYS_WRITE, rodata_word, 0, 0, 0), 0);
	EXPECT(SYS(SYS_QUEUE_SEND, q, rodata_word, 0, 0), 0);
	EXPECT(SYS(SYS_QUEUE_RECEIVE, q, rodata_word, 0, 0), ERR_FAULT);
	EXPECT(SYS(SYS_QUEUE_RECEIVE, q, buf, 0, 0), 0); /* the item is still there */
	EXPECT(memcmp(buf, "abc", 4), 0);
	EXPECT(SYS(SYS_WAIT, -1, rodata_word, 0, 0), ERR_FAULT);
	EXPECT(SYS(SYS_IPC_RECEIVE, rodata_word, 4, 0, 0), ERR_FAULT);
	/* A spawn name that runs off the end of its memory. */
	memset((void *)(end - 4), 'x', 4);
	EXPECT(SYS(SYS_SPAWN, end - 4, 0, 0, 0), ERR_FAULT);
	/* Thread entries: Thumb code of the process only. */
	EXPECT(SYS(SYS_THREAD_CREATE, 0, 0, 5, 0), ERR_FAULT);
	EXPECT(SYS(SYS_THREAD_CREATE, (uintptr_t)entry & ~1u, 0, 5, 0), ERR_FAULT);
	EXPECT(SYS(SYS_THREAD_CREATE, (uintptr_t)buf | 1u, 0, 5, 0), ERR_FAULT);
	EXPECT(SYS(SYS_THREAD_CREATE, kfunc, 0, 5, 0), ERR_FAULT);

	/* ---- values out of range -------------------------------------------------- */
	EXPECT(SYS(SYS_THREAD_CREATE, entry, 0, 0, 0), ERR_PRIORITY);
	EXPECT(SYS(SYS_THREAD_CREATE, entry, 0, 32, 0), ERR_PRIORITY);
	EXPECT(SYS(SYS_THREAD_CREATE, entry, 0, 13, 0), ERR_PRIORITY); /* ceiling 12 */
	EXPECT(SYS(SYS_THREAD_CREATE, entry, 0, 0xffffffffu, 0), ERR_PRIORITY);
	const uint32_t bad_timeouts[] = { 0x80000000u, 0xfffffffeu };
	for (unsigned i = 0; i < 2; i++) {
		uint32_t t = bad_timeouts[i];
		EXPECT(SYS(SYS_SLEEP, t, 0, 0, 0), ERR_RANGE);
		EXPECT(SYS(SYS_MUTEX_LOCK, m, t, 0, 0), ERR_RANGE);
		EXPECT(SYS(SYS_SEM_TAKE, s, t, 0, 0), ERR_RANGE);
		EXPECT(SYS(SYS_QUEUE_SEND, q, buf, t, 0), ERR_RANGE);
		EXPECT(SYS(SYS_QUEUE_RECEIVE, q, buf, t, 0), ERR_RANGE);
		EXPECT(SYS(SYS_EVENT_WAIT, e, 1, 0, t), ERR_RANGE);
		EXPECT(SYS(SYS_IPC_RECEIVE, buf, 4, 0, t), ERR_RANGE);
		call = (struct sys_ipc_call){ buf, 4, buf, 4 };
		EXPECT(SYS(SYS_IPC_CALL, 1, &call, t, 0), ERR_RANGE);
	}
	/* Event bits: bit 31 would make a result negative. */
	EXPECT(SYS(SYS_EVENT_CREATE, 0x80000000u, 0, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_EVENT_SET, e, 0x80000000u, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_EVENT_SET, e, 0xffffffffu, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_EVENT_WAIT, e, 0x80000001u, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_EVENT_WAIT, e, 0, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_EVENT_WAIT, e, 1, 0x100, 0), ERR_INVALID);
	/* Object parameters. */
	EXPECT(SYS(SYS_MUTEX_CREATE, 0xffff0000u, 0, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_SEM_CREATE, 3, 2, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_SEM_CREATE, 0, 0, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_QUEUE_CREATE, 0, 4, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_QUEUE_CREATE, 4, 0, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_QUEUE_CREATE, 0x10000u, 0x10000u, 0, 0), ERR_INVALID);
	EXPECT(SYS(SYS_QUEUE_CREATE, 1000, 1, 0, 0), ERR_INVALID);
	/* Messages over the limit. */
	call = (struct sys_ipc_call){ buf, SYS_IPC_MAX_BYTES + 1, buf, 4 };
	EXPECT(SYS(SYS_IPC_CALL, 1, &call, 1, 0), ERR_RANGE);
	EXPECT(SYS(SYS_IPC_REPLY, 1, buf, SYS_IPC_MAX_BYTES + 1, 0), ERR_RANGE);
	/* Processes. */
	call = (struct sys_ipc_call){ buf, 4, buf, 4 };
	EXPECT(SYS(SYS_IPC_CALL, me, &call, 1, 0), ERR_DEADLOCK);
	EXPECT(SYS(SYS_IPC_CALL, 999, &call, 1, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_IPC_REPLY, 999, buf, 4, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_KILL, 0, 0, 0, 0), ERR_PERMISSION);
	EXPECT(SYS(SYS_KILL, 1, 0, 0, 0), ERR_PERMISSION);
	EXPECT(SYS(SYS_KILL, 999, 0, 0, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_KILL, -1, 0, 0, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_HANDLE_GRANT, m, 999, 0, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_HANDLE_GRANT, m, 0, 0, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_HANDLE_GRANT, m, 1, 0, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_WAIT, -1, &st, 0, 0), ERR_NO_PROCESS);
	EXPECT(SYS(SYS_WAIT, 1, &st, 0, 0), ERR_NO_PROCESS);

	/* ---- numbers ------------------------------------------------------------------ */
	EXPECT(SYS(SYS_COUNT, 0, 0, 0, 0), ERR_NOSYS);
	EXPECT(SYS(SYS_COUNT + 1, 0, 0, 0, 0), ERR_NOSYS);
	EXPECT(SYS(1000, 0, 0, 0, 0), ERR_NOSYS);
	EXPECT(SYS(0xffffffffu, 0, 0, 0, 0), ERR_NOSYS);
	EXPECT(SYS(0x80000000u, 0, 0, 0, 0), ERR_NOSYS);
	EXPECT(svc1(), ERR_NOSYS);
	EXPECT(svc7(), ERR_NOSYS);
	EXPECT(u_getpid(), me); /* and the calls still work */

	/* ---- the objects are as they were --------------------------------------------- */
	EXPECT(u_sem_take(s, SYS_NO_WAIT), 0);
	EXPECT(u_sem_take(s, SYS_NO_WAIT), ERR_WOULD_BLOCK);
	EXPECT(u_sem_give(s), 0);
	EXPECT(u_sem_give(s), 0);
	EXPECT(u_sem_give(s), ERR_FULL);
	EXPECT(u_mutex_lock(m, SYS_NO_WAIT), 0);
	EXPECT(u_mutex_unlock(m), 0);
	EXPECT(u_mutex_unlock(m), ERR_PERMISSION);
	EXPECT(u_queue_receive(q, buf, SYS_NO_WAIT), ERR_WOULD_BLOCK);
	EXPECT(u_event_wait(e, 0x7fffffffu, 0, SYS_NO_WAIT), 0x5);
	EXPECT(u_event_wait(e, 0x7, SYS_EVENT_WAIT_ALL, SYS_NO_WAIT), ERR_WOULD_BLOCK);
	/* Every handle still names its object; closing works once. */
	EXPECT(u_handle_close(m), 0);
	EXPECT(u_handle_close(m), ERR_HANDLE);
	EXPECT(u_handle_close(s), 0);
	EXPECT(u_handle_close(q), 0);
	EXPECT(u_handle_close(e), 0);

	u_printf("args: %d failures\n", failures);
	return failures;
}

PROCESS(args, 2, 1024, 256, .main = args_main, .priority = 10, .ceiling = 12);
