/* SPDX-License-Identifier: MIT */
/* Processes: spawn, exit status, wait. */
#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/process.h"
#include "ktest.h"

static void test_spawn_and_wait(void)
{
	struct sys_exit_status st;
	int pid = process_spawn("hello");
	CHECK(pid > 1);
	CHECK_EQ(process_wait(pid, &st, 1000), pid);
	CHECK_EQ(st.cause, SYS_EXITED);
	CHECK_EQ(st.status, 42);
	pid = process_spawn("hello");
	CHECK(pid > 1);
	CHECK_EQ(process_wait(-1, &st, 1000), pid);
	CHECK_EQ(st.status, 42);
	CHECK_EQ(kernel_check(), 0);
}

/* A window of RAM granted at spawn as a device: the process may use it
 * and nothing past it. */
static volatile uint32_t device_window[64] __attribute__((aligned(256)));

static int run_window(bool overrun, struct sys_exit_status *st)
{
	const struct image_device grant = { (uintptr_t)device_window, sizeof(device_window) };
	uint32_t msg[3] = { (uint32_t)(uintptr_t)device_window, sizeof(device_window), overrun };
	uint32_t reply = 1;
	int pid = process_spawn_granted("window", &grant, 1);

	CHECK(pid > 1);
	if (pid <= 1)
		return pid;
	CHECK_EQ(ipc_call((uint32_t)pid, msg, sizeof(msg), &reply, sizeof(reply), 1000), 4);
	CHECK_EQ(process_wait(pid, st, 1000), pid);
	return pid;
}

static void test_granted_device(void)
{
	struct sys_exit_status st;

	device_window[0] = 41;
	device_window[64 - 1] = 0;
	run_window(false, &st);
	CHECK_EQ(device_window[0], 42);
	CHECK_EQ(st.cause, SYS_EXITED);
	CHECK_EQ(st.status, 7);

	run_window(true, &st);
	CHECK_EQ(device_window[0], 43);
	CHECK_EQ(st.cause, SYS_FAULTED);
	CHECK_EQ(st.status, 4); /* MemManage */
	CHECK_EQ(st.fault_address, (uint32_t)(uintptr_t)&device_window[64]);

	/* Without the grant the same window faults at once. */
	int pid = process_spawn("window");
	uint32_t msg[3] = { (uint32_t)(uintptr_t)device_window, sizeof(device_window), 0 };
	uint32_t reply;
	CHECK(pid > 1);
	ipc_call((uint32_t)pid, msg, sizeof(msg), &reply, sizeof(reply), 1000);
	CHECK_EQ(process_wait(pid, &st, 1000), pid);
	CHECK_EQ(st.cause, SYS_FAULTED);
	CHECK_EQ(st.fault_address, (uint32_t)(uintptr_t)device_window);
	CHECK_EQ(device_window[0], 43);

	/* Windows the MPU cannot describe, or too many, are refused. */
	const struct image_device odd = { (uintptr_t)device_window + 4, sizeof(device_window) };
	CHECK_EQ(process_spawn_granted("window", &odd, 1), ERR_INVALID);
	CHECK_EQ(process_spawn_granted("window", &odd, IMAGE_MAX_DEVICES + 1), ERR_INVALID);
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("process.spawn_and_wait", test_spawn_and_wait);
	ktest_run("process.granted_device", test_granted_device);
	return ktest_finish();
}
