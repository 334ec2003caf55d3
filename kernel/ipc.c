/* SPDX-License-Identifier: MIT */
/*
 * Synchronous message passing (see ipc.h).
 *
 * A call in progress is described on the caller's own stack (struct
 * exchange, pointed to by thread.wait_buffer) and its caller is BLOCKED
 * in one of two ways:
 *   "ipc send"   in the server's ipc_senders queue: not yet received;
 *   "ipc reply"  in no queue, wait_object = the server process: received,
 *                waiting for the answer.
 * A receiver waits in its process's ipc_receivers queue with its own
 * exchange.  Both kinds keep their deadline in the timeout list.  The
 * receiver learns the call's token, which its reply names.
 */
#include <string.h>

#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

static const char wait_send[] = "ipc send";
static const char wait_reply[] = "ipc reply";
static const char wait_receive[] = "ipc receive";

struct exchange {
	const void *send; /* caller: the message */
	uint32_t send_len;
	void *buf;        /* caller: room for the reply; receiver: for the message */
	uint32_t cap;
	uint32_t token;   /* caller: this call's; receiver: the call it got */
};

/* Each call's token, what the receiver replies to: unique (until 2^32
 * calls), so a late reply to a call that timed out never reaches a later
 * call of the same thread. */
static uint32_t next_token = 1;

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* Copies caller's message to the receiver; the caller now waits for the
 * answer.  Returns the length the receiver got. */
static uint32_t deliver_locked(struct thread *caller, struct exchange *to, struct process *server)
{
	const struct exchange *call = caller->wait_buffer;
	uint32_t n = min_u32(call->send_len, to->cap);

	memcpy(to->buf, call->send, n);
	to->token = call->token;
	if (caller->state == THREAD_BLOCKED && caller->wait_reason == wait_send) {
		list_remove(&caller->sched_node); /* out of the senders queue */
		caller->wait_queue = NULL;
	}
	caller->wait_reason = wait_reply;
	caller->wait_object = server;
	return n;
}

int ipc_call(uint32_t pid, const void *send, uint32_t send_len, void *reply, uint32_t reply_cap,
	     uint32_t timeout_ticks)
{
	if (arch_in_isr())
		return ERR_CONTEXT;
	if (send_len > SYS_IPC_MAX_BYTES || !timeout_valid(timeout_ticks) ||
	    timeout_ticks == TIMEOUT_NO_WAIT)
		return ERR_RANGE;

	struct exchange call = { send, send_len, reply, reply_cap, 0 };
	uint32_t key = kernel_lock();
	call.token = next_token++;
	if (next_token == 0)
		next_token = 1;
	struct thread *self = sched_self();
	struct process *server = process_find_locked(pid);

	if (server == NULL || server->state != PROCESS_ALIVE) {
		kernel_unlock(key);
		return ERR_NO_PROCESS;
	}
	if (server == self->process) {
		kernel_unlock(key);
		return ERR_DEADLOCK;
	}
	self->wait_buffer = &call;
	struct thread *receiver = wait_queue_first(&server->ipc_receivers);
	if (receiver != NULL) {
		/* The server waits: hand the message over and wait for the answer. */
		uint32_t n = deliver_locked(self, receiver->wait_buffer, server);
		sched_wake_locked(receiver, (int)n);
		sched_block_locked(NULL, server, wait_reply, timeout_ticks);
	} else {
		sched_block_locked(&server->ipc_senders, server, wait_send, timeout_ticks);
	}
	return sched_wait(key); /* the reply's length, or why not */
}

int ipc_receive(void *buf, uint32_t cap, uint32_t *sender, uint32_t timeout_ticks)
{
	if (arch_in_isr())
		return ERR_CONTEXT;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	struct exchange rx = { NULL, 0, buf, cap, 0 };
	uint32_t key = kernel_lock();
	struct thread *self = sched_self();
	struct process *me = self->process;
	struct thread *caller = wait_queue_first(&me->ipc_senders);
	int result;

	if (caller != NULL) {
		result = (int)deliver_locked(caller, &rx, me);
		kernel_unlock(key);
	} else if (timeout_ticks == TIMEOUT_NO_WAIT) {
		kernel_unlock(key);
		return ERR_WOULD_BLOCK;
	} else {
		self->wait_buffer = &rx;
		result = sched_block(&me->ipc_receivers, me, wait_receive, timeout_ticks, key);
	}
	if (result >= 0 && sender != NULL)
		*sender = rx.token;
	return result;
}

/* The thread waiting for p's answer to the call with this token, or
 * NULL.  O(threads). */
static struct thread *awaiting_reply_locked(const struct process *p, uint32_t token)
{
	struct list_node *pos;

	list_for_each(pos, &thread_all) {
		struct thread *t = list_entry(pos, struct thread, all_node);
		if (t->state == THREAD_BLOCKED && t->wait_reason == wait_reply &&
		    t->wait_object == p && ((const struct exchange *)t->wait_buffer)->token == token)
			return t;
	}
	return NULL;
}

int ipc_reply(uint32_t sender, const void *buf, uint32_t len)
{
	if (len > SYS_IPC_MAX_BYTES)
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	struct thread *caller = awaiting_reply_locked(sched_self()->process, sender);

	if (caller == NULL) {
		kernel_unlock(key);
		return ERR_NO_PROCESS;
	}
	const struct exchange *call = caller->wait_buffer;
	uint32_t n = min_u32(len, call->cap);
	memcpy(call->buf, buf, n);
	sched_wake_locked(caller, (int)n);
	kernel_unlock(key);
	return 0;
}

void ipc_process_gone_locked(struct process *p)
{
	struct thread *t;
	struct list_node *pos, *next;

	while ((t = wait_queue_first(&p->ipc_senders)) != NULL)
		sched_wake_locked(t, ERR_NO_PROCESS);
	for (pos = thread_all.next; pos != &thread_all; pos = next) {
		next = pos->next;
		t = list_entry(pos, struct thread, all_node);
		if (t->state == THREAD_BLOCKED && t->wait_reason == wait_reply && t->wait_object == p)
			sched_wake_locked(t, ERR_NO_PROCESS);
	}
}
