/* SPDX-License-Identifier: MIT */
/*
 * Syscall argument checking: an unprivileged process (`args`) calls every
 * syscall with bad handles (out of the table, free slots, wrong kind), bad
 * pointers (NULL, the kernel's RAM, data and code, device space, ranges
 * that straddle the end of its region or wrap), values out of range
 * (priorities, timeouts, event bits, object sizes, message lengths),
 * unknown numbers and svc #1 / svc #7, and checks each returns the
 * documented error and leaves its valid objects unchanged.  The process
 * returns the number of failed checks; here it must exit with 0, and the
 * kernel's pools and records must be as before.
 */
#include <stdint.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/handle.h"
#include "kernel/ipc.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/queue.h"
#include "kernel/semaphore.h"
#include "kernel/event.h"
#include "kernel/thread.h"
#include "ktest.h"

static volatile uint32_t kernel_word = 0x600dc0deu;

static void test_bad_arguments(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	unsigned records = handle_records_free(), mutexes = mutex_pool_free();
	unsigned sems = semaphore_pool_free(), queues = queue_pool_free();
	unsigned events = event_pool_free(), threads = thread_pool_free();
	uint32_t msg[2] = { (uint32_t)&kernel_word, (uint32_t)(uintptr_t)&kernel_check };
	uint32_t reply = 1;

	int pid = process_spawn("args");
	CHECK(pid > 1);
	CHECK_EQ(ipc_call((uint32_t)pid, msg, sizeof(msg), &reply, sizeof(reply), 1000), 4);
	CHECK_EQ(process_wait(pid, &st, 5000), pid);
	CHECK_EQ(st.cause, SYS_EXITED);
	CHECK_EQ(st.status, 0);
	CHECK_EQ(kernel_word, 0x600dc0deu);
	CHECK_EQ(handle_records_free(), records);
	CHECK_EQ(mutex_pool_free(), mutexes);
	CHECK_EQ(semaphore_pool_free(), sems);
	CHECK_EQ(queue_pool_free(), queues);
	CHECK_EQ(event_pool_free(), events);
	CHECK_EQ(thread_pool_free(), threads);
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("syscall_args.bad_arguments", test_bad_arguments);
	return ktest_finish();
}
