/* SPDX-License-Identifier: MIT */
/*
 * For target tests of processes: the free records of every pool a
 * process's syscalls draw from (handle records, mutexes, semaphores,
 * queues, event groups, thread records), to check that a process that
 * ended, however it ended, gave every one of them back.
 */
#ifndef KPOOLS_H
#define KPOOLS_H

#include "kernel/event.h"
#include "kernel/handle.h"
#include "kernel/mutex.h"
#include "kernel/queue.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "ktest.h"

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
