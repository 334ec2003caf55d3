/* Processes: spawn, exit status, wait. */
#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
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

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("process.spawn_and_wait", test_spawn_and_wait);
	return ktest_finish();
}
