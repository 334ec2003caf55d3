/* SPDX-License-Identifier: MIT */
/*
 * The reference's checks (pi_model.h): after every step and tick, the
 * kernel's records against the reference's account (pi_model_state.h),
 * and the rules of priority inheritance and of the scheduler on the
 * kernel's records themselves.
 */
#include <stdio.h>

#include "kernel/sched.h"
#include "pi_model_state.h"

static const char *const state_names[] = { "free", "ready", "blocked", "suspended", "exited" };

static bool state_agrees(const struct thread *t, const struct pi_thread *r)
{
	static const enum thread_state want[] = {
		[M_FREE] = THREAD_FREE,
		[M_BLOCKED] = THREAD_BLOCKED,
		[M_SUSPENDED] = THREAD_SUSPENDED,
		[M_EXITED] = THREAD_EXITED,
	};

	if (r->state == M_RUNNABLE)
		return t->state == THREAD_READY || t->state == THREAD_RUNNING;
	return t->state == want[r->state];
}

/* The priority t is owed, read off the kernel's mutexes: its base,
 * raised by the first waiter of each inheriting mutex it owns, capped by
 * its process's ceiling. */
static unsigned owed_priority(const struct thread *t)
{
	unsigned owed = t->base_priority;

	for (unsigned m = 0; m < pi.n_mutexes; m++) {
		const struct mutex *k = &pi.mutexes[m];
		const struct thread *top = wait_queue_first(&k->waiters);
		if (pi.mx[m].live && k->owner == t && top != NULL &&
		    !(k->flags & MUTEX_NO_INHERIT) && top->priority > owed)
			owed = top->priority;
	}
	return owed < t->process->priority_ceiling ? owed : t->process->priority_ceiling;
}

static void check_threads(void)
{
	for (unsigned u = 0; u < pi.n_threads; u++) {
		int i = (int)u;
		const struct puppet *p = pi.puppets[i];
		const struct thread *t = &p->thread;
		const struct pi_thread *r = &pi.th[i];

		EXPECT(state_agrees(t, r), "%s is %s, the reference has it %s", p->name,
		       thread_state_name(t->state), state_names[r->state]);
		EXPECT(p->in_call == r->in_call, "%s is %sinside a call, the reference says "
		       "the opposite", p->name, p->in_call ? "" : "not ");
		if (!pi_live(i))
			continue;
		EXPECT(t->suspend_requested == r->suspend_requested,
		       "%s: suspend requested %d, the reference says %d", p->name,
		       t->suspend_requested, r->suspend_requested);
		EXPECT(t->base_priority == r->base, "%s: base priority %u, the reference's %u",
		       p->name, t->base_priority, r->base);
		if (r->state == M_EXITED)
			continue;
		EXPECT(t->priority == r->eff, "%s: effective priority %u, the reference's %u",
		       p->name, t->priority, r->eff);
		EXPECT(t->priority == owed_priority(t),
		       "%s: priority %u, owed %u by its mutexes' waiters", p->name, t->priority,
		       owed_priority(t));
	}
}

static void check_running(void)
{
	const struct thread *cur = sched_current;
	int running = pi_index(cur);
	unsigned top = 0;

	for (unsigned i = 0; i < pi.n_threads; i++)
		if (pi.th[i].state == M_RUNNABLE && pi.th[i].eff > top)
			top = pi.th[i].eff;
	if (!EXPECT(cur != NULL && cur->state == THREAD_RUNNING, "no thread is RUNNING"))
		return;
	if (running >= 0)
		EXPECT(pi.th[running].state == M_RUNNABLE, "%s runs, the reference has it %s",
		       cur->name, state_names[pi.th[running].state]);
	else
		EXPECT(cur == sched_idle_thread(), "%s runs: neither a puppet nor idle", cur->name);
	EXPECT(cur->priority == top, "%s runs at %u, a ready thread has priority %u", cur->name,
	       cur->priority, top);
}

/* A wait queue holds exactly the mutex's waiters, by priority and, among
 * equals, in the order they took their places.  Counts each in seen. */
static void check_wait_queue(unsigned m, unsigned seen[])
{
	const struct mutex *k = &pi.mutexes[m];
	unsigned last = PRIORITY_LEVELS;
	uint64_t last_placed = 0;
	const struct list_node *pos;

	list_for_each(pos, &k->waiters.waiters) {
		const struct thread *t = list_entry(pos, struct thread, sched_node);
		int i = pi_index(t);
		if (!EXPECT(i >= 0 && pi.th[i].state == M_BLOCKED && pi.th[i].waits_on == (int)m,
			    "%s is in mutex %u's wait queue, not waiting for it", t->name, m))
			continue;
		seen[i]++;
		EXPECT(t->wait_queue == &k->waiters && t->wait_object == k,
		       "%s: its wait queue and object are not mutex %u's", t->name, m);
		bool in_order = t->priority < last ||
				(t->priority == last && pi.th[i].placed >= last_placed);
		EXPECT(in_order,
		       "%s (priority %u) out of order in mutex %u's wait queue", t->name,
		       t->priority, m);
		last = t->priority;
		last_placed = pi.th[i].placed;
	}
}

static unsigned core_problems;

static void core_problem(const char *what, const struct thread *t)
{
	fprintf(stderr, "pi_model: sched_check: %s (%s)\n", what, t ? t->name : "-");
	core_problems++;
}

/* Every thread is where its state says, exactly once: in the ready
 * queue, in one wait queue, or in neither; and once in the list of all
 * threads while it is alive. */
static void check_places(void)
{
	unsigned seen[PI_MODEL_THREADS] = { 0 }, in_all[PI_MODEL_THREADS] = { 0 };
	unsigned idle_ready = 0, idle_all = 0;
	const struct list_node *pos;

	for (unsigned p = 0; p < PRIORITY_LEVELS; p++)
		list_for_each(pos, &sched_ready.level[p]) {
			int i = pi_index(list_entry(pos, struct thread, sched_node));
			if (i < 0)
				idle_ready++;
			else
				seen[i]++;
		}
	for (unsigned m = 0; m < pi.n_mutexes; m++)
		check_wait_queue(m, seen);
	for (unsigned i = 0; i < pi.n_threads; i++) {
		const struct pi_thread *r = &pi.th[i];
		bool queued = r->state == M_RUNNABLE || (r->state == M_BLOCKED && r->waits_on >= 0);
		unsigned want = queued ? 1 : 0;
		EXPECT(seen[i] == want, "%s is in %u queues (ready or wait), %u expected",
		       pi_name((int)i), seen[i], want);
	}
	EXPECT(idle_ready == 1, "idle is in the ready queue %u times", idle_ready);

	list_for_each(pos, &thread_all) {
		int i = pi_index(list_entry(pos, struct thread, all_node));
		if (i < 0)
			idle_all++;
		else
			in_all[i]++;
	}
	for (unsigned i = 0; i < pi.n_threads; i++)
		EXPECT(in_all[i] == (pi_live((int)i) ? 1u : 0u),
		       "%s is %u times in the list of all threads", pi_name((int)i), in_all[i]);
	EXPECT(idle_all == 1, "idle is %u times in the list of all threads", idle_all);

	uint32_t key = kernel_lock();
	core_problems = 0;
	sched_check_locked(core_problem);
	sched_check_thread_locked(sched_idle_thread(), core_problem);
	for (unsigned i = 0; i < pi.n_threads; i++)
		if (pi_live((int)i))
			sched_check_thread_locked(&pi.puppets[i]->thread, core_problem);
	kernel_unlock(key);
	EXPECT(core_problems == 0, "the scheduler's self-check found %u problems", core_problems);
}

static void check_ownership(void)
{
	unsigned owned[PI_MODEL_THREADS] = { 0 };

	for (unsigned m = 0; m < pi.n_mutexes; m++) {
		const struct mutex *k = &pi.mutexes[m];
		int owner = pi.mx[m].owner;
		/* A released mutex is unlinked without a reset: only its owner's
		 * list says whether it is on one. */
		bool on_held_list = k->owner != NULL &&
				    list_contains(&k->owner->held_mutexes, &k->held_node);
		EXPECT(k->owner == (owner < 0 ? NULL : &pi.puppets[owner]->thread),
		       "mutex %u is owned by %s, the reference says %s", m,
		       k->owner ? k->owner->name : "nobody", owner < 0 ? "nobody" : pi_name(owner));
		if (pi.mx[m].live) { /* a deleted one keeps its last count */
			unsigned depth = pi.mx[m].depth;
			unsigned recursions = depth > 0 ? depth - 1 : 0;
			EXPECT(k->recursions == recursions,
			       "mutex %u: %u recursions, the reference's depth %u", m,
			       (unsigned)k->recursions, depth);
		}
		EXPECT(on_held_list == (owner >= 0), "mutex %u is %son a held list", m,
		       on_held_list ? "" : "not ");
		if (k->owner == NULL)
			EXPECT(list_empty(&k->waiters.waiters), "free mutex %u has waiters", m);
		if (owner >= 0)
			owned[owner]++;
	}
	for (unsigned i = 0; i < pi.n_threads; i++) {
		const struct thread *t = &pi.puppets[i]->thread;
		const struct list_node *pos;
		unsigned n = 0;
		if (!pi_live((int)i))
			continue;
		if (!EXPECT(list_sane(&t->held_mutexes, PI_MODEL_MUTEXES), "%s: held list broken",
			    t->name))
			continue;
		list_for_each(pos, &t->held_mutexes) {
			const struct mutex *k = list_entry(pos, struct mutex, held_node);
			EXPECT(k >= pi.mutexes && k < pi.mutexes + pi.n_mutexes && k->owner == t,
			       "%s holds a mutex it does not own", t->name);
			n++;
		}
		EXPECT(n == owned[i], "%s holds %u mutexes, the reference says %u", t->name, n,
		       owned[i]);
	}
}

/* The longest chain now: owners behind one waiter. */
static void note_chains(void)
{
	for (unsigned i = 0; i < pi.n_threads; i++) {
		unsigned length = 0;
		int t = (int)i;
		while (pi.th[t].state == M_BLOCKED && pi.th[t].waits_on >= 0 &&
		       length < pi.n_threads) {
			t = pi.mx[pi.th[t].waits_on].owner;
			length++;
		}
		if (length > pi.counts.longest_chain)
			pi.counts.longest_chain = length;
	}
}

void pi_check_all(void)
{
	if (!pi.ok)
		return;
	check_threads();
	check_running();
	check_places();
	check_ownership();
	note_chains();
}
