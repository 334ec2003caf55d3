/* SPDX-License-Identifier: MIT */
/*
 * Priority inheritance, on the host under sanitizers: kernel/mutex.c runs
 * against a model of the scheduler (sched_model.c), and after every
 * operation each thread's effective priority is compared with a reference
 * computed from scratch: its base raised by every waiter, direct or
 * through a chain, of every inheriting mutex it holds.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "ktest.h"
#include "sched_model.h"

#define THREADS 8
#define MUTEXES 6

static struct thread threads[THREADS];
static struct mutex mutexes[MUTEXES];

/* Every third thread belongs to a process whose ceiling is 12:
 * inheritance must not lift it above that. */
#define LOW_CEILING 12
static struct process low_process = { .priority_ceiling = LOW_CEILING };

static unsigned ceiling_of(const struct thread *t)
{
	return t->process->priority_ceiling;
}

/* A base priority from any value, kept under t's ceiling. */
static uint8_t base_for(const struct thread *t, unsigned priority)
{
	return (uint8_t)(priority < ceiling_of(t) ? priority : ceiling_of(t));
}

static void setup(void)
{
	char name[8];

	for (unsigned i = 0; i < THREADS; i++) {
		struct thread *t = &threads[i];
		snprintf(name, sizeof(name), "t%u", i);
		model_thread_init(t, name, 1 + i * 3 % 29);
		if (i % 3 == 2) {
			t->process = &low_process;
			t->base_priority = t->priority = base_for(t, t->base_priority);
		}
	}
	for (unsigned i = 0; i < MUTEXES; i++) {
		memset(&mutexes[i], 0, sizeof(mutexes[i]));
		mutex_init(&mutexes[i], i == MUTEXES - 1 ? MUTEX_NO_INHERIT : 0);
	}
}

static int lock_as(struct thread *t, struct mutex *m, uint32_t timeout)
{
	sched_current = t;
	return mutex_lock(m, timeout);
}

static int unlock_as(struct thread *t, struct mutex *m)
{
	sched_current = t;
	return mutex_unlock(m);
}

/* The reference: effective priorities by fixpoint over the wait-for graph. */
static void reference_priorities(unsigned out[THREADS])
{
	for (unsigned i = 0; i < THREADS; i++)
		out[i] = threads[i].base_priority;
	for (bool changed = true; changed;) {
		changed = false;
		for (unsigned i = 0; i < THREADS; i++) {
			struct thread *w = &threads[i];
			if (w->state != THREAD_BLOCKED)
				continue;
			struct mutex *m = (struct mutex *)w->wait_object;
			if (m->flags & MUTEX_NO_INHERIT)
				continue;
			unsigned owner = (unsigned)(m->owner - threads);
			unsigned lent = out[i] < ceiling_of(m->owner) ? out[i] : ceiling_of(m->owner);
			if (lent > out[owner]) {
				out[owner] = lent;
				changed = true;
			}
		}
	}
}

static bool wait_queue_sorted(const struct mutex *m)
{
	const struct list_node *pos;
	unsigned last = 255;

	list_for_each(pos, &m->waiters.waiters) {
		const struct thread *t = list_entry(pos, struct thread, sched_node);
		if (t->priority > last || t->wait_object != m)
			return false;
		last = t->priority;
	}
	return true;
}

static bool check_invariants(void)
{
	unsigned want[THREADS];
	bool ok = true;

	reference_priorities(want);
	for (unsigned i = 0; i < THREADS; i++)
		ok &= CHECK_EQ(threads[i].priority, want[i]);
	for (unsigned i = 0; i < MUTEXES; i++) {
		ok &= CHECK(wait_queue_sorted(&mutexes[i]));
		if (mutexes[i].owner == NULL) {
			ok &= CHECK_EQ(mutexes[i].recursions, 0);
			ok &= CHECK(list_empty(&mutexes[i].waiters.waiters));
		} else {
			ok &= CHECK(list_contains(&mutexes[i].owner->held_mutexes,
						  &mutexes[i].held_node));
		}
	}
	return ok;
}

/* A waiter of priority 20 lends only up to the owner's ceiling (12), and
 * what travels on down the chain is the capped priority. */
static void test_ceiling_caps_inheritance(void)
{
	setup();
	struct thread *top = &threads[0], *low = &threads[2], *waiter = &threads[1];
	top->base_priority = top->priority = 2;
	low->base_priority = low->priority = 5;
	waiter->base_priority = waiter->priority = 20;

	CHECK_EQ(lock_as(top, &mutexes[1], TIMEOUT_FOREVER), 0);
	CHECK_EQ(lock_as(low, &mutexes[0], TIMEOUT_FOREVER), 0);
	CHECK_EQ(lock_as(low, &mutexes[1], TIMEOUT_FOREVER), 0); /* low waits for top */
	CHECK_EQ(lock_as(waiter, &mutexes[0], TIMEOUT_FOREVER), 0); /* waiter waits for low */
	CHECK_EQ(low->priority, LOW_CEILING);
	CHECK_EQ(top->priority, LOW_CEILING);
	/* The waiter gives up: both drop back. */
	sched_current = waiter;
	sched_wake_locked(waiter, ERR_TIMEOUT);
	CHECK_EQ(low->priority, 5);
	CHECK_EQ(top->priority, 5);
	CHECK(check_invariants());
}

static void test_owed_priority_of_several_held(void)
{
	setup();
	struct thread *owner = &threads[0], *a = &threads[1], *b = &threads[2];
	owner->base_priority = owner->priority = 3;
	a->base_priority = a->priority = 20;
	b->base_priority = b->priority = 12;

	CHECK_EQ(lock_as(owner, &mutexes[0], TIMEOUT_FOREVER), 0);
	CHECK_EQ(lock_as(owner, &mutexes[1], TIMEOUT_FOREVER), 0);
	CHECK_EQ(lock_as(owner, &mutexes[MUTEXES - 1], TIMEOUT_FOREVER), 0); /* no inherit */
	lock_as(b, &mutexes[0], TIMEOUT_FOREVER);
	CHECK_EQ(owner->priority, 12);
	lock_as(a, &mutexes[1], TIMEOUT_FOREVER);
	CHECK_EQ(owner->priority, 20);
	struct thread *c = &threads[3];
	c->base_priority = c->priority = 30;
	lock_as(c, &mutexes[MUTEXES - 1], TIMEOUT_FOREVER);
	CHECK_EQ(owner->priority, 20); /* the no-inherit mutex lends nothing */
	CHECK_EQ(mutex_owed_priority(owner), 20);

	CHECK_EQ(unlock_as(owner, &mutexes[1]), 0); /* a takes it */
	CHECK_EQ(owner->priority, 12);
	CHECK(mutexes[1].owner == a);
	CHECK_EQ(unlock_as(owner, &mutexes[0]), 0);
	CHECK_EQ(owner->priority, 3);
	check_invariants();
}

static void test_chain_and_timeout(void)
{
	setup();
	struct thread *t[4];
	for (unsigned i = 0; i < 4; i++) {
		t[i] = &threads[i];
		t[i]->process = &model_process; /* no ceiling in the way */
		t[i]->base_priority = t[i]->priority = (uint8_t)(5 + 5 * i); /* 5 10 15 20 */
	}
	/* t0 holds m0; t1 holds m1, waits m0; t2 holds m2, waits m1; t3 waits m2. */
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ(lock_as(t[i], &mutexes[i], TIMEOUT_FOREVER), 0);
	for (unsigned i = 1; i < 4; i++)
		lock_as(t[i], &mutexes[i - 1], 10);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(t[i]->priority, 20);
	check_invariants();

	/* The top waiter times out: the whole chain falls back by one step. */
	sched_wake_locked(t[3], ERR_TIMEOUT);
	CHECK_EQ(t[0]->priority, 15);
	CHECK_EQ(t[1]->priority, 15);
	CHECK_EQ(t[2]->priority, 15);
	check_invariants();

	/* A cycle is refused, not waited for. */
	CHECK_EQ(lock_as(t[0], &mutexes[2], TIMEOUT_FOREVER), ERR_DEADLOCK);
	CHECK_EQ(t[0]->state, THREAD_READY);
	check_invariants();
}

static uint32_t rng = 0x2545f491u;

static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Random locks, unlocks, timeouts and priority changes; the invariants
 * must hold after every step. */
static void test_random_operations(void)
{
	unsigned counts[4] = { 0 };

	setup();
	for (unsigned step = 0; step < 200000; step++) {
		struct thread *t = &threads[next_random() % THREADS];
		struct mutex *m = &mutexes[next_random() % MUTEXES];
		unsigned op = next_random() % 4;

		if (op == 0 && t->state != THREAD_BLOCKED) {
			int err = lock_as(t, m, next_random() % 2 ? TIMEOUT_FOREVER : 5);
			if (!CHECK(err == 0 || err == ERR_DEADLOCK))
				break;
			counts[0]++;
		} else if (op == 1 && t->state != THREAD_BLOCKED && !list_empty(&t->held_mutexes)) {
			struct mutex *held = list_entry(t->held_mutexes.next, struct mutex, held_node);
			if (next_random() % 2)
				held = list_entry(t->held_mutexes.prev, struct mutex, held_node);
			if (!CHECK_EQ(unlock_as(t, held), 0))
				break;
			counts[1]++;
		} else if (op == 2 && t->state == THREAD_BLOCKED) {
			sched_current = t;
			sched_wake_locked(t, ERR_TIMEOUT);
			counts[2]++;
		} else if (op == 3) {
			t->base_priority = base_for(t, 1 + next_random() % 31);
			mutex_update_priority_locked(t);
			counts[3]++;
		}
		if (!check_invariants()) {
			printf("  after step %u (op %u)\n", step, op);
			break;
		}
	}
	/* Every kind of step happened many times. */
	for (unsigned i = 0; i < 4; i++)
		CHECK(counts[i] > 5000);
}

static void test_non_owner_unlock_changes_nothing(void)
{
	setup();
	CHECK_EQ(lock_as(&threads[0], &mutexes[0], TIMEOUT_FOREVER), 0);
	lock_as(&threads[5], &mutexes[0], TIMEOUT_FOREVER);
	unsigned before = threads[0].priority;
	CHECK_EQ(unlock_as(&threads[1], &mutexes[0]), ERR_PERMISSION);
	CHECK(mutexes[0].owner == &threads[0]);
	CHECK_EQ(threads[0].priority, before);
	CHECK_EQ(threads[5].state, THREAD_BLOCKED);
	check_invariants();
}

int main(void)
{
	ktest_run("mutex_pi.owed_priority_of_several_held", test_owed_priority_of_several_held);
	ktest_run("mutex_pi.chain_and_timeout", test_chain_and_timeout);
	ktest_run("mutex_pi.ceiling_caps_inheritance", test_ceiling_caps_inheritance);
	ktest_run("mutex_pi.non_owner_unlock_changes_nothing", test_non_owner_unlock_changes_nothing);
	ktest_run("mutex_pi.random_operations", test_random_operations);
	return ktest_finish();
}
