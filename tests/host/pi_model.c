/* SPDX-License-Identifier: MIT */
/*
 * The reference for priority inheritance (see pi_model.h).
 *
 * Here the account is kept and each call's outcome predicted, as the
 * puppets make them; pi_checks.c compares the kernel with it.  The
 * reference never reads the kernel to decide what should happen, with
 * two exceptions: its starting state (pi_model_start), and which of
 * several waiters a mutex went to when they are equal in priority and
 * took their places in the same step (two re-queued by one change), where
 * either is right.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernel/errors.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "pi_model_state.h"

struct pi_state pi;
static uint32_t now; /* the tick counter, as the kernel's */

/* What the step being made should do. */
static int expected;
static bool expect_block;
/* Mutexes a step released with waiters: each goes to one of candidates
 * (a bit per thread), with result for its new owner's lock call. */
static struct {
	int mutex;
	uint32_t candidates;
	int result;
} handoffs[PI_MODEL_MUTEXES];
static unsigned n_handoffs;

static const struct pi_model_counts zero_counts;

bool pi_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pi_model: after %llu steps and ticks: ", (unsigned long long)pi.moment);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	pi.ok = false;
	return false;
}

static int mutex_index(const struct mutex *m)
{
	return (int)(m - pi.mutexes);
}

/* ---- the reference's rules ------------------------------------------------ */

static void recompute(void)
{
	unsigned before[PI_MODEL_THREADS];
	bool capped = false;

	for (unsigned i = 0; i < pi.n_threads; i++) {
		before[i] = pi.th[i].eff;
		pi.th[i].eff = pi.th[i].base;
	}
	for (bool changed = true; changed;) {
		changed = false;
		for (unsigned w = 0; w < pi.n_threads; w++) {
			if (pi.th[w].state != M_BLOCKED || pi.th[w].waits_on < 0)
				continue;
			const struct pi_mutex *m = &pi.mx[pi.th[w].waits_on];
			if (m->flags & MUTEX_NO_INHERIT)
				continue;
			struct pi_thread *owner = &pi.th[m->owner];
			unsigned lent = pi.th[w].eff;
			if (lent > pi_ceiling(m->owner))
				lent = pi_ceiling(m->owner);
			capped |= lent < pi.th[w].eff && lent >= owner->eff;
			if (lent > owner->eff) {
				owner->eff = lent;
				changed = true;
			}
		}
	}
	pi.counts.capped += capped;
	/* A waiter whose priority changed is queued again behind its new
	 * equals. */
	for (unsigned i = 0; i < pi.n_threads; i++) {
		struct pi_thread *t = &pi.th[i];
		if (t->state == M_BLOCKED && t->waits_on >= 0 && t->eff != before[i]) {
			t->placed = pi.moment;
			pi.counts.requeued++;
		}
	}
}

static void wake(int i, int result)
{
	pi.th[i].state = pi.th[i].suspend_requested ? M_SUSPENDED : M_RUNNABLE;
	pi.th[i].suspend_requested = false;
	pi.th[i].waits_on = -1;
	pi.th[i].has_deadline = false;
	pi.th[i].woken = true;
	pi.th[i].wake_result = result;
}

/* The waiters of m the kernel may hand it to: the highest effective
 * priority, and among those the earliest placed. */
static uint32_t first_waiters(int m)
{
	int best = -1;
	uint32_t set = 0;

	for (unsigned i = 0; i < pi.n_threads; i++) {
		const struct pi_thread *t = &pi.th[i];
		if (t->state != M_BLOCKED || t->waits_on != m)
			continue;
		const struct pi_thread *b = best < 0 ? NULL : &pi.th[best];
		if (b == NULL || t->eff > b->eff || (t->eff == b->eff && t->placed < b->placed)) {
			best = (int)i;
			set = 1u << i;
		} else if (t->eff == b->eff && t->placed == b->placed) {
			set |= 1u << i;
		}
	}
	return set;
}

/* m is released: to a first waiter (settled in after()), or free. */
static void release(int m, int result)
{
	uint32_t set = first_waiters(m);

	if (set == 0) {
		pi.mx[m].owner = -1;
		pi.mx[m].depth = 0;
		return;
	}
	handoffs[n_handoffs].mutex = m;
	handoffs[n_handoffs].candidates = set;
	handoffs[n_handoffs].result = result;
	n_handoffs++;
	pi.mx[m].owner = -1; /* until settled */
}

static int lock(int self, int m, uint32_t timeout)
{
	if (!pi.mx[m].live)
		return ERR_STALE;
	if (pi.mx[m].owner < 0) {
		pi.mx[m].owner = self;
		pi.mx[m].depth = 1;
		return 0;
	}
	if (pi.mx[m].owner == self) {
		if (!(pi.mx[m].flags & MUTEX_RECURSIVE)) {
			pi.counts.refused++;
			return ERR_DEADLOCK;
		}
		pi.mx[m].depth++;
		return 0;
	}
	if (timeout == TIMEOUT_NO_WAIT)
		return ERR_WOULD_BLOCK;
	for (int t = pi.mx[m].owner; t >= 0;) {
		if (t == self) {
			pi.counts.refused++;
			return ERR_DEADLOCK;
		}
		bool on_mutex = pi.th[t].state == M_BLOCKED && pi.th[t].waits_on >= 0;
		t = on_mutex ? pi.mx[pi.th[t].waits_on].owner : -1;
	}
	pi.th[self].state = M_BLOCKED;
	pi.th[self].waits_on = m;
	pi.th[self].has_deadline = timeout != TIMEOUT_FOREVER;
	pi.th[self].deadline = now + timeout;
	pi.th[self].placed = pi.moment;
	expect_block = true;
	pi.counts.blocked++;
	return 0;
}

static int unlock(int self, int m)
{
	if (!pi.mx[m].live)
		return ERR_STALE;
	if (pi.mx[m].owner != self)
		return ERR_PERMISSION;
	if (--pi.mx[m].depth == 0) {
		if (first_waiters(m))
			pi.counts.handed_over++;
		release(m, 0);
	}
	return 0;
}

static int delete_mutex(int m)
{
	if (!pi.mx[m].live)
		return ERR_STALE;
	for (unsigned i = 0; i < pi.n_threads; i++)
		if (pi.th[i].state == M_BLOCKED && pi.th[i].waits_on == m) {
			wake((int)i, ERR_DELETED);
			pi.counts.deleted_away++;
		}
	pi.mx[m].live = false;
	pi.mx[m].owner = -1;
	pi.mx[m].depth = 0;
	return 0;
}

static int init(int m, uint32_t flags)
{
	if (pi.mx[m].live)
		return ERR_STATE;
	pi.mx[m] = (struct pi_mutex){ .live = true, .flags = flags, .owner = -1 };
	return 0;
}

static int spawn(int self, int o, unsigned priority)
{
	if (pi.th[o].state == M_EXITED)
		pi.th[o].state = M_FREE; /* joined: the record is free */
	if (priority > pi.th[self].process->priority_ceiling)
		return ERR_PRIORITY;
	if (pi_live(o))
		return ERR_STATE;
	pi.th[o] = (struct pi_thread){ .state = M_RUNNABLE, .process = pi.th[self].process,
				   .base = priority, .eff = priority, .waits_on = -1 };
	return 0;
}

static int set_priority(int o, unsigned priority)
{
	if (priority < PRIORITY_MIN || priority > PRIORITY_MAX)
		return ERR_PRIORITY;
	if (!pi_live(o))
		return ERR_STALE;
	if (pi.th[o].state == M_EXITED)
		return ERR_STATE;
	if (priority > pi_ceiling(o))
		return ERR_PRIORITY;
	pi.th[o].base = priority;
	return 0;
}

static int sleep_for(int self, uint32_t ticks)
{
	if (ticks == 0)
		return 0; /* a yield */
	pi.th[self].state = M_BLOCKED;
	pi.th[self].waits_on = -1;
	pi.th[self].has_deadline = true;
	pi.th[self].deadline = now + ticks;
	expect_block = true;
	return 0;
}

static int suspend(int o)
{
	if (!pi_live(o))
		return ERR_STALE;
	if (pi.th[o].state == M_RUNNABLE)
		pi.th[o].state = M_SUSPENDED;
	else if (pi.th[o].state == M_BLOCKED && !pi.th[o].suspend_requested)
		pi.th[o].suspend_requested = true;
	else
		return ERR_STATE;
	return 0;
}

static int resume(int o)
{
	if (!pi_live(o))
		return ERR_STALE;
	if (pi.th[o].state == M_SUSPENDED)
		pi.th[o].state = M_RUNNABLE;
	else if (pi.th[o].state == M_BLOCKED && pi.th[o].suspend_requested)
		pi.th[o].suspend_requested = false;
	else
		return ERR_STATE;
	return 0;
}

static void exit_now(int self)
{
	for (unsigned m = 0; m < pi.n_mutexes; m++)
		if (pi.mx[m].live && pi.mx[m].owner == self) {
			if (first_waiters((int)m))
				pi.counts.owner_died++;
			release((int)m, ERR_OWNER_DIED);
		}
	pi.th[self].state = M_EXITED;
}

/* ---- following the puppets ----------------------------------------------- */

static void before(struct puppet *self, const struct puppet_step *s)
{
	int i = self ? (int)self->index : -1; /* -1: an interrupt handler */
	int o = s->other ? (int)s->other->index : -1;
	int m = s->mutex ? mutex_index(s->mutex) : -1;

	if (!pi.ok)
		return; /* its account is wrong from here on: one report is enough */
	pi.moment++;
	pi.counts.steps++;
	expect_block = false;
	n_handoffs = 0;
	switch (s->op) {
	case PUPPET_LOCK:
		expected = lock(i, m, s->ticks);
		break;
	case PUPPET_UNLOCK:
		expected = unlock(i, m);
		break;
	case PUPPET_DELETE:
		expected = delete_mutex(m);
		break;
	case PUPPET_INIT:
		expected = init(m, s->flags);
		break;
	case PUPPET_SPAWN:
		expected = spawn(i, o, s->other->priority);
		break;
	case PUPPET_SET_PRIORITY:
		expected = set_priority(o, s->priority);
		break;
	case PUPPET_PRIORITY:
		expected = pi_live(o) ? (int)pi.th[o].eff : PUPPET_ANY;
		break;
	case PUPPET_SLEEP:
		expected = sleep_for(i, s->ticks);
		break;
	case PUPPET_SUSPEND:
		expected = suspend(o);
		break;
	case PUPPET_RESUME:
		expected = resume(o);
		break;
	case PUPPET_EXIT:
		exit_now(i);
		expected = 0;
		break;
	case PUPPET_YIELD:
		expected = 0;
		break;
	}
	if (expect_block) {
		pi.th[i].in_call = true;
		pi.th[i].woken = false;
	}
}

static void after(struct puppet *self, const struct puppet_step *s, int result, bool blocked)
{
	const char *who = self ? self->name : "an interrupt";
	char said[16], want[16];

	if (!pi.ok)
		return;
	EXPECT(blocked == expect_block, "%s: %s %s, the reference says it %s", who, s->what,
	       blocked ? "blocked" : "returned", expect_block ? "blocks" : "returns");
	if (!blocked && expected != PUPPET_ANY)
		EXPECT(result == expected, "%s: %s returned %s, the reference says %s", who,
		       s->what, puppet_result_text(result, said),
		       puppet_result_text(expected, want));
	for (unsigned h = 0; h < n_handoffs; h++) {
		int m = handoffs[h].mutex;
		int to = pi_index(pi.mutexes[m].owner);
		if (!EXPECT(to >= 0 && (handoffs[h].candidates >> to & 1u),
			    "%s: %s: mutex %d went to %s, not to a first waiter", who, s->what, m,
			    pi.mutexes[m].owner ? pi.mutexes[m].owner->name : "nobody"))
			continue;
		pi.mx[m].owner = to;
		pi.mx[m].depth = 1;
		wake(to, handoffs[h].result);
	}
	if (pi.ok)
		recompute();
}

static void resumed(struct puppet *self, const struct puppet_step *s, int result)
{
	struct pi_thread *t = &pi.th[self->index];

	if (!pi.ok)
		return;
	EXPECT(t->in_call && t->woken, "%s: its %s returned, the reference has it %s", self->name,
	       s->what, t->in_call ? "still waiting" : "not in a call");
	EXPECT(result == t->wake_result, "%s: its %s ended with %s, the reference says %s",
	       self->name, s->what, error_name(result), error_name(t->wake_result));
	t->in_call = false;
	t->woken = false;
}

static void tick(void)
{
	if (!pi.ok)
		return;
	pi.moment++;
	pi.counts.ticks++;
	now++;
	for (unsigned i = 0; i < pi.n_threads; i++) {
		const struct pi_thread *t = &pi.th[i];
		if (t->state != M_BLOCKED || !t->has_deadline || !tick_reached(now, t->deadline))
			continue;
		if (t->waits_on >= 0)
			pi.counts.timed_out++;
		/* thread_sleep returns 0 when its time is up */
		wake((int)i, t->waits_on >= 0 ? ERR_TIMEOUT : 0);
	}
	recompute();
}

static const struct puppet_observer observer = {
	.before = before,
	.after = after,
	.resumed = resumed,
	.tick = tick,
	.checkpoint = pi_check_all,
};

/* ---- the interface ------------------------------------------------------- */

void pi_model_start(struct puppet *const *all, unsigned n, struct mutex *m, unsigned nm)
{
	kassert(n <= PI_MODEL_THREADS && nm <= PI_MODEL_MUTEXES);
	pi.puppets = all;
	pi.n_threads = n;
	pi.mutexes = m;
	pi.n_mutexes = nm;
	now = sched_ticks();
	pi.moment = 0;
	pi.ok = true;
	pi.counts = zero_counts;
	for (unsigned i = 0; i < n; i++) {
		const struct thread *t = &all[i]->thread;
		kassert(all[i]->index == i);
		pi.th[i] = (struct pi_thread){
			.state = t->state == THREAD_FREE ? M_FREE : M_RUNNABLE,
			.process = t->process,
			.base = t->base_priority,
			.eff = t->base_priority,
			.waits_on = -1,
		};
	}
	for (unsigned i = 0; i < nm; i++) {
		kassert(m[i].owner == NULL);
		pi.mx[i] = (struct pi_mutex){ .live = true, .flags = m[i].flags, .owner = -1 };
	}
	puppet_observer = &observer;
	pi_check_all();
}

void pi_model_stop(void)
{
	puppet_observer = NULL;
}

bool pi_model_ok(void)
{
	return pi.ok;
}

const struct pi_model_counts *pi_model_counts(void)
{
	return &pi.counts;
}
