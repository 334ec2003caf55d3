/* SPDX-License-Identifier: MIT */
/*
 * Mutexes on the target: ownership and errors, recursion, timeouts,
 * deletion, and priority inheritance through chains, several held
 * mutexes released in either order, timeouts and priority changes.
 *
 * main runs at 16.  Helper threads that must block on a mutex main holds
 * run above it, so they reach their lock call at once.
 */
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/check.h"
#include "ktest.h"

#define STACK_BYTES 1024
#define MAIN_PRIORITY 16

struct helper {
	struct thread thread;
	struct mutex *lock_first;  /* locked, then held */
	struct mutex *lock_second; /* then this one is waited for (may be NULL) */
	uint32_t timeout;
	volatile int result;
	volatile bool release;     /* unlock and exit when set */
	uint8_t stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
};

static struct helper helpers[4];
static struct mutex m1, m2, m3;

static void reset(struct mutex *m, uint32_t flags)
{
	if (m->magic != 0)
		mutex_delete(m);
	CHECK_EQ(mutex_init(m, flags), 0);
}

/* Locks lock_first (if any), then waits for lock_second (if any); then
 * holds what it got until released. */
static void *helper_entry(void *arg)
{
	struct helper *h = arg;

	if (h->lock_first)
		mutex_lock(h->lock_first, TIMEOUT_FOREVER);
	if (h->lock_second)
		h->result = mutex_lock(h->lock_second, h->timeout);
	while (!h->release)
		thread_sleep(1);
	if (h->lock_second && h->result == 0)
		mutex_unlock(h->lock_second);
	if (h->lock_first)
		mutex_unlock(h->lock_first);
	return NULL;
}

static struct helper *start(unsigned i, unsigned priority, struct mutex *first,
			    struct mutex *second, uint32_t timeout)
{
	struct helper *h = &helpers[i];

	h->lock_first = first;
	h->lock_second = second;
	h->timeout = timeout;
	h->result = 1;
	h->release = false;
	CHECK_EQ(thread_create(&h->thread, "helper", helper_entry, h, priority, h->stack,
			       STACK_BYTES), 0);
	return h;
}

static void finish(struct helper *h)
{
	h->release = true;
	CHECK_EQ(thread_join(&h->thread, NULL, TIMEOUT_FOREVER), 0);
}

/* Releases all at once (they may wait for each other), then joins. */
static void finish_all(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		helpers[i].release = true;
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(thread_join(&helpers[i].thread, NULL, TIMEOUT_FOREVER), 0);
}

static unsigned prio(const struct thread *t)
{
	return thread_priority(t);
}

static unsigned my_prio(void)
{
	return thread_priority(thread_self());
}

/* ---- basics ---------------------------------------------------------- */

static void test_lock_unlock_and_errors(void)
{
	reset(&m1, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	CHECK(m1.owner == thread_self());
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), ERR_DEADLOCK); /* not recursive */
	CHECK_EQ(mutex_try_lock(&m1), ERR_DEADLOCK);
	CHECK_EQ(mutex_unlock(&m1), 0);
	CHECK(m1.owner == NULL);
	CHECK_EQ(mutex_unlock(&m1), ERR_PERMISSION); /* nobody owns it */

	CHECK_EQ(mutex_lock(NULL, 0), ERR_NULL);
	CHECK_EQ(mutex_unlock(NULL), ERR_NULL);
	CHECK_EQ(mutex_init(&m1, 0), ERR_STATE); /* live */
	CHECK_EQ(mutex_init(&m2, 0x80), ERR_INVALID);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_MAX_TICKS + 1u), ERR_RANGE);
	struct mutex never;
	memset(&never, 0, sizeof(never));
	CHECK_EQ(mutex_lock(&never, 0), ERR_STALE);
}

static void test_unlock_by_non_owner_changes_nothing(void)
{
	reset(&m1, 0);
	struct helper *h = start(0, 20, &m1, NULL, 0); /* takes m1 and keeps it */
	CHECK(m1.owner == &h->thread);
	CHECK_EQ(mutex_unlock(&m1), ERR_PERMISSION);
	CHECK(m1.owner == &h->thread);
	CHECK_EQ(m1.recursions, 0);
	CHECK_EQ(mutex_try_lock(&m1), ERR_WOULD_BLOCK);
	finish(h);
	CHECK(m1.owner == NULL);
}

static void test_recursive_mutex(void)
{
	reset(&m1, MUTEX_RECURSIVE);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	CHECK_EQ(m1.recursions, 2);
	CHECK_EQ(mutex_unlock(&m1), 0);
	CHECK_EQ(mutex_unlock(&m1), 0);
	CHECK(m1.owner == thread_self());
	CHECK_EQ(mutex_unlock(&m1), 0);
	CHECK(m1.owner == NULL);
	CHECK_EQ(mutex_unlock(&m1), ERR_PERMISSION);
}

static void test_timeout(void)
{
	reset(&m1, 0);
	struct helper *h = start(0, 20, &m1, NULL, 0);
	thread_sleep(1);
	uint32_t before = time_ticks();
	CHECK_EQ(mutex_lock(&m1, 3), ERR_TIMEOUT);
	CHECK_EQ(time_ticks() - before, 3);
	CHECK(m1.owner == &h->thread);
	finish(h);
}

static void test_waiters_served_by_priority_then_fifo(void)
{
	static char order[8];
	unsigned n = 0;

	reset(&m1, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	/* Waiters at 18, 20, 18, 19: served 20, 19, then the two 18s in
	 * arrival order. */
	start(0, 18, NULL, &m1, TIMEOUT_FOREVER);
	start(1, 20, NULL, &m1, TIMEOUT_FOREVER);
	start(2, 18, NULL, &m1, TIMEOUT_FOREVER);
	start(3, 19, NULL, &m1, TIMEOUT_FOREVER);
	CHECK_EQ(mutex_unlock(&m1), 0);
	for (unsigned round = 0; round < 4; round++) {
		for (unsigned i = 0; i < 4; i++) {
			if (m1.owner == &helpers[i].thread) {
				order[n++] = (char)('0' + i);
				helpers[i].release = true;
				thread_sleep(2); /* it unlocks, the next one gets it */
				break;
			}
		}
	}
	order[n] = '\0';
	CHECK(strcmp(order, "1302") == 0);
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(helpers[i].result, 0);
	finish_all(4);
}

static void test_delete_wakes_waiters_with_deleted(void)
{
	struct mutex *m;
	unsigned free_before = mutex_pool_free();

	CHECK_EQ(mutex_create_pooled(&m, 0), 0);
	CHECK_EQ(mutex_pool_free(), free_before - 1);
	CHECK_EQ(mutex_lock(m, TIMEOUT_FOREVER), 0);
	start(1, 19, NULL, m, 50); /* lower first: each must outrank main to run */
	start(0, 20, NULL, m, TIMEOUT_FOREVER);
	CHECK_EQ(my_prio(), 20); /* inherited */
	CHECK_EQ(mutex_delete(m), 0);
	CHECK_EQ(my_prio(), MAIN_PRIORITY); /* the boost went with it */
	thread_sleep(1);
	CHECK_EQ(helpers[0].result, ERR_DELETED);
	CHECK_EQ(helpers[1].result, ERR_DELETED);
	CHECK_EQ(mutex_unlock(m), ERR_STALE);
	CHECK_EQ(mutex_pool_free(), free_before);
	helpers[0].lock_second = helpers[1].lock_second = NULL;
	finish(&helpers[0]);
	finish(&helpers[1]);
}

static void test_deadlock_cycle_refused(void)
{
	reset(&m1, 0);
	reset(&m2, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	struct helper *h = start(0, 20, &m2, &m1, TIMEOUT_FOREVER); /* holds m2, waits m1 */
	CHECK_EQ(mutex_lock(&m2, TIMEOUT_FOREVER), ERR_DEADLOCK);
	CHECK_EQ(mutex_unlock(&m1), 0);
	finish(h);
}

/* ---- inheritance ----------------------------------------------------- */

static void test_simple_inheritance(void)
{
	reset(&m1, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	start(0, 25, NULL, &m1, TIMEOUT_FOREVER);
	CHECK_EQ(my_prio(), 25);
	CHECK_EQ(thread_self()->base_priority, MAIN_PRIORITY);
	CHECK_EQ(mutex_unlock(&m1), 0); /* helper 25 takes it and runs */
	CHECK_EQ(my_prio(), MAIN_PRIORITY);
	CHECK(m1.owner == &helpers[0].thread);
	finish(&helpers[0]);
}

static void test_no_inherit_option(void)
{
	reset(&m1, MUTEX_NO_INHERIT);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	start(0, 25, NULL, &m1, TIMEOUT_FOREVER);
	CHECK_EQ(my_prio(), MAIN_PRIORITY);
	CHECK_EQ(mutex_unlock(&m1), 0);
	finish(&helpers[0]);
}

static void test_chain_of_three(void)
{
	/* main (16) holds m1.  B (20) holds m2 and waits for m1.  C (22)
	 * holds m3 and waits for m2.  A (28) waits for m3.  Everyone in the
	 * chain runs at 28. */
	reset(&m1, 0);
	reset(&m2, 0);
	reset(&m3, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	struct helper *b = start(0, 20, &m2, &m1, TIMEOUT_FOREVER);
	struct helper *c = start(1, 22, &m3, &m2, TIMEOUT_FOREVER);
	CHECK_EQ(my_prio(), 22);
	CHECK_EQ(prio(&b->thread), 22);
	struct helper *a = start(2, 28, NULL, &m3, TIMEOUT_FOREVER);
	CHECK_EQ(prio(&c->thread), 28);
	CHECK_EQ(prio(&b->thread), 28);
	CHECK_EQ(my_prio(), 28);

	/* Releasing m1 unwinds the chain: B gets m1, then everything runs. */
	CHECK_EQ(mutex_unlock(&m1), 0);
	CHECK_EQ(my_prio(), MAIN_PRIORITY);
	CHECK_EQ(prio(&b->thread), 28); /* still owes C (and so A) m2 */
	CHECK_EQ(prio(&c->thread), 28);
	finish_all(3);
	CHECK_EQ(a->result, 0);
	CHECK_EQ(b->result, 0);
	CHECK_EQ(c->result, 0);
}

/* main holds m1 and m2, one waited for at 24, the other at 20, and
 * releases them in the given order: its priority must always be the
 * highest it is still owed. */
static void release_two(bool m1_first, bool high_waits_on_m1)
{
	struct mutex *high_m = high_waits_on_m1 ? &m1 : &m2;
	struct mutex *low_m = high_waits_on_m1 ? &m2 : &m1;

	reset(&m1, 0);
	reset(&m2, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	CHECK_EQ(mutex_lock(&m2, TIMEOUT_FOREVER), 0);
	struct helper *low = start(0, 20, NULL, low_m, TIMEOUT_FOREVER);
	struct helper *high = start(1, 24, NULL, high_m, TIMEOUT_FOREVER);
	CHECK_EQ(my_prio(), 24);
	struct mutex *first = m1_first ? &m1 : &m2;
	struct mutex *second = m1_first ? &m2 : &m1;
	CHECK_EQ(mutex_unlock(first), 0);
	CHECK_EQ(my_prio(), first == high_m ? 20 : 24);
	CHECK_EQ(mutex_unlock(second), 0);
	CHECK_EQ(my_prio(), MAIN_PRIORITY);
	finish_all(2);
	CHECK_EQ(high->result, 0);
	CHECK_EQ(low->result, 0);
}

static void test_two_held_released_in_order(void)
{
	release_two(false, false); /* last taken, first released */
	release_two(true, true);
}

static void test_two_held_released_out_of_order(void)
{
	release_two(true, false); /* first taken, first released */
	release_two(false, true);
}

static void test_timeout_undoes_boost(void)
{
	reset(&m1, 0);
	reset(&m2, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	/* B (18) holds m2 and waits for m1; A (26) waits for m2 for 5 ticks. */
	struct helper *b = start(0, 18, &m2, &m1, TIMEOUT_FOREVER);
	struct helper *a = start(1, 26, NULL, &m2, 5);
	CHECK_EQ(prio(&b->thread), 26);
	CHECK_EQ(my_prio(), 26);
	thread_sleep(8); /* A times out: both boosts along the chain undone */
	CHECK_EQ(a->result, ERR_TIMEOUT);
	CHECK_EQ(prio(&b->thread), 18);
	CHECK_EQ(my_prio(), 18);
	CHECK_EQ(mutex_unlock(&m1), 0);
	CHECK_EQ(my_prio(), MAIN_PRIORITY);
	a->lock_second = NULL;
	finish_all(2);
}

static void test_waiter_priority_change_propagates(void)
{
	reset(&m1, 0);
	reset(&m2, 0);
	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	struct helper *b = start(0, 18, &m2, &m1, TIMEOUT_FOREVER);
	struct helper *a = start(1, 20, NULL, &m2, TIMEOUT_FOREVER);
	CHECK_EQ(my_prio(), 20);
	CHECK_EQ(thread_set_priority(&a->thread, 27), 0); /* blocked waiter rises */
	CHECK_EQ(prio(&b->thread), 27);
	CHECK_EQ(my_prio(), 27);
	CHECK_EQ(thread_set_priority(&a->thread, 17), 0); /* and falls */
	CHECK_EQ(prio(&b->thread), 18);
	CHECK_EQ(my_prio(), 18);
	/* A boosted owner's own base change keeps the boost. */
	CHECK_EQ(thread_set_priority(thread_self(), 10), 0);
	CHECK_EQ(my_prio(), 18);
	CHECK_EQ(thread_set_priority(thread_self(), MAIN_PRIORITY), 0);
	CHECK_EQ(mutex_unlock(&m1), 0);
	finish_all(2);
}

static void *exit_holding(void *arg)
{
	mutex_lock(arg, TIMEOUT_FOREVER);
	return NULL; /* exits still holding it */
}

static void test_owner_exit_hands_over_with_owner_died(void)
{
	struct helper *h = &helpers[0];

	reset(&m1, 0);
	CHECK_EQ(thread_create(&h->thread, "holder", exit_holding, &m1, 10, h->stack, STACK_BYTES),
		 0);
	/* It runs when main waits: takes m1 and exits with it. */
	CHECK_EQ(thread_join(&h->thread, NULL, TIMEOUT_FOREVER), 0);
	CHECK(m1.owner == NULL); /* no waiter: simply released */

	CHECK_EQ(mutex_lock(&m1, TIMEOUT_FOREVER), 0);
	struct helper *w = start(1, 19, NULL, &m1, TIMEOUT_FOREVER); /* waits first */
	CHECK_EQ(thread_create(&h->thread, "holder", exit_holding, &m1, 20, h->stack, STACK_BYTES),
		 0); /* outranks w: gets m1 first */
	CHECK_EQ(mutex_unlock(&m1), 0); /* holder gets it, exits holding it */
	CHECK_EQ(thread_join(&h->thread, NULL, TIMEOUT_FOREVER), 0);
	CHECK(m1.owner == &w->thread);
	CHECK_EQ(w->result, ERR_OWNER_DIED);
	w->result = 0;
	finish(w);
}

static void test_kernel_check(void)
{
	CHECK_EQ(kernel_check(), 0);
}

int main(void)
{
	ktest_run("mutex.lock_unlock_and_errors", test_lock_unlock_and_errors);
	ktest_run("mutex.unlock_by_non_owner_changes_nothing", test_unlock_by_non_owner_changes_nothing);
	ktest_run("mutex.recursive", test_recursive_mutex);
	ktest_run("mutex.timeout", test_timeout);
	ktest_run("mutex.waiters_served_by_priority_then_fifo",
		  test_waiters_served_by_priority_then_fifo);
	ktest_run("mutex.delete_wakes_waiters_with_deleted", test_delete_wakes_waiters_with_deleted);
	ktest_run("mutex.deadlock_cycle_refused", test_deadlock_cycle_refused);
	ktest_run("mutex.pi_simple", test_simple_inheritance);
	ktest_run("mutex.pi_no_inherit_option", test_no_inherit_option);
	ktest_run("mutex.pi_chain_of_three", test_chain_of_three);
	ktest_run("mutex.pi_two_held_released_in_order", test_two_held_released_in_order);
	ktest_run("mutex.pi_two_held_released_out_of_order", test_two_held_released_out_of_order);
	ktest_run("mutex.pi_timeout_undoes_boost", test_timeout_undoes_boost);
	ktest_run("mutex.pi_waiter_priority_change_propagates",
		  test_waiter_priority_change_propagates);
	ktest_run("mutex.owner_exit_hands_over_with_owner_died",
		  test_owner_exit_hands_over_with_owner_died);
	ktest_run("mutex.kernel_check", test_kernel_check);
	return ktest_finish();
}
