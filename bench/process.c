/* SPDX-License-Identifier: MIT */
/*
 * Process benchmarks: what an unprivileged thread pays to reach the
 * kernel, and to switch between processes.
 *
 *   syscall_null          getpid (SYS_GETPID): svc #0 onto the thread's
 *                         kernel stack, syscall_run's decode, svc #1 back
 *   syscall_sem           semaphore take+give by handle (the lookup and
 *                         the reference held for the call), nothing blocks
 *   switch_same_process   two threads of one process yield to each other
 *   switch_cross_process  the same between threads of two processes: the
 *                         MPU is reloaded at every switch
 *
 * The loops run in the processes (bench/procs/: pbench_a, pbench_b), which
 * cannot read the board clock; main opens and closes each window around
 * one IPC call to pbench_a, whose thread A runs the n units and replies.
 * Every figure is as the kernel-side ones (bench.h): n and 2n windows
 * cancel the call, the reply and every other fixed cost, and the loop is
 * run again with the process's own do-nothing stubs (bench/procs/ploop.h)
 * in place of the user library's wrappers.  So a figure is the wrapper
 * (its register set-up and svc), the kernel's entry, the call and the
 * exit, and for the yields the switch as well; the SVCs and PendSVs that
 * QEMU does not charge are counted apart (the threads' syscalls and
 * switches_in).
 *
 * Counting: the harness counts the switches into its own threads; the
 * body adds those into the processes' threads (bench_extra_switches), and
 * counts their syscalls, reading both at its start and end, inside the
 * window: the same instructions in every window, so they cancel too.
 * After the run, the syscalls of the n units between the two real
 * windows must be n times the unit's, and a "SYSCALLS id syscalls=a,b"
 * line gives tools/bench.py the two windows' counts.
 *
 * Priorities: main (16) is above the processes' threads (10), so it is
 * switched out once when its call blocks and back once when A replies,
 * in every window: fixed costs.  A and its partner are at the same
 * priority and alone there, so each yield runs the other.  The partner
 * waits on a queue outside the windows.
 *
 * Cores without an MPU run no processes: the benchmarks are skipped.
 */
#include <stdio.h>

#include "arch.h"
#include "bench.h"
#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/list.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "procs/pbench.h"

static int pid_a = -1, pid_b = -1;
static struct pbench_reply reply; /* of the last window */
static int call_err;

static int call(int pid, const struct pbench_call *c)
{
	int len = ipc_call((uint32_t)pid, c, sizeof(*c), &reply, sizeof(reply), TIMEOUT_FOREVER);

	if (len < 0)
		return len;
	return len == sizeof(reply) ? reply.status : ERR_RANGE;
}

/* The switches_in (syscalls: false) or the syscalls (true) of every
 * thread of a spawned process, summed. */
static uint32_t user_threads_sum(bool syscalls)
{
	uint32_t key = kernel_lock();
	uint32_t sum = 0;
	struct list_node *pos;

	list_for_each(pos, &thread_all) {
		const struct thread *t = list_entry(pos, struct thread, all_node);
		if (t->user)
			sum += syscalls ? t->user->syscalls : t->switches_in;
	}
	kernel_unlock(key);
	return sum;
}

/* The syscalls of the last two real windows: [0] n units, [1] 2n. */
static struct {
	uint32_t n, syscalls;
} real_windows[2];

static void process_body(struct bench *b, const struct bench_ops *ops, uint32_t n)
{
	bool stub = ops == &bench_stub_ops;
	struct pbench_call c = { b->arg, stub, n, 0, 0 };
	uint32_t switches = user_threads_sum(false);
	uint32_t syscalls = user_threads_sum(true);

	call_err = call(pid_a, &c);
	syscalls = user_threads_sum(true) - syscalls;
	bench_extra_switches += user_threads_sum(false) - switches;
	if (!stub) {
		/* windows of n then 2n units; a window with a tick starts a
		 * smaller n again */
		unsigned k = real_windows[0].n * 2 == n;
		real_windows[k].n = n;
		real_windows[k].syscalls = syscalls;
	}
}

static const char *process_check(struct bench *b, uint32_t n)
{
	static char why[80];

	if (call_err != 0) {
		snprintf(why, sizeof(why), "a call failed: %s", error_name(call_err));
		return why;
	}
	switch (b->arg) {
	case PBENCH_NULL:
		if (reply.value != n * (uint32_t)pid_a)
			return "getpid did not return the process's PID every time";
		break;
	case PBENCH_YIELD_SAME:
	case PBENCH_YIELD_CROSS:
		if (reply.value != n / 2 || reply.value2 != n / 2)
			return "a thread did not yield exactly n/2 times";
		break;
	}
	return NULL;
}

/* Every call in these loops is one syscall. */
#define PROCESS_BENCH(name, kind, calls, switches)                                         \
	{                                                                                  \
		.id = name, .ops_per_unit = 1, .stub_per_unit = (calls) * STUB_INT,        \
		.calls_per_unit = calls, .unit_multiple = 2, .switches_per_unit = switches, \
		.body = process_body, .check = process_check, .arg = kind,                 \
	}

static struct bench benches[] = {
	PROCESS_BENCH("syscall_null", PBENCH_NULL, 1, 0),
	PROCESS_BENCH("syscall_sem", PBENCH_SEM, 2, 0),
	PROCESS_BENCH("switch_same_process", PBENCH_YIELD_SAME, 1, 1),
	PROCESS_BENCH("switch_cross_process", PBENCH_YIELD_CROSS, 1, 1),
};

#define BENCHES (sizeof(benches) / sizeof(benches[0]))

/* Spawns both processes and connects pbench_b's queues to pbench_a. */
static int start(void)
{
	pid_a = process_spawn("pbench_a");
	if (pid_a < 0)
		return pid_a;
	pid_b = process_spawn("pbench_b");
	if (pid_b < 0)
		return pid_b;
	struct pbench_call to_b = { PBENCH_SETUP, 0, 0, (uint32_t)pid_a, 0 };
	int err = call(pid_b, &to_b);
	if (err)
		return err;
	struct pbench_call to_a = { PBENCH_SETUP, 0, 0, reply.value, reply.value2 };
	return call(pid_a, &to_a);
}

/* bench_run, then the syscalls' check and line. */
static bool run(struct bench *b)
{
	real_windows[0].n = real_windows[1].n = 0;
	if (!bench_run(b))
		return false;
	uint32_t n = b->last_n;
	uint32_t made = real_windows[1].syscalls - real_windows[0].syscalls;
	if (real_windows[0].n != n || real_windows[1].n != 2 * n ||
	    made != n * b->calls_per_unit) {
		bench_fail(b->id, "%lu units made %lu syscalls, not %lu", (unsigned long)n,
			   (unsigned long)made, (unsigned long)(n * b->calls_per_unit));
		return false;
	}
	printf("SYSCALLS %s syscalls=%lu,%lu\n", b->id, (unsigned long)real_windows[0].syscalls,
	       (unsigned long)real_windows[1].syscalls);
	return true;
}

static int stop(int pid)
{
	struct sys_exit_status status;

	if (pid < 0)
		return 0;
	int err = process_kill(pid);
	if (err == 0)
		err = process_wait(pid, &status, TIMEOUT_FOREVER);
	return err < 0 ? err : 0;
}

bool bench_process(void)
{
	bool ok = true;

	if (!ARCH_HAS_MPU) {
		for (unsigned i = 0; i < BENCHES; i++)
			printf("SKIP %s: no MPU, so no processes on this core\n", benches[i].id);
		return true;
	}
	int err = start();
	if (err) {
		bench_fail("process", "starting the processes: %s", error_name(err));
		ok = false;
	}
	for (unsigned i = 0; i < BENCHES && err == 0; i++)
		ok &= run(&benches[i]);
	int err_a = stop(pid_a), err_b = stop(pid_b);
	if (err_a || err_b) {
		bench_fail("process", "ending the processes: %s",
			   error_name(err_a ? err_a : err_b));
		ok = false;
	}
	pid_a = pid_b = -1;
	return ok;
}
