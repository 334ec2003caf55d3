/* SPDX-License-Identifier: MIT */
/*
 * A randomized stress of the whole kernel: threads at random priorities
 * lock and unlock mutexes (with timeouts, several at once, in any order),
 * take and give semaphores, send and receive on a queue, wait for and set
 * event flags, sleep, yield and change their own priority, while a timer
 * gives a semaphore and sets flags from the tick interrupt.  Afterwards
 * every thread is joined and the kernel's self-check and each object's
 * own accounting must hold: nothing lost, nothing left owned, every
 * thread back at its base priority.
 *
 * The random sequence is fixed (xorshift with per-thread seeds), and
 * under -icount the run repeats exactly.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/event.h"
#include "kernel/mutex.h"
#include "kernel/queue.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "ktest.h"

#define WORKERS 6
#define MUTEXES 3
#define STACK_BYTES 1024
#define RUN_TICKS 400
#ifndef STRESS_SEED /* make CONFIG=-DSTRESS_SEED=n runs another sequence */
#define STRESS_SEED 0x9e3779b9u
#endif

struct worker {
	struct thread thread;
	uint32_t rng;
	unsigned base;
	uint32_t ops, unexpected;
	int32_t sem_balance;   /* takes minus gives by this thread */
	int32_t queue_balance; /* items sent minus received */
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct worker workers[WORKERS];
static struct mutex mutexes[MUTEXES];
static struct semaphore sem;
static struct queue queue;
static uint32_t queue_buffer[4];
static struct event_flags events;
static struct timer timer;
static volatile bool stop;
static volatile uint32_t timer_gives, timer_give_full;
static volatile uint32_t in_critical[MUTEXES]; /* owners inside the section */
static volatile uint32_t lock_timeouts, lock_deadlocks, boosted_seen;

static uint32_t next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static void on_timer(struct timer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (semaphore_give(&sem) == 0)
		timer_gives++;
	else
		timer_give_full++;
	event_set(&events, 1u << (time_ticks() % 4));
}

/* Locks a random set of mutexes in a random order (timeouts allowed,
 * deadlocks refused), checks mutual exclusion, then unlocks them in a
 * random order. */
static void mutex_round(struct worker *w)
{
	bool held[MUTEXES] = { false };

	for (unsigned n = 1 + next_random(&w->rng) % MUTEXES; n > 0; n--) {
		unsigned i = next_random(&w->rng) % MUTEXES;
		if (held[i])
			continue;
		int err = mutex_lock(&mutexes[i], 1 + next_random(&w->rng) % 4);
		if (err == 0) {
			held[i] = true;
			if (in_critical[i]++ != 0)
				w->unexpected++; /* two owners at once */
		} else if (err == ERR_TIMEOUT) {
			lock_timeouts++;
		} else if (err == ERR_DEADLOCK) {
			lock_deadlocks++;
		} else {
			w->unexpected++;
		}
	}
	switch (next_random(&w->rng) % 3) { /* hold them a while */
	case 0:
		thread_yield();
		break;
	case 1:
		thread_sleep(1 + next_random(&w->rng) % 2);
		break;
	default:
		break;
	}
	if (thread_priority(thread_self()) > thread_self()->base_priority)
		boosted_seen++; /* a waiter lent us its priority */
	for (unsigned k = 0; k < MUTEXES; k++) {
		unsigned i = (k + next_random(&w->rng)) % MUTEXES;
		if (!held[i])
			continue;
		in_critical[i]--;
		if (mutex_unlock(&mutexes[i]) != 0)
			w->unexpected++;
		held[i] = false;
	}
	for (unsigned i = 0; i < MUTEXES; i++)
		if (held[i]) {
			in_critical[i]--;
			if (mutex_unlock(&mutexes[i]) != 0)
				w->unexpected++;
		}
}

static void *worker_entry(void *arg)
{
	struct worker *w = arg;

	while (!stop) {
		uint32_t item = 0;
		uint32_t seen = 0;
		int err;

		w->ops++;
		switch (next_random(&w->rng) % 8) {
		case 0:
		case 1:
			mutex_round(w);
			break;
		case 2:
			err = semaphore_take(&sem, next_random(&w->rng) % 3);
			if (err == 0)
				w->sem_balance++;
			else if (err != ERR_TIMEOUT && err != ERR_WOULD_BLOCK)
				w->unexpected++;
			break;
		case 3:
			err = semaphore_give(&sem);
			if (err == 0)
				w->sem_balance--;
			else if (err != ERR_FULL)
				w->unexpected++;
			break;
		case 4:
			item = w->rng;
			err = queue_send(&queue, &item, next_random(&w->rng) % 3);
			if (err == 0)
				w->queue_balance++;
			else if (err != ERR_TIMEOUT && err != ERR_WOULD_BLOCK)
				w->unexpected++;
			break;
		case 5:
			err = queue_receive(&queue, &item, next_random(&w->rng) % 3);
			if (err == 0)
				w->queue_balance--;
			else if (err != ERR_TIMEOUT && err != ERR_WOULD_BLOCK)
				w->unexpected++;
			break;
		case 6:
			err = event_wait(&events, 0xfu, EVENT_ANY | EVENT_CLEAR, &seen,
					 1 + next_random(&w->rng) % 3);
			if (err == 0 ? (seen & 0xfu) == 0 : err != ERR_TIMEOUT)
				w->unexpected++;
			break;
		default:
			if (next_random(&w->rng) % 2) {
				thread_sleep(next_random(&w->rng) % 3);
			} else {
				unsigned p = 2 + next_random(&w->rng) % 12;
				if (thread_set_priority(thread_self(), p) != 0)
					w->unexpected++;
			}
			break;
		}
	}
	thread_set_priority(thread_self(), w->base);
	return NULL;
}

static void test_random_mix(void)
{
	uint32_t item;

	for (unsigned i = 0; i < MUTEXES; i++)
		CHECK_EQ(mutex_init(&mutexes[i], 0), 0);
	CHECK_EQ(semaphore_init(&sem, 0, 3), 0);
	CHECK_EQ(queue_init(&queue, queue_buffer, sizeof(uint32_t), 4), 0);
	CHECK_EQ(event_init(&events, 0), 0);
	CHECK_EQ(timer_init(&timer, on_timer, NULL), 0);
	CHECK_EQ(timer_start(&timer, 1, 3), 0);

	for (unsigned i = 0; i < WORKERS; i++) {
		struct worker *w = &workers[i];
		w->rng = STRESS_SEED * (i + 1);
		w->base = 2 + i * 2; /* 2 .. 12, below main */
		CHECK_EQ(thread_create(&w->thread, "stress", worker_entry, w, w->base, w->stack,
				       STACK_BYTES), 0);
	}
	thread_sleep(RUN_TICKS);
	stop = true;
	CHECK_EQ(timer_stop(&timer), 0);
	/* Wake anyone still waiting so they see stop. */
	uint32_t drain_gives = 0;
	for (unsigned i = 0; i < WORKERS; i++) {
		if (semaphore_give(&sem) == 0)
			drain_gives++;
		event_set(&events, 0xfu);
	}
	for (unsigned i = 0; i < WORKERS; i++)
		CHECK_EQ(thread_join(&workers[i].thread, NULL, 1000), 0);

	uint32_t ops = 0, unexpected = 0;
	int32_t sem_taken = 0, queued = 0;
	for (unsigned i = 0; i < WORKERS; i++) {
		ops += workers[i].ops;
		unexpected += workers[i].unexpected;
		sem_taken += workers[i].sem_balance;
		queued += workers[i].queue_balance;
	}
	printf("stress: %lu operations; %lu lock timeouts, %lu cycles refused, %lu boosted "
	       "owners; %lu tick gives\n",
	       (unsigned long)ops, (unsigned long)lock_timeouts, (unsigned long)lock_deadlocks,
	       (unsigned long)boosted_seen, (unsigned long)timer_gives);
	CHECK(ops > 1000);
	CHECK(lock_timeouts > 0 && boosted_seen > 0); /* contention really happened */
	CHECK_EQ(unexpected, 0);
	for (unsigned i = 0; i < MUTEXES; i++) {
		CHECK(mutexes[i].owner == NULL);
		CHECK(list_empty(&mutexes[i].waiters.waiters));
		CHECK_EQ(in_critical[i], 0);
	}
	/* Every unit given (by threads, the timer and the drain) is either
	 * taken by a thread or still counted. */
	CHECK_EQ((int32_t)semaphore_count(&sem) + sem_taken,
		 (int32_t)(timer_gives + drain_gives));
	CHECK_EQ((int32_t)queue_count(&queue), queued);
	while (queue_receive(&queue, &item, TIMEOUT_NO_WAIT) == 0)
		;
	CHECK_EQ(thread_priority(thread_self()), CONFIG_MAIN_PRIORITY);
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	ktest_run("stress.random_mix", test_random_mix);
	return ktest_finish();
}
