/* SPDX-License-Identifier: MIT */
/*
 * For target tests of processes: the bystander process most of them
 * watch, whether a process is alive, and the
 * free records of every pool a process's syscalls draw from (handle
 * records, mutexes, semaphores, queues, event groups, thread records), to
 * check that a process that ended, however it ended, gave every one of
 * them back.
 */
#ifndef KPROCS_H
#define KPROCS_H

#include "kernel/event.h"
#include "kernel/handle.h"
#include "kernel/ipc.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/queue.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "ktest.h"

/* Spawns the bystander (tests/target/procs/worker: it counts once a
 * tick) and returns its PID, with *count pointing at its counter, or 0
 * (and a failed check) if it did not start counting. */
static inline int kprocs_start_worker(volatile uint32_t **count)
{
	uint32_t where = 0;
	int pid = process_spawn("worker");

	if (!CHECK(pid > 1) ||
	    !CHECK_EQ(ipc_call((uint32_t)pid, "addr", 4, &where, sizeof(where), 1000), 4))
		return 0;
	thread_sleep(3);
	if (!CHECK(*(volatile uint32_t *)where > 0))
		return 0;
	*count = (volatile uint32_t *)where;
	return pid;
}

static inline bool kprocs_alive(int pid)
{
	uint32_t key = kernel_lock();
	struct process *p = process_find_locked((uint32_t)pid);
	bool alive = p != NULL && p->state == PROCESS_ALIVE;
	kernel_unlock(key);
	return alive;
}

struct pools {
	unsigned records, mutexes, semaphores, queues, events, threads;
};

static inline struct pools pools_now(void)
{
	return (struct pools){ handle_records_free(), mutex_pool_free(), semaphore_pool_free(),
			       queue_pool_free(),     event_pool_free(), thread_pool_free() };
}

static inline void check_pools(const struct pools *before)
{
	struct pools now = pools_now();

	CHECK_EQ(now.records, before->records);
	CHECK_EQ(now.mutexes, before->mutexes);
	CHECK_EQ(now.semaphores, before->semaphores);
	CHECK_EQ(now.queues, before->queues);
	CHECK_EQ(now.events, before->events);
	CHECK_EQ(now.threads, before->threads);
}

#endif
