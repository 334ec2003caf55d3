/* SPDX-License-Identifier: MIT */
/*
 * The life of processes: a mutex whose owner process is killed passes to
 * its waiter in another process with ERR_OWNER_DIED; a process that keeps
 * faulting is restarted by process_supervise with a doubling backoff until
 * its restarts run out; a child whose parent exits is re-parented to init
 * and reaped as soon as it ends; an ended child stays a zombie until its
 * parent's process_wait collects it; a fault in one thread ends every
 * thread of its process, one blocked in a syscall and one in its own code
 * alike, and returns their records, stacks and objects.
 */
#include <stdint.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/handle.h"
#include "kernel/ipc.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "ktest.h"

/* The state of process pid, or PROCESS_FREE when there is none. */
static enum process_state state_of(int pid, struct process **parent, bool *adopted)
{
	uint32_t key = kernel_lock();
	struct process *p = process_find_locked((uint32_t)pid);
	enum process_state s = p ? p->state : PROCESS_FREE;
	if (parent)
		*parent = p ? p->parent : NULL;
	if (adopted)
		*adopted = p ? p->adopted : false;
	kernel_unlock(key);
	return s;
}

static void test_owner_died(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	int32_t handle = -1;
	uint32_t zero = 1;

	int waiter = process_spawn("waiter");
	int holder = process_spawn("holder");
	CHECK(waiter > 1 && holder > 1);
	uint32_t msg = (uint32_t)waiter;
	CHECK_EQ(ipc_call((uint32_t)holder, &msg, 4, &handle, 4, 1000), 4);
	CHECK(handle >= 0);
	CHECK_EQ(ipc_call((uint32_t)waiter, &handle, 4, &zero, 4, 1000), 4);
	thread_sleep(10);
	/* The waiter is blocked on the held mutex. */
	CHECK_EQ(process_wait(waiter, &st, TIMEOUT_NO_WAIT), ERR_WOULD_BLOCK);
	CHECK_EQ(process_kill(holder), 0);
	CHECK_EQ(process_wait(holder, &st, 1000), holder);
	CHECK_EQ(st.cause, SYS_KILLED);
	CHECK_EQ(process_wait(waiter, &st, 1000), waiter);
	CHECK_EQ(st.cause, SYS_EXITED);
	CHECK_EQ(st.status, -ERR_OWNER_DIED);
	CHECK_EQ(kernel_check(), 0);
}

static void test_supervise(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	uint32_t start = time_ticks();
	uint32_t restarts = 99;
	int pid = process_supervise("crasher", 3, 5, &st, &restarts);
	uint32_t elapsed = time_ticks() - start;

	CHECK(pid > 1);
	CHECK_EQ(restarts, 3);
	CHECK_EQ(st.cause, SYS_FAULTED);
	CHECK_EQ(st.status, 4); /* MemManage */
	CHECK(elapsed >= 5 + 10 + 20);
	CHECK(elapsed < 5 + 10 + 20 + 40); /* and no fourth restart (40 more) */
	CHECK_EQ(state_of(pid, NULL, NULL), PROCESS_FREE); /* collected */
	CHECK_EQ(kernel_check(), 0);
}

/* A backoff whose 64-fold would not be a valid timeout is refused before
 * anything is spawned (it would otherwise wrap, or fail to sleep, and
 * restart at once); the largest one that is valid is taken. */
static void test_supervise_backoff_range(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	uint32_t restarts = 99;

	CHECK_EQ(process_supervise("crasher", 3, 0x7fffffffu, &st, &restarts), ERR_RANGE);
	CHECK_EQ(process_supervise("crasher", 3, (TIMEOUT_MAX_TICKS >> 6) + 1, &st, &restarts),
		 ERR_RANGE);
	CHECK_EQ(restarts, 99);
	int pid = process_supervise("crasher", 0, TIMEOUT_MAX_TICKS >> 6, &st, &restarts);
	CHECK(pid > 1);
	CHECK_EQ(restarts, 0);
	CHECK_EQ(st.cause, SYS_FAULTED);
	CHECK_EQ(kernel_check(), 0);
}

static void test_fault_ends_every_thread(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	unsigned threads = thread_pool_free(), records = handle_records_free();

	int pid = process_spawn("multi");
	CHECK(pid > 1);
	CHECK_EQ(process_wait(pid, &st, 1000), pid);
	CHECK_EQ(st.cause, SYS_FAULTED);
	CHECK_EQ(st.status, 4); /* MemManage, the NULL write */
	CHECK_EQ(st.fault_address, 0);
	CHECK_EQ(thread_pool_free(), threads);
	CHECK_EQ(handle_records_free(), records);
	CHECK_EQ(kernel_check(), 0);
}

static void count_zombies(struct process *p, void *ctx)
{
	if (p->state == PROCESS_ZOMBIE)
		++*(unsigned *)ctx;
}

static void test_orphan(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	struct process *parent = NULL;
	bool adopted = false;
	uint32_t msg = 0, reply = 1;

	int pid = process_spawn("parent");
	CHECK(pid > 1);
	CHECK_EQ(process_wait(pid, &st, 1000), pid);
	CHECK_EQ(st.cause, SYS_EXITED);
	int orphan = st.status;
	CHECK(orphan > 1);
	/* Alive, and now init's. */
	CHECK_EQ(state_of(orphan, &parent, &adopted), PROCESS_ALIVE);
	CHECK(parent == process_init());
	CHECK(adopted);
	CHECK_EQ(ipc_call((uint32_t)orphan, &msg, 4, &reply, 4, 1000), 4);
	CHECK_EQ(reply, 0);
	thread_sleep(10);
	/* Ended and reaped without anyone waiting for it. */
	CHECK_EQ(state_of(orphan, NULL, NULL), PROCESS_FREE);
	unsigned zombies = 0;
	process_for_each(count_zombies, &zombies);
	CHECK_EQ(zombies, 0);
	CHECK_EQ(process_wait(orphan, &st, TIMEOUT_NO_WAIT), ERR_NO_PROCESS);
	CHECK_EQ(kernel_check(), 0);
}

static void test_zombie(void)
{
	struct sys_exit_status st = { .status = -1, .cause = 0xff };
	int pid = process_spawn("hello");

	CHECK(pid > 1);
	thread_sleep(20);
	CHECK_EQ(state_of(pid, NULL, NULL), PROCESS_ZOMBIE);
	thread_sleep(20);
	CHECK_EQ(state_of(pid, NULL, NULL), PROCESS_ZOMBIE); /* still */
	CHECK_EQ(process_wait(pid, &st, TIMEOUT_NO_WAIT), pid);
	CHECK_EQ(st.cause, SYS_EXITED);
	CHECK_EQ(st.status, 42);
	CHECK_EQ(state_of(pid, NULL, NULL), PROCESS_FREE);
	CHECK_EQ(process_wait(pid, &st, TIMEOUT_NO_WAIT), ERR_NO_PROCESS);
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("process_lifecycle.owner_died", test_owner_died);
	ktest_run("process_lifecycle.supervise", test_supervise);
	ktest_run("process_lifecycle.supervise_backoff_range", test_supervise_backoff_range);
	ktest_run("process_lifecycle.orphan", test_orphan);
	ktest_run("process_lifecycle.zombie", test_zombie);
	ktest_run("process_lifecycle.fault_ends_every_thread", test_fault_ends_every_thread);
	return ktest_finish();
}
