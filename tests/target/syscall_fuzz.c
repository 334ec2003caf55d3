/* SPDX-License-Identifier: MIT */
/*
 * Syscall fuzzing: a process (`fuzz`) makes 100,000 syscalls with random
 * numbers and arguments (see procs/fuzz/fuzz.c).  Afterwards it must have
 * exited normally with the count of calls it made, another process
 * (`witness`, spawned before) must still answer IPC calls, the kernel's
 * structures must be consistent and every pool (handle records, mutexes,
 * semaphores, queues, events, thread records) must be back to what it was
 * before the fuzzer ran.  Then the fuzzer is killed, 40 times, after 1 to
 * 40 ticks of fuzzing: wherever its threads are (in their code, inside a
 * syscall, blocked), the process ends and everything comes back.
 */
#include <stdint.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/event.h"
#include "kernel/handle.h"
#include "kernel/ipc.h"
#include "kernel/kprintf.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/queue.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "ktest.h"

/* Free records of every pool a process's syscalls draw from. */
struct pools {
	unsigned records, mutexes, semaphores, queues, events, threads;
};

static struct pools pools_now(void)
{
	return (struct pools){ handle_records_free(), mutex_pool_free(), semaphore_pool_free(),
			       queue_pool_free(),     event_pool_free(), thread_pool_free() };
}

static void check_pools(const struct pools *before)
{
	struct pools now = pools_now();

	CHECK_EQ(now.records, before->records);
	CHECK_EQ(now.mutexes, before->mutexes);
	CHECK_EQ(now.semaphores, before->semaphores);
	CHECK_EQ(now.queues, before->queues);
	CHECK_EQ(now.events, before->events);
	CHECK_EQ(now.threads, before->threads);
}

static void test_fuzz(void)
{
	struct sys_exit_status st = { -1, 0xff, 0, 0 };
	uint32_t msg, reply = 0;

	int witness = process_spawn("witness");
	CHECK(witness > 1);
	msg = 100;
	CHECK_EQ(ipc_call((uint32_t)witness, &msg, 4, &reply, 4, 1000), 4);
	CHECK_EQ(reply, 101);

	struct pools before = pools_now();
	uint32_t start = time_ticks();
	int pid = process_spawn("fuzz");
	CHECK(pid > 1);
	msg = (uint32_t)witness;
	CHECK_EQ(ipc_call((uint32_t)pid, &msg, 4, &reply, 4, 1000), 4);
	CHECK_EQ(process_wait(pid, &st, 120000), pid);
	kprintf("fuzz: %lu ticks\n", (unsigned long)(time_ticks() - start));
	CHECK_EQ(st.cause, SYS_EXITED);
	CHECK_EQ(st.status, 100000);

	/* The witness still answers, and counted only the calls that reached it. */
	msg = 0;
	reply = 0;
	CHECK_EQ(ipc_call((uint32_t)witness, &msg, 4, &reply, 4, 1000), 4);
	CHECK(reply >= 2);
	CHECK_EQ(kernel_check(), 0);
	check_pools(&before);

	CHECK_EQ(process_kill(witness), 0);
	CHECK_EQ(process_wait(witness, &st, 1000), witness);
	CHECK_EQ(st.cause, SYS_KILLED);
	CHECK_EQ(kernel_check(), 0);
}

static void test_killed_while_fuzzing(void)
{
	struct sys_exit_status st;
	uint32_t msg = 0, reply;
	struct pools before = pools_now();

	for (uint32_t round = 1; round <= 40; round++) {
		int pid = process_spawn("fuzz");
		if (!CHECK(pid > 1))
			return;
		/* No witness this time: grants and calls to PID 0 fail. */
		CHECK_EQ(ipc_call((uint32_t)pid, &msg, 4, &reply, 4, 1000), 4);
		thread_sleep(round);
		CHECK_EQ(process_kill(pid), 0);
		CHECK_EQ(process_wait(pid, &st, 1000), pid);
		CHECK_EQ(st.cause, SYS_KILLED);
		if (kernel_check() != 0) {
			CHECK(!"kernel_check after a kill");
			return;
		}
	}
	check_pools(&before);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("syscall_fuzz.fuzz", test_fuzz);
	ktest_run("syscall_fuzz.killed_while_fuzzing", test_killed_while_fuzzing);
	return ktest_finish();
}
