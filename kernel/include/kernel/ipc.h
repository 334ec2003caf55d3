/* SPDX-License-Identifier: MIT */
/*
 * Synchronous message passing between processes: call, receive, reply.
 *
 *   client                              server
 *   ipc_call(server, msg, reply) --->   ipc_receive(buf) returns msg, sender
 *        (blocked)                      ... works ...
 *   returns the reply           <---    ipc_reply(sender, answer)
 *
 * The kernel copies each message once, straight from the sender's memory
 * into the receiver's (at most SYS_IPC_MAX_BYTES, under the kernel lock),
 * so the two processes never share memory.  A call blocks until the reply
 * arrives or its timeout passes (one deadline for both halves); a receive
 * blocks until a call arrives.  Calls wait in the server process's queue
 * by priority.  Any thread of the server may reply, once, to a call its
 * process received, naming it by the token the receive returned.  If
 * either side's process ends, the other gets ERR_NO_PROCESS.
 *
 * Choice and cost: rendezvous with copying needs no buffer in the kernel
 * and no shared memory to check, and a call is one round trip (two
 * switches when the server is waiting).  Its cost is the two copies and
 * the sender blocking for the whole exchange; for one-way streams, a
 * queue granted by handle (SYS_HANDLE_GRANT) does not block the sender.
 *
 * Pointers here are already checked to lie in the caller's memory
 * (kernel/syscall.c).  Context: thread.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <stdint.h>

#include "kernel/process.h"

/* Sends send_len bytes to process pid and waits for its reply (at most
 * reply_cap bytes are kept).
 * Returns: the reply's length; ERR_NO_PROCESS; ERR_RANGE (send_len over
 * SYS_IPC_MAX_BYTES, or a bad timeout); ERR_TIMEOUT; ERR_DEADLOCK (pid is
 * the caller's own process); ERR_KILLED. */
int ipc_call(uint32_t pid, const void *send, uint32_t send_len, void *reply, uint32_t reply_cap,
	     uint32_t timeout_ticks);

/* Waits for a call to the caller's process and copies its message (cut
 * to cap bytes); *sender gets the call's token for ipc_reply.
 * Returns: the message's length; ERR_TIMEOUT; ERR_WOULD_BLOCK; ERR_RANGE;
 * ERR_KILLED. */
int ipc_receive(void *buf, uint32_t cap, uint32_t *sender, uint32_t timeout_ticks);

/* Answers the call with token sender, received by the caller's process.
 * Returns: 0; ERR_NO_PROCESS (no such call waits: it timed out, or its
 * process ended); ERR_RANGE (len over SYS_IPC_MAX_BYTES). */
int ipc_reply(uint32_t sender, const void *buf, uint32_t len);

/* Process p is ending: fail every call waiting on it.  Lock held. */
void ipc_process_gone_locked(struct process *p);

#endif
