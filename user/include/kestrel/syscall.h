/* SPDX-License-Identifier: MIT */
/*
 * The syscall ABI: how an unprivileged thread asks the kernel for
 * something.  Shared by the user library (user/) and the kernel
 * (kernel/syscall.c); nothing else in a process may enter the kernel.
 *
 *   svc #0 with   r12 = syscall number (enum sys_number)
 *                 r0-r3 = up to four arguments (words: integers, handles,
 *                         pointers into the caller's own memory)
 *   returns       r0 = result: >= 0 on success (a value, a handle, a
 *                      length), or a negative ERR_* code (kernel/errors.h);
 *                 r1-r3 and r12 are clobbered, everything else is kept.
 *
 * A call that needs more than four words takes a pointer to a struct in
 * the caller's memory (struct sys_ipc_call).  The kernel checks every
 * argument before it changes anything: an unknown number returns
 * ERR_NOSYS, a handle not in the caller's table ERR_HANDLE, a pointer or
 * length not wholly inside the caller's own regions ERR_FAULT.
 *
 * svc #1 is the kernel's own: it ends a syscall and returns to the
 * thread's user code.  From user code it, and any svc number but 0, is
 * refused with ERR_NOSYS.
 */
#ifndef KESTREL_SYSCALL_H
#define KESTREL_SYSCALL_H

#include <stdint.h>

enum sys_number {
	SYS_EXIT = 0,          /* (status)                       never returns */
	SYS_YIELD,             /* ()                              0 */
	SYS_SLEEP,             /* (ticks)                         0 */
	SYS_TIME,              /* ()                              tick count (low 31 bits) */
	SYS_WRITE,             /* (buf, len)                      len: console output */
	SYS_GETPID,            /* ()                              pid */
	SYS_THREAD_CREATE,     /* (entry, arg, priority)          tid */
	SYS_THREAD_EXIT,       /* ()                              never returns */
	SYS_MUTEX_CREATE,      /* (flags)                         handle */
	SYS_MUTEX_LOCK,        /* (handle, timeout)               0 */
	SYS_MUTEX_UNLOCK,      /* (handle)                        0 */
	SYS_SEM_CREATE,        /* (initial, max)                  handle */
	SYS_SEM_TAKE,          /* (handle, timeout)               0 */
	SYS_SEM_GIVE,          /* (handle)                        0 */
	SYS_QUEUE_CREATE,      /* (item_bytes, capacity)          handle */
	SYS_QUEUE_SEND,        /* (handle, item, timeout)         0 */
	SYS_QUEUE_RECEIVE,     /* (handle, item, timeout)         0 */
	SYS_EVENT_CREATE,      /* (initial bits)                  handle */
	SYS_EVENT_SET,         /* (handle, bits)                  0 */
	SYS_EVENT_CLEAR,       /* (handle, bits)                  0 */
	SYS_EVENT_WAIT,        /* (handle, mask, options, timeout) bits seen */
	SYS_HANDLE_CLOSE,      /* (handle)                        0 */
	SYS_HANDLE_GRANT,      /* (handle, pid)                   handle in pid's table */
	SYS_SPAWN,             /* (image name)                    pid */
	SYS_WAIT,              /* (pid or -1, status out, timeout) pid */
	SYS_KILL,              /* (pid)                           0 */
	SYS_IPC_CALL,          /* (pid, struct sys_ipc_call *, timeout) reply length */
	SYS_IPC_RECEIVE,       /* (buf, cap, sender out, timeout) message length */
	SYS_IPC_REPLY,         /* (sender, buf, len)              0 */
	SYS_COUNT
};

/* SYS_IPC_CALL's message and the room for the reply. */
struct sys_ipc_call {
	const void *send;
	uint32_t send_len;
	void *reply;
	uint32_t reply_cap;
};

/* What SYS_WAIT stores: how the child ended. */
enum sys_exit_cause {
	SYS_EXITED = 0, /* it called SYS_EXIT (or its last thread ended) */
	SYS_KILLED = 1, /* SYS_KILL or process_kill */
	SYS_FAULTED = 2 /* a CPU fault in one of its threads */
};

/* SYS_FAULTED: what the fault was (docs/faults.md has the table of the
 * faults behind each). */
enum sys_fault_cause {
	SYS_FAULT_NONE = 0,       /* not a fault */
	SYS_FAULT_MEMORY,         /* a load, store or fetch its regions do not allow */
	SYS_FAULT_INSTRUCTION,    /* undefined instruction, invalid state, division by zero */
	SYS_FAULT_STACK_OVERFLOW, /* SP ran below its stack (guard, PSPLIM or canary) */
	SYS_FAULT_BAD_SP,         /* an exception entry could not push its frame at its SP */
	SYS_FAULT_BAD_RETURN,     /* a return to its code found a frame it could not use */
};

struct sys_exit_status {
	int32_t status;     /* SYS_EXIT's argument; for a fault, the exception number */
	uint32_t cause;     /* enum sys_exit_cause */
	uint32_t fault_pc;  /* SYS_FAULTED: where (0: not known, no frame was stacked) */
	uint32_t fault_address; /* SYS_FAULTED: the faulting data address, or 0 */
	uint32_t fault_cause;   /* SYS_FAULTED: enum sys_fault_cause */
};

/* Largest message SYS_IPC_CALL and SYS_IPC_REPLY copy. */
#define SYS_IPC_MAX_BYTES 256u

/* Wait options for SYS_EVENT_WAIT (as kernel/event.h). */
#define SYS_EVENT_WAIT_ALL 1u
#define SYS_EVENT_WAIT_CLEAR 2u

/* Timeouts in ticks; as kernel/time.h. */
#define SYS_NO_WAIT 0u
#define SYS_FOREVER 0xffffffffu

#endif
