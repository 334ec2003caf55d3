/* SPDX-License-Identifier: MIT */
/*
 * Priority inheritance on the host, under sanitizers: kernel/mutex.c on
 * the real scheduler core (sched.c, readyq.c, waitq.c, thread.c; see
 * host_sched.h), driven by puppet threads (puppet.h) that lock, unlock,
 * time out, change priorities, sleep, suspend, exit and delete as their
 * scripts say, each when the scheduler runs it.  After every step and
 * tick a reference (pi_model.h) checks the kernel: every effective
 * priority, who runs, each wait queue's order, where every thread is,
 * who owns what.
 *
 * The named cases script what docs/sync.md promises: chains, release in
 * any order, a waiter timing out of a chain, a priority change in the
 * middle of a chain, several mutexes held by one owner (recursive and
 * non-inheriting ones among them), process ceilings, round robin among
 * equals, an owner's exit, deletion, refused cycles.  The random test
 * runs 20 seeds of 10,000 random steps each.
 */
#include <stdio.h>
#include <string.h>

#include "host_random.h"
#include "host_sched.h"
#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
#include "ktest.h"
#include "mutex_steps.h"
#include "pi_model.h"
#include "puppet.h"

#define PUPPETS 8
#define MUTEXES 6
#define RECURSIVE_M 4  /* M[4]: MUTEX_RECURSIVE */
#define NO_INHERIT_M 5 /* M[5]: MUTEX_NO_INHERIT */
#define LOW_CEILING 12

static struct puppet puppets[PUPPETS];
static struct puppet *const table[PUPPETS] = {
	&puppets[0], &puppets[1], &puppets[2], &puppets[3],
	&puppets[4], &puppets[5], &puppets[6], &puppets[7],
};
static struct mutex M[MUTEXES];
/* Its threads inherit at most LOW_CEILING. */
static struct process low_process;

/* ---- the cases' vocabulary ------------------------------------------------ */

static uint32_t flags_of(unsigned m)
{
	return m == RECURSIVE_M ? MUTEX_RECURSIVE : m == NO_INHERIT_M ? MUTEX_NO_INHERIT : 0;
}

/* A fresh kernel: idle only, the mutexes free, every puppet unmade. */
static void boot(void)
{
	static const char *const names[PUPPETS] = { "p0", "p1", "p2", "p3",
						    "p4", "p5", "p6", "p7" };

	host_sched_boot();
	host_process_init(&low_process, "low", LOW_CEILING);
	for (unsigned i = 0; i < MUTEXES; i++) {
		memset(&M[i], 0, sizeof(M[i]));
		CHECK_EQ(mutex_init(&M[i], flags_of(i)), 0);
	}
	for (unsigned i = 0; i < PUPPETS; i++)
		puppet_init(&puppets[i], names[i], 1, i);
}

/* Puppet i, named and to be spawned at priority. */
static struct puppet *puppet(unsigned i, const char *name, unsigned priority)
{
	struct puppet *p = &puppets[i];

	p->name = name;
	p->priority = priority;
	return p;
}

/* The kernel starts, the most urgent thread made at boot runs, and the
 * reference follows from here on. */
static void start(void)
{
	host_sched_start();
	pi_model_start(table, PUPPETS, M, MUTEXES);
}

static void done(void)
{
	CHECK(pi_model_ok());
	pi_model_stop();
}

static struct puppet_step lock(unsigned m)
{
	return step_lock(&M[m], TIMEOUT_FOREVER, 0);
}

static struct puppet_step unlock(unsigned m)
{
	return step_unlock(&M[m], 0);
}

static struct puppet_step spawn(struct puppet *p)
{
	return step_spawn(p, 0);
}

static struct puppet_step priority_is(struct puppet *p, unsigned priority)
{
	return step_priority_is(p, priority);
}

static bool runs(const struct puppet *p)
{
	return sched_current == &p->thread;
}

/* ---- chains ------------------------------------------------------------------ */

/* t4 waits for t3, t3 for t2, t2 for t1, t1 for t0: every owner in the
 * chain runs at t4's priority; each release drops one owner back to its
 * base and hands the chain on. */
static void test_chain_four_deep(void)
{
	boot();
	static const char *const names[5] = { "t0", "t1", "t2", "t3", "t4" };
	struct puppet *t[5];
	for (unsigned i = 0; i < 5; i++)
		t[i] = puppet(i, names[i], 2 + 2 * i);
	puppet_boot(t[0], &host_kernel_process);

	/* t0 takes m0 and makes the others; each takes its own mutex and
	 * waits for the one below. */
	puppet_queue(t[0], lock(0));
	for (unsigned i = 1; i < 5; i++) {
		puppet_queue(t[0], spawn(t[i]));
		if (i < 4)
			puppet_queue(t[i], lock(i));
		puppet_queue(t[i], lock(i - 1));
		/* Once handed its mutex: the chain above it still lends. */
		puppet_queue(t[i], priority_is(t[i], 10));
		puppet_queue(t[i], unlock(i - 1));
		if (i < 4)
			puppet_queue(t[i], unlock(i));
		puppet_queue(t[i], priority_is(t[i], 2 + 2 * i));
		puppet_queue(t[i], step_exit());
	}
	for (unsigned i = 0; i < 4; i++)
		puppet_queue(t[0], priority_is(t[i], 10));
	start();
	puppets_run();
	CHECK(runs(t[0]));
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(t[i]->thread.priority, 10);
	CHECK(t[4]->in_call);
	CHECK(pi_model_counts()->longest_chain >= 4);

	/* t0 lets go: the chain unwinds from the bottom, each in turn. */
	puppet_queue(t[0], unlock(0));
	puppet_queue(t[0], priority_is(t[0], 2));
	puppets_run();
	CHECK(runs(t[0]));
	for (unsigned i = 1; i < 5; i++)
		CHECK_EQ(t[i]->thread.state, THREAD_EXITED);
	CHECK_EQ(t[0]->thread.priority, 2);
	done();
}

/* An owner of three mutexes with waiters of 10, 20 and 15 releases them
 * in each of the six orders: after each release it runs at the highest
 * priority it is still owed. */
static void test_release_in_any_order(void)
{
	static const unsigned orders[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
					       { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
	static const unsigned waiter_priority[3] = { 10, 20, 15 };
	static const char *const names[3] = { "w0", "w1", "w2" };

	for (unsigned o = 0; o < 6; o++) {
		boot();
		struct puppet *owner = puppet(0, "owner", 3);
		puppet_boot(owner, &host_kernel_process);
		for (unsigned m = 0; m < 3; m++)
			puppet_queue(owner, lock(m));
		for (unsigned m = 0; m < 3; m++) {
			struct puppet *w = puppet(1 + m, names[m], waiter_priority[m]);
			puppet_queue(owner, spawn(w));
			puppet_queue(w, lock(m));
			puppet_queue(w, unlock(m));
			puppet_queue(w, step_exit());
		}
		puppet_queue(owner, priority_is(owner, 20));
		bool held[3] = { true, true, true };
		for (unsigned k = 0; k < 3; k++) {
			unsigned m = orders[o][k];
			puppet_queue(owner, unlock(m));
			held[m] = false;
			unsigned owed = 3;
			for (unsigned j = 0; j < 3; j++)
				if (held[j] && waiter_priority[j] > owed)
					owed = waiter_priority[j];
			puppet_queue(owner, priority_is(owner, owed));
		}
		start();
		puppets_run();
		CHECK(runs(owner));
		CHECK_EQ(owner->thread.priority, 3);
		for (unsigned m = 0; m < 3; m++) {
			CHECK_EQ(puppets[1 + m].thread.state, THREAD_EXITED);
			CHECK(M[m].owner == NULL);
		}
		done();
	}
}

/* The top of a chain times out: every owner below falls back to what
 * the rest of its waiters lend, and the queue it waits in is re-sorted. */
static void test_waiter_times_out_of_chain(void)
{
	boot();
	struct puppet *t0 = puppet(0, "t0", 2), *t1 = puppet(1, "t1", 5);
	struct puppet *t2 = puppet(2, "t2", 9), *t3 = puppet(3, "t3", 7);
	puppet_boot(t0, &host_kernel_process);

	/* t1 waits for t0 (m0), then t3 too; t2 waits for t1 (m1) for 10
	 * ticks, and lifts t1 ahead of t3. */
	puppet_queue(t0, lock(0));
	puppet_queue(t0, spawn(t1));
	puppet_queue(t1, lock(1));
	puppet_queue(t1, lock(0));
	puppet_queue(t0, spawn(t3));
	puppet_queue(t3, lock(0));
	puppet_queue(t0, spawn(t2));
	puppet_queue(t2, step_lock(&M[1], 10, ERR_TIMEOUT));
	puppet_queue(t2, priority_is(t1, 5));
	puppet_queue(t2, priority_is(t0, 7));
	puppet_queue(t2, step_exit());
	start();
	puppets_run();
	CHECK(runs(t0));
	CHECK_EQ(t0->thread.priority, 9);
	CHECK_EQ(t1->thread.priority, 9);
	CHECK(wait_queue_first(&M[0].waiters) == &t1->thread);

	puppets_tick(9);
	CHECK(t2->in_call);
	CHECK_EQ(t0->thread.priority, 9);
	puppets_tick(1);
	CHECK_EQ(t2->thread.state, THREAD_EXITED);
	CHECK_EQ(t2->result, 0); /* its last step, the exit */
	CHECK_EQ(t1->thread.priority, 5);
	CHECK_EQ(t0->thread.priority, 7);
	CHECK(wait_queue_first(&M[0].waiters) == &t3->thread); /* t1 fell behind t3 */

	/* Released now, m0 goes to t3, the more urgent waiter. */
	puppet_queue(t0, unlock(0));
	puppets_run();
	CHECK(M[0].owner == &t3->thread);
	CHECK(runs(t3));
	CHECK_EQ(t0->thread.priority, 2);
	done();
}

/* A controller changes the priority of the top waiter, of an owner in
 * the middle of the chain (itself a waiter) and of the bottom owner: each
 * change travels down the chain, and only as far as it changes anything. */
static void test_priority_change_mid_chain(void)
{
	boot();
	struct puppet *t0 = puppet(0, "t0", 2), *t1 = puppet(1, "t1", 4);
	struct puppet *t2 = puppet(2, "t2", 6), *t3 = puppet(3, "t3", 5);
	struct puppet *c = puppet(4, "control", 25);
	puppet_boot(t0, &host_kernel_process);

	/* t2 waits for t1 (m1), t1 and t3 wait for t0 (m0). */
	puppet_queue(t0, lock(0));
	puppet_queue(t0, spawn(t1));
	puppet_queue(t1, lock(1));
	puppet_queue(t1, lock(0));
	puppet_queue(t0, spawn(t3));
	puppet_queue(t3, lock(0));
	puppet_queue(t0, spawn(t2));
	puppet_queue(t2, lock(1));
	puppet_queue(t0, spawn(c));
	start();
	puppets_run();
	CHECK(runs(c));
	CHECK_EQ(t0->thread.priority, 6);
	CHECK_EQ(t1->thread.priority, 6);
	CHECK(wait_queue_first(&M[0].waiters) == &t1->thread);

	/* The top waiter rises, then falls below the owners' bases. */
	puppet_queue(c, step_set_priority(t2, 15, 0));
	puppet_queue(c, priority_is(t1, 15));
	puppet_queue(c, priority_is(t0, 15));
	puppet_queue(c, step_set_priority(t2, 3, 0));
	puppet_queue(c, priority_is(t2, 3));
	puppet_queue(c, priority_is(t1, 4));
	puppet_queue(c, priority_is(t0, 5)); /* t3 lends 5 now */
	puppets_run();
	/* t1, at 4, went behind t3 (5) in m0's queue. */
	CHECK(wait_queue_first(&M[0].waiters) == &t3->thread);

	/* The owner in the middle: its base up and down. */
	puppet_queue(c, step_set_priority(t1, 12, 0));
	puppet_queue(c, priority_is(t1, 12));
	puppet_queue(c, priority_is(t0, 12));
	puppet_queue(c, priority_is(t2, 3));
	puppet_queue(c, step_set_priority(t1, 1, 0));
	puppet_queue(c, priority_is(t1, 3)); /* t2 still lends 3 */
	puppet_queue(c, priority_is(t0, 5));
	/* The bottom owner: inheritance keeps it up when its base falls. */
	puppet_queue(c, step_set_priority(t0, 9, 0));
	puppet_queue(c, priority_is(t0, 9));
	puppet_queue(c, priority_is(t1, 3));
	puppet_queue(c, step_set_priority(t0, 1, 0));
	puppet_queue(c, priority_is(t0, 5));
	/* The top again: the whole chain follows. */
	puppet_queue(c, step_set_priority(t2, 18, 0));
	puppet_queue(c, priority_is(t1, 18));
	puppet_queue(c, priority_is(t0, 18));
	puppet_queue(c, step_exit());
	puppets_run();
	CHECK(runs(t0));
	CHECK(wait_queue_first(&M[0].waiters) == &t1->thread);
	CHECK_EQ(t0->thread.base_priority, 1);

	/* t0 lets go: t1 (18, first) gets m0. */
	puppet_queue(t0, unlock(0));
	puppets_run();
	CHECK(M[0].owner == &t1->thread);
	CHECK(runs(t1));
	CHECK_EQ(t0->thread.priority, 1);
	done();
}

/* ---- several mutexes held -------------------------------------------------- */

/* One owner holds four mutexes, one recursive (taken twice) and one that
 * lends nothing: its priority is the most its inheriting mutexes' waiters
 * lend, and each release lowers it only to what is still owed. */
static void test_nested_mutexes_one_owner(void)
{
	boot();
	struct puppet *o = puppet(0, "owner", 3), *a = puppet(1, "a", 12);
	struct puppet *b = puppet(2, "b", 20), *c = puppet(3, "c", 30), *d = puppet(4, "d", 25);
	puppet_boot(o, &host_kernel_process);

	puppet_queue(o, lock(0));
	puppet_queue(o, lock(1));
	puppet_queue(o, lock(NO_INHERIT_M));
	puppet_queue(o, lock(RECURSIVE_M));
	puppet_queue(o, lock(RECURSIVE_M));
	puppet_queue(o, step_lock(&M[0], TIMEOUT_FOREVER, ERR_DEADLOCK)); /* not recursive */
	struct puppet *waiter[4] = { a, b, c, d };
	unsigned waits_for[4] = { 0, 1, NO_INHERIT_M, RECURSIVE_M };
	unsigned owed_after[4] = { 12, 20, 20, 25 };
	for (unsigned i = 0; i < 4; i++) {
		puppet_queue(o, spawn(waiter[i]));
		puppet_queue(waiter[i], lock(waits_for[i]));
		puppet_queue(waiter[i], unlock(waits_for[i]));
		puppet_queue(waiter[i], step_exit());
		puppet_queue(o, priority_is(o, owed_after[i]));
	}
	/* The recursive one: the first unlock keeps it. */
	puppet_queue(o, unlock(RECURSIVE_M));
	puppet_queue(o, priority_is(o, 25));
	puppet_queue(o, unlock(RECURSIVE_M)); /* d takes it, runs and exits */
	puppet_queue(o, priority_is(o, 20));
	puppet_queue(o, unlock(0)); /* a (12) takes it, but waits for the CPU */
	puppet_queue(o, priority_is(o, 20));
	puppet_queue(o, priority_is(a, 12));
	puppet_queue(o, unlock(1)); /* b runs and exits, then a */
	puppet_queue(o, priority_is(o, 3));
	puppet_queue(o, unlock(NO_INHERIT_M)); /* c */
	puppet_queue(o, priority_is(o, 3));
	start();
	puppets_run();
	CHECK(runs(o));
	for (unsigned i = 0; i < 4; i++)
		CHECK_EQ(waiter[i]->thread.state, THREAD_EXITED);
	CHECK(list_empty(&o->thread.held_mutexes));
	done();
}

/* A thread of a process whose ceiling is 12 inherits no more than 12, and
 * what travels on down the chain is the capped priority. */
static void test_ceiling_caps_inheritance(void)
{
	boot();
	struct puppet *top = puppet(0, "top", 2), *low = puppet(1, "low", 5);
	struct puppet *w = puppet(2, "waiter", 20);
	puppet_boot(top, &low_process);
	puppet_boot(low, &low_process);
	puppet_boot(w, &host_kernel_process);

	puppet_queue(w, step_sleep(3));
	puppet_queue(low, lock(0));
	puppet_queue(low, step_sleep(1));
	puppet_queue(top, lock(1));
	puppet_queue(low, lock(1)); /* low waits for top */
	puppet_queue(w, step_lock(&M[0], 5, ERR_TIMEOUT)); /* waiter waits for low */
	puppet_queue(w, step_set_priority(low, 20, ERR_PRIORITY)); /* above its ceiling */
	puppet_queue(w, priority_is(low, 5));
	puppet_queue(w, priority_is(top, 5));
	puppet_queue(w, step_exit());
	start();
	puppets_run();
	puppets_tick(3);
	CHECK(w->in_call);
	CHECK_EQ(low->thread.priority, LOW_CEILING);
	CHECK_EQ(top->thread.priority, LOW_CEILING);
	CHECK(runs(top));
	puppets_tick(5); /* the waiter gives up */
	CHECK_EQ(w->thread.state, THREAD_EXITED);
	CHECK_EQ(top->thread.priority, 5);
	CHECK(pi_model_counts()->capped > 0);
	done();
}

/* ---- the scheduler around it ------------------------------------------------ */

/* Two equals share the CPU by slices; one of them holds a mutex a more
 * urgent thread comes to wait for.  While it is lifted the other does
 * not run; once it drops back it resumes first, with the rest of its
 * slice, as a preempted thread does, and the slices alternate again. */
static void test_round_robin_among_equals_kept(void)
{
	boot();
	struct puppet *a = puppet(0, "a", 8), *b = puppet(1, "b", 8), *h = puppet(2, "high", 20);
	puppet_boot(a, &host_kernel_process);
	puppet_boot(b, &host_kernel_process);
	puppet_boot(h, &host_kernel_process);

	puppet_queue(h, step_sleep(3));
	puppet_queue(h, lock(0));
	puppet_queue(a, lock(0));
	start();
	puppets_run();
	CHECK(runs(a));
	puppets_tick(3); /* high wakes and waits for a */
	CHECK(runs(a));
	CHECK_EQ(a->thread.priority, 20);
	uint32_t b_ran = b->thread.switches_in;
	puppets_tick(7); /* more than a slice: a is alone at 20 */
	CHECK(runs(a));
	CHECK_EQ(b->thread.switches_in, b_ran);

	puppet_queue(a, unlock(0));
	puppet_queue(h, unlock(0));
	puppet_queue(h, step_sleep(1000));
	puppets_run();
	CHECK(runs(a));
	CHECK_EQ(a->thread.priority, 8);

	/* Who runs after each tick: a to the end of its slice, then b and a
	 * in turn, a slice each. */
	char order[41];
	for (unsigned i = 0; i < 40; i++) {
		puppets_tick(1);
		order[i] = runs(a) ? 'a' : runs(b) ? 'b' : '?';
	}
	order[40] = '\0';
	unsigned first = 0;
	while (first < 40 && order[first] == 'a')
		first++;
	CHECK(first >= 1 && first <= CONFIG_TIME_SLICE_TICKS);
	for (unsigned i = first; i < 40; i++) {
		unsigned turn = (i - first) / CONFIG_TIME_SLICE_TICKS;
		if (!CHECK(order[i] == (turn % 2 == 0 ? 'b' : 'a'))) {
			fprintf(stderr, "round robin: %s\n", order);
			break;
		}
	}
	done();
}

/* An owner that exits hands each mutex it holds to its most urgent
 * waiter, whose lock returns ERR_OWNER_DIED. */
static void test_owner_exits_holding_mutexes(void)
{
	boot();
	struct puppet *o = puppet(0, "owner", 3), *a = puppet(1, "a", 10), *b = puppet(2, "b", 12);
	struct puppet *a2 = puppet(3, "a2", 10);
	puppet_boot(o, &host_kernel_process);

	puppet_queue(o, lock(0));
	puppet_queue(o, lock(1));
	puppet_queue(o, spawn(a));
	puppet_queue(a, step_lock(&M[0], TIMEOUT_FOREVER, ERR_OWNER_DIED));
	puppet_queue(a, priority_is(a, 10)); /* a2 waits, but the owner ... */
	puppet_queue(a, unlock(0));
	puppet_queue(a, step_exit());
	puppet_queue(o, spawn(a2));
	puppet_queue(a2, lock(0)); /* ... handed m0 to a, first come */
	puppet_queue(a2, unlock(0));
	puppet_queue(a2, step_exit());
	puppet_queue(o, spawn(b));
	puppet_queue(b, step_lock(&M[1], TIMEOUT_FOREVER, ERR_OWNER_DIED));
	puppet_queue(b, unlock(1));
	puppet_queue(b, step_exit());
	puppet_queue(o, priority_is(o, 12));
	puppet_queue(o, step_exit());
	start();
	puppets_run();
	CHECK_EQ(o->thread.state, THREAD_EXITED);
	CHECK(sched_current == sched_idle_thread());
	for (unsigned i = 1; i < 4; i++)
		CHECK_EQ(puppets[i].thread.state, THREAD_EXITED);
	CHECK_EQ(pi_model_counts()->owner_died, 2);
	done();
}

/* Deleting a mutex wakes its waiters with ERR_DELETED and takes back what
 * they lent its owner; the record can be made again. */
static void test_deleted_away(void)
{
	boot();
	struct puppet *o = puppet(0, "owner", 3), *a = puppet(1, "a", 10), *b = puppet(2, "b", 15);
	puppet_boot(o, &host_kernel_process);

	puppet_queue(o, lock(0));
	puppet_queue(o, lock(1));
	puppet_queue(o, spawn(a));
	puppet_queue(a, step_lock(&M[0], TIMEOUT_FOREVER, ERR_DELETED));
	puppet_queue(a, step_exit());
	puppet_queue(o, spawn(b));
	puppet_queue(b, step_lock(&M[0], 50, ERR_DELETED));
	puppet_queue(b, priority_is(o, 3));
	puppet_queue(b, step_exit());
	puppet_queue(o, priority_is(o, 15));
	puppet_queue(o, step_delete(&M[0], 0));
	puppet_queue(o, priority_is(o, 3));
	puppet_queue(o, step_lock(&M[0], TIMEOUT_FOREVER, ERR_STALE));
	puppet_queue(o, step_unlock(&M[0], ERR_STALE));
	puppet_queue(o, step_init(&M[0], 0, 0));
	puppet_queue(o, step_init(&M[0], 0, ERR_STATE));
	puppet_queue(o, lock(0));
	puppet_queue(o, step_delete(&M[1], 0)); /* held, nobody waiting */
	start();
	puppets_run();
	CHECK(runs(o));
	CHECK_EQ(a->thread.state, THREAD_EXITED);
	CHECK_EQ(b->thread.state, THREAD_EXITED);
	CHECK(M[0].owner == &o->thread);
	CHECK_EQ(pi_model_counts()->deleted_away, 2);
	done();
}

/* A lock that would close a cycle of owners is refused, and so are a
 * relock, a no-wait lock of a taken mutex and a stranger's unlock; none
 * changes a priority. */
static void test_refusals_change_nothing(void)
{
	boot();
	struct puppet *t0 = puppet(0, "t0", 5), *t1 = puppet(1, "t1", 9), *t2 = puppet(2, "t2", 11);
	puppet_boot(t0, &host_kernel_process);

	puppet_queue(t0, lock(0));
	puppet_queue(t0, spawn(t1));
	puppet_queue(t1, lock(1));
	puppet_queue(t1, lock(0)); /* t1 waits for t0 */
	puppet_queue(t0, step_lock(&M[1], TIMEOUT_FOREVER, ERR_DEADLOCK));
	puppet_queue(t0, step_lock(&M[1], 3, ERR_DEADLOCK));
	puppet_queue(t0, step_lock(&M[0], TIMEOUT_FOREVER, ERR_DEADLOCK));
	puppet_queue(t0, step_lock(&M[1], TIMEOUT_NO_WAIT, ERR_WOULD_BLOCK));
	puppet_queue(t0, step_unlock(&M[1], ERR_PERMISSION));
	puppet_queue(t0, step_unlock(&M[2], ERR_PERMISSION)); /* free */
	puppet_queue(t0, priority_is(t0, 9));
	puppet_queue(t0, spawn(t2));
	puppet_queue(t2, lock(2));
	puppet_queue(t2, lock(1)); /* t2 waits for t1, which waits for t0 */
	puppet_queue(t0, step_lock(&M[2], TIMEOUT_FOREVER, ERR_DEADLOCK)); /* two owners away */
	puppet_queue(t0, priority_is(t0, 11));
	start();
	puppets_run();
	CHECK(runs(t0));
	CHECK(M[1].owner == &t1->thread && M[2].owner == &t2->thread);
	CHECK_EQ(pi_model_counts()->refused, 4);
	done();
}

/* ---- random steps -------------------------------------------------------- */


static struct puppet *any_puppet(void)
{
	return &puppets[rnd(PUPPETS)];
}

/* A suspended puppet (or one to be), if there is one. */
static bool suspended(const struct puppet *p)
{
	return p->thread.state == THREAD_SUSPENDED || p->thread.suspend_requested;
}

/* One that has exited or was never made. */
static bool ended(const struct puppet *p)
{
	return p->thread.state == THREAD_EXITED || p->thread.state == THREAD_FREE;
}

/* A puppet for which which() holds, if there is one; else any. */
static struct puppet *a_puppet(bool (*which)(const struct puppet *p))
{
	unsigned from = rnd(PUPPETS);

	for (unsigned k = 0; k < PUPPETS; k++) {
		struct puppet *p = &puppets[(from + k) % PUPPETS];
		if (which(p))
			return p;
	}
	return any_puppet();
}

static uint32_t any_timeout(void)
{
	uint32_t r = rnd(10);

	return r == 0 ? TIMEOUT_NO_WAIT : r < 6 ? TIMEOUT_FOREVER : 1 + rnd(8);
}

/* What the running puppet p does next; any result will do (the
 * reference predicts it). */
static struct puppet_step random_step(struct puppet *p)
{
	uint32_t r = rnd(100);
	struct mutex *m = &M[rnd(MUTEXES)];

	if (r < 36)
		return step_lock(m, any_timeout(), PUPPET_ANY);
	if (r < 66) {
		/* Mostly one it holds, first or last taken; else a stranger's. */
		const struct list_node *held = &p->thread.held_mutexes;
		if (!list_empty(held) && rnd(8) != 0)
			m = list_entry(rnd(2) ? held->next : held->prev, struct mutex, held_node);
		return step_unlock(m, PUPPET_ANY);
	}
	if (r < 75)
		return step_set_priority(any_puppet(), 1 + rnd(14), PUPPET_ANY);
	if (r < 81)
		return step_sleep(rnd(6));
	if (r < 84)
		return step_yield();
	if (r < 87)
		return step_suspend(any_puppet(), PUPPET_ANY);
	if (r < 91)
		return step_resume(a_puppet(suspended), PUPPET_ANY);
	if (r < 93)
		return step_delete(m, PUPPET_ANY);
	if (r < 95)
		return step_init(m, flags_of((unsigned)(m - M)), PUPPET_ANY);
	/* Exits while most threads are alive, so that the run never ends
	 * with nobody left to make a call. */
	unsigned alive = 0;
	for (unsigned i = 0; i < PUPPETS; i++)
		alive += !ended(&puppets[i]);
	if (r < 97 && alive > PUPPETS / 2)
		return step_exit();
	struct puppet *o = rnd(4) ? a_puppet(ended) : any_puppet();
	o->priority = 1 + rnd(14);
	return step_spawn(o, PUPPET_ANY);
}

static struct pi_model_counts total;

static void add_counts(const struct pi_model_counts *c)
{
	total.steps += c->steps;
	total.ticks += c->ticks;
	total.blocked += c->blocked;
	total.handed_over += c->handed_over;
	total.owner_died += c->owner_died;
	total.timed_out += c->timed_out;
	total.deleted_away += c->deleted_away;
	total.refused += c->refused;
	total.capped += c->capped;
	total.requeued += c->requeued;
	if (c->longest_chain > total.longest_chain)
		total.longest_chain = c->longest_chain;
}

/* steps random steps and ticks from a seed: eight threads, three of them
 * in the low-ceiling process, six mutexes. */
static void random_run(uint32_t start_seed, unsigned steps)
{
	host_seed = start_seed;
	boot();
	for (unsigned i = 0; i < PUPPETS; i++) {
		struct puppet *p = &puppets[i];
		bool low = i >= 5;
		p->priority = 1 + rnd(low ? LOW_CEILING : 14);
		puppet_boot(p, low ? &low_process : &host_kernel_process);
	}
	start();
	for (unsigned step = 0; step < steps && pi_model_ok(); step++) {
		struct puppet *p = puppet_running();
		uint32_t r = rnd(100);
		if (p == NULL && r < 30) {
			/* Nothing ready: an interrupt resumes a suspended thread. */
			struct puppet *s = a_puppet(suspended);
			if (suspended(s)) {
				puppet_interrupt(step_resume(s, PUPPET_ANY));
				continue;
			}
		}
		if (p == NULL || r < 12)
			puppets_tick(1);
		else
			puppet_act(random_step(p));
		if (!pi_model_ok())
			fprintf(stderr, "random: seed 0x%08x, step %u\n", start_seed, step);
	}
	add_counts(pi_model_counts());
	done();
}

static void test_random_steps(void)
{
	total = (struct pi_model_counts){ 0 };
	for (uint32_t run = 1; run <= 20; run++)
		random_run(0x9e3779b9u * run, 10000);
	printf("random: %u steps, %u ticks: %u waits, %u handed over, %u by exit, %u timed out, "
	       "%u deleted away, %u refused, %u capped, %u re-queued, longest chain %u\n",
	       total.steps, total.ticks, total.blocked, total.handed_over, total.owner_died,
	       total.timed_out, total.deleted_away, total.refused, total.capped, total.requeued,
	       total.longest_chain);
	/* Every case that matters came up, many times. */
	CHECK(total.blocked > 5000);
	CHECK(total.handed_over > 2000);
	CHECK(total.owner_died > 100);
	CHECK(total.timed_out > 500);
	CHECK(total.deleted_away > 100);
	CHECK(total.refused > 500);
	CHECK(total.capped > 100);
	CHECK(total.requeued > 1000);
	CHECK(total.longest_chain >= 4);
}

int main(void)
{
	ktest_run("mutex_pi.chain_four_deep", test_chain_four_deep);
	ktest_run("mutex_pi.release_in_any_order", test_release_in_any_order);
	ktest_run("mutex_pi.waiter_times_out_of_chain", test_waiter_times_out_of_chain);
	ktest_run("mutex_pi.priority_change_mid_chain", test_priority_change_mid_chain);
	ktest_run("mutex_pi.nested_mutexes_one_owner", test_nested_mutexes_one_owner);
	ktest_run("mutex_pi.ceiling_caps_inheritance", test_ceiling_caps_inheritance);
	ktest_run("mutex_pi.round_robin_among_equals_kept", test_round_robin_among_equals_kept);
	ktest_run("mutex_pi.owner_exits_holding_mutexes", test_owner_exits_holding_mutexes);
	ktest_run("mutex_pi.deleted_away", test_deleted_away);
	ktest_run("mutex_pi.refusals_change_nothing", test_refusals_change_nothing);
	ktest_run("mutex_pi.random_steps", test_random_steps);
	return ktest_finish();
}
