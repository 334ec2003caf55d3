/* SPDX-License-Identifier: MIT */
/*
 * IPC between two processes: a client calls a server with messages of
 * several sizes up to SYS_IPC_MAX_BYTES (one byte over is ERR_RANGE), gets
 * a reply cut to its room, times out when the server does not receive or
 * answers late (the late reply gets ERR_NO_PROCESS), and gets
 * ERR_NO_PROCESS when the server is killed while it waits.  The client
 * checks its side and exits with its failure count; here it must be 0,
 * the server must have been killed, and the kernel must be consistent.
 */
#include <stdint.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/list.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "ktest.h"

/* Whether a call without a deadline (the client's last) waits in process
 * pid's queue, not yet received. */
static bool call_waiting(int pid)
{
	uint32_t key = kernel_lock();
	struct process *p = process_find_locked((uint32_t)pid);
	struct thread *t = p != NULL ? wait_queue_first(&p->ipc_senders) : NULL;
	bool waiting = t != NULL && !list_node_linked(&t->timeout_node);
	kernel_unlock(key);
	return waiting;
}

static void test_client_server(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	uint32_t msg, reply = 1;

	int server = process_spawn("server");
	int client = process_spawn("client");
	CHECK(server > 1 && client > 1);
	/* The kernel side calls the server too. */
	uint8_t echo[3] = { 1, 2, 3 }, back[3] = { 0 };
	CHECK_EQ(ipc_call((uint32_t)server, echo, 3, back, 3, 100), 3);
	CHECK(back[0] == 2 && back[1] == 3 && back[2] == 4);
	msg = (uint32_t)server;
	CHECK_EQ(ipc_call((uint32_t)client, &msg, 4, &reply, 4, 100), 4);
	CHECK_EQ(reply, 0);

	/* Wait until the client's last call to the server waits. */
	unsigned waited = 0;
	while (!call_waiting(server) && waited < 2000) {
		thread_sleep(1);
		waited++;
	}
	CHECK(waited < 2000);
	thread_sleep(5);
	CHECK_EQ(process_wait(client, &st, TIMEOUT_NO_WAIT), ERR_WOULD_BLOCK);
	CHECK_EQ(process_kill(server), 0);
	CHECK_EQ(process_wait(server, &st, 1000), server);
	CHECK_EQ(st.cause, SYS_KILLED);
	CHECK_EQ(process_wait(client, &st, 1000), client);
	CHECK_EQ(st.cause, SYS_EXITED);
	CHECK_EQ(st.status, 0);
	/* The kernel side gets the same answer as the client. */
	CHECK_EQ(ipc_call((uint32_t)server, echo, 3, back, 3, 100), ERR_NO_PROCESS);
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("ipc.client_server", test_client_server);
	return ktest_finish();
}
