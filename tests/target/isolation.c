/* SPDX-License-Identifier: MIT */
/*
 * Isolation of processes: a process that reads or writes kernel memory,
 * writes another process's memory, touches a device it was not granted,
 * executes from RAM, dereferences NULL, divides by zero or overflows its
 * stack faults and ends alone.  Each case spawns the `bad` image, tells
 * it by IPC what to do (and at which address), and checks process_wait
 * reports SYS_FAULTED with the expected exception, that the kernel's and
 * the bystander's memory are unchanged, that the bystander (`worker`,
 * counting once a tick) is still alive and still counting, and that the
 * kernel's structures are consistent.
 */
#include <stdint.h>

#include <string.h>

#include "arch.h"
#include "board.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kprocs.h"
#include "ktest.h"

enum {
	BAD_READ = 1,
	BAD_WRITE,
	BAD_EXEC_RAM,
	BAD_NULL,
	BAD_DIV0,
	BAD_STACK,
	BAD_CANARY_SYSCALL,
	BAD_CANARY_SPIN,
};

#define EXC_MEMMANAGE 4
#define EXC_BUSFAULT 5
#define EXC_USAGEFAULT 6

static volatile uint32_t kernel_secret = 0x5ec12e70u;
static int worker_pid;
static volatile uint32_t *worker_count;

/* Runs `bad` in one mode; returns how it ended. */
static struct sys_exit_status run_bad(uint32_t mode, uint32_t address)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	uint32_t msg[2] = { mode, address }, reply = 1;
	uint32_t before = *worker_count;

	int pid = process_spawn("bad");
	CHECK(pid > 1);
	if (pid <= 1)
		return st;
	CHECK_EQ(ipc_call((uint32_t)pid, msg, sizeof(msg), &reply, sizeof(reply), 1000), 4);
	CHECK_EQ(reply, 0);
	CHECK_EQ(process_wait(pid, &st, 1000), pid);
	CHECK_EQ(st.cause, SYS_FAULTED);
	/* The bystander lived through it and keeps counting. */
	thread_sleep(5);
	CHECK(kprocs_alive(worker_pid));
	CHECK((int32_t)(*worker_count - before) > 0);
	CHECK(*worker_count < 0x100000u); /* never 0xdeadbeef */
	CHECK_EQ(kernel_secret, 0x5ec12e70u);
	CHECK_EQ(kernel_check(), 0);
	return st;
}

static void start_worker(void)
{
	worker_pid = kprocs_start_worker(&worker_count);
}

static void test_read_kernel(void)
{
	struct sys_exit_status st = run_bad(BAD_READ, (uint32_t)&kernel_secret);
	CHECK_EQ(st.status, EXC_MEMMANAGE);
	CHECK_EQ(st.fault_address, (uint32_t)&kernel_secret);
}

static void test_write_kernel(void)
{
	struct sys_exit_status st = run_bad(BAD_WRITE, (uint32_t)&kernel_secret);
	CHECK_EQ(st.status, EXC_MEMMANAGE);
	CHECK_EQ(st.fault_address, (uint32_t)&kernel_secret);
}

static void test_write_other_process(void)
{
	struct sys_exit_status st = run_bad(BAD_WRITE, (uint32_t)worker_count);
	CHECK_EQ(st.status, EXC_MEMMANAGE);
	CHECK_EQ(st.fault_address, (uint32_t)worker_count);
}

static void test_device_not_granted(void)
{
	/* Peripheral space no region grants: an MPU violation. */
	struct sys_exit_status st = run_bad(BAD_READ, 0x40000000u);
	CHECK_EQ(st.status, EXC_MEMMANAGE);
	CHECK_EQ(st.fault_address, 0x40000000u);
	/* SysTick, in the System Control Space: privileged only.  The MPU does
	 * not cover the PPB; ARMv7-M answers an unprivileged access with a
	 * BusFault.  QEMU's lm3s6965evb model lets it through (it raises no
	 * bus errors at all: README, Known limits). */
	if (strcmp(board_info.name, "lm3s6965evb") == 0)
		return;
	st = run_bad(BAD_WRITE, 0xE000E010u);
	CHECK(st.status == EXC_BUSFAULT || st.status == EXC_MEMMANAGE);
}

static void test_exec_ram(void)
{
	struct sys_exit_status st = run_bad(BAD_EXEC_RAM, 0);
	CHECK_EQ(st.status, EXC_MEMMANAGE);
	/* It faulted on the fetch: the PC is in RAM, not in flash. */
	CHECK(st.fault_pc >= 0x20000000u && st.fault_pc < 0x40000000u);
}

static void test_null(void)
{
	struct sys_exit_status st = run_bad(BAD_NULL, 0);
	CHECK_EQ(st.status, EXC_MEMMANAGE);
	CHECK_EQ(st.fault_address, 0);
}

static void test_div0(void)
{
	struct sys_exit_status st = run_bad(BAD_DIV0, 0);
	CHECK_EQ(st.status, EXC_USAGEFAULT);
}

static void test_stack_overflow(void)
{
	struct sys_exit_status st = run_bad(BAD_STACK, 0);
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8M_BASE__)
	CHECK(st.status == EXC_MEMMANAGE || st.status == EXC_USAGEFAULT); /* STKOF */
#else
	CHECK_EQ(st.status, EXC_MEMMANAGE);
#endif
}

/* An overflow that skipped the guard and only broke the canary: the
 * switch finds it and ends the process (no CPU exception: status 0),
 * whether the thread was inside a syscall or in its own code. */
static void test_canary(uint32_t mode)
{
	struct sys_exit_status st = run_bad(mode, 0);

	CHECK_EQ(st.status, 0);
	CHECK_EQ(st.fault_pc, 0); /* no CPU exception: no faulting instruction */
}

static void test_canary_in_syscall(void)
{
	test_canary(BAD_CANARY_SYSCALL);
}

static void test_canary_in_own_code(void)
{
	test_canary(BAD_CANARY_SPIN);
}

static void test_worker_end(void)
{
	struct sys_exit_status st;
	CHECK(kprocs_alive(worker_pid));
	CHECK_EQ(process_kill(worker_pid), 0);
	CHECK_EQ(process_wait(worker_pid, &st, 1000), worker_pid);
	CHECK_EQ(st.cause, SYS_KILLED);
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("isolation.start_worker", start_worker);
	if (worker_count == NULL)
		return ktest_finish();
	ktest_run("isolation.read_kernel", test_read_kernel);
	ktest_run("isolation.write_kernel", test_write_kernel);
	ktest_run("isolation.write_other_process", test_write_other_process);
	ktest_run("isolation.device_not_granted", test_device_not_granted);
	ktest_run("isolation.exec_ram", test_exec_ram);
	ktest_run("isolation.null", test_null);
	ktest_run("isolation.div0", test_div0);
	ktest_run("isolation.stack_overflow", test_stack_overflow);
	ktest_run("isolation.canary_in_syscall", test_canary_in_syscall);
	ktest_run("isolation.canary_in_own_code", test_canary_in_own_code);
	ktest_run("isolation.worker_end", test_worker_end);
	return ktest_finish();
}
