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
 * syscall, blocked), the process ends and everything comes back.  Last,
 * the fuzzer runs 150 times in its SP mode, each with its own seed: it
 * also moves its SP for some calls (inside its stack, to its floor, just
 * below, outside the process) with every FP register dirty; each run
 * ends with the fault of the first call made from a bad SP, named as a
 * bad SP or a stack overflow, and everything comes back.
 */
#include <stdint.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/kprintf.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "kprocs.h"
#include "ktest.h"

#define FUZZ_MODE_SP 1u

/* An address in the kernel's RAM for the fuzzer to point its SP at. */
static volatile uint32_t kernel_words[64];

/* The lowest SP the stack of pid's first thread allows (as the
 * containment test: above the MPU guard, or PSPLIM on ARMv8-M). */
static uint32_t stack_floor_of(int pid)
{
	uint32_t key = kernel_lock();
	struct process *p = process_find_locked((uint32_t)pid);
	const struct thread *t = list_entry(list_first(&p->threads), struct thread, process_node);
	uintptr_t floor = (uintptr_t)t->stack_limit;
	kernel_unlock(key);
#if defined(__ARM_ARCH_8M_MAIN__)
	floor -= ARCH_STACK_GUARD_BYTES;
#endif
	return (uint32_t)floor;
}

/* Starts a spawned fuzzer: { witness, mode, floor, kernel address, seed }. */
static void start_fuzz(int pid, int witness, uint32_t mode, uint32_t seed)
{
	uint32_t msg[5] = { (uint32_t)witness, mode, stack_floor_of(pid),
			    (uint32_t)(uintptr_t)&kernel_words[16], seed };
	uint32_t reply = 1;

	CHECK_EQ(ipc_call((uint32_t)pid, msg, sizeof(msg), &reply, sizeof(reply), 1000), 4);
	CHECK_EQ(reply, 0);
}

static void test_fuzz(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
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
	start_fuzz(pid, witness, 0, 0x2545f491u);
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
	struct pools before = pools_now();

	for (uint32_t round = 1; round <= 40; round++) {
		int pid = process_spawn("fuzz");
		if (!CHECK(pid > 1))
			return;
		/* No witness this time: grants and calls to PID 0 fail. */
		start_fuzz(pid, 0, 0, 0x2545f491u);
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

static void test_fuzz_sp(void)
{
	struct pools before = pools_now();
	unsigned bad_sp = 0, overflow = 0;

	for (unsigned i = 0; i < 64; i++)
		kernel_words[i] = 0x6b000000u + i;
	for (uint32_t round = 1; round <= 150; round++) {
		struct sys_exit_status st = { .status = -1, .cause = 0xff };
		int pid = process_spawn("fuzz");
		if (!CHECK(pid > 1))
			return;
		start_fuzz(pid, 0, FUZZ_MODE_SP, 0x9e3779b9u * round);
		CHECK_EQ(process_wait(pid, &st, 5000), pid);
		CHECK_EQ(st.cause, SYS_FAULTED);
		CHECK(st.fault_cause == SYS_FAULT_BAD_SP || st.fault_cause == SYS_FAULT_STACK_OVERFLOW);
		CHECK(st.status >= 4 && st.status <= 6); /* MemManage, BusFault, UsageFault */
		bad_sp += st.fault_cause == SYS_FAULT_BAD_SP;
		overflow += st.fault_cause == SYS_FAULT_STACK_OVERFLOW;
		if (kernel_check() != 0) {
			CHECK(!"kernel_check after a fault at a bad SP");
			return;
		}
	}
	for (unsigned i = 0; i < 64; i++)
		CHECK_EQ(kernel_words[i], 0x6b000000u + i);
	kprintf("fuzz_sp: 150 runs: %u ended at a bad SP, %u by a stack overflow\n", bad_sp,
		overflow);
	CHECK(bad_sp > 0);
	CHECK(overflow > 0);
	check_pools(&before);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("syscall_fuzz.fuzz", test_fuzz);
	ktest_run("syscall_fuzz.killed_while_fuzzing", test_killed_while_fuzzing);
	ktest_run("syscall_fuzz.fuzz_sp", test_fuzz_sp);
	return ktest_finish();
}
