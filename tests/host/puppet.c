/* SPDX-License-Identifier: MIT */
/* Puppet threads (see puppet.h) and the thread steps. */
#include <stdio.h>
#include <string.h>

#include "host_sched.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "ktest.h"
#include "puppet.h"

const struct puppet_observer *puppet_observer;

/* More steps than any case makes without a tick: a script that never
 * ends (two threads handing a mutex back and forth forever). */
#define RUN_LIMIT 100000

void puppet_init(struct puppet *p, const char *name, unsigned priority, unsigned index)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->priority = priority;
	p->index = index;
}

void puppet_boot(struct puppet *p, struct process *proc)
{
	host_sched_add(&p->thread, proc, p->name, p->priority, p->stack, sizeof(p->stack));
}

void puppet_queue(struct puppet *p, struct puppet_step s)
{
	if (p->next == p->count)
		p->next = p->count = 0;
	if (!CHECK(p->count < PUPPET_SCRIPT_STEPS))
		return;
	p->script[p->count++] = s;
}

struct puppet *puppet_running(void)
{
	struct thread *t = sched_current;

	return t == NULL || t == sched_idle_thread() ? NULL : list_entry(t, struct puppet, thread);
}

const char *puppet_result_text(int result, char buf[16])
{
	if (result < 0)
		return error_name(result);
	snprintf(buf, 16, "%d", result);
	return buf;
}

static void finish(struct puppet *p, const struct puppet_step *s, int result)
{
	p->result = result;
	if (s->expect != PUPPET_ANY && result != s->expect) {
		char said[16], want[16];
		fprintf(stderr, "puppet %s: %s returned %s, expected %s\n", p->name, s->what,
			puppet_result_text(result, said), puppet_result_text(s->expect, want));
		ktest_check(false, "the step's result", __FILE__, __LINE__);
	}
}

/* The running puppet, if it was inside a call, comes out of it. */
static void resume_running(void)
{
	struct puppet *p = puppet_running();

	if (p == NULL || !p->in_call || p->thread.state != THREAD_RUNNING)
		return;
	p->in_call = false;
	int result = p->call.resumed(p);
	finish(p, &p->call, result);
	if (puppet_observer && puppet_observer->resumed)
		puppet_observer->resumed(p, &p->call, result);
}

static void checkpoint(void)
{
	if (puppet_observer && puppet_observer->checkpoint)
		puppet_observer->checkpoint();
}

bool puppet_act(struct puppet_step s)
{
	struct puppet *p = puppet_running();

	if (!CHECK(p != NULL && !p->in_call))
		return true;
	if (puppet_observer && puppet_observer->before)
		puppet_observer->before(p, &s);
	p->call = s;
	int result = s.call(p, &s);
	bool blocked = s.resumed != NULL && p->thread.state == THREAD_BLOCKED;
	if (blocked)
		p->in_call = true;
	else
		finish(p, &s, result);
	if (p->thread.state == THREAD_EXITED)
		p->next = p->count = 0; /* it never runs again */
	if (puppet_observer && puppet_observer->after)
		puppet_observer->after(p, &s, result, blocked);
	host_sched_switch();
	resume_running();
	checkpoint();
	return !blocked;
}

void puppet_interrupt(struct puppet_step s)
{
	if (!CHECK(s.op == PUPPET_RESUME))
		return;
	if (puppet_observer && puppet_observer->before)
		puppet_observer->before(NULL, &s);
	int result = s.call(NULL, &s);
	if (s.expect != PUPPET_ANY && !CHECK_EQ(result, s.expect))
		fprintf(stderr, "an interrupt: %s returned %s\n", s.what, error_name(result));
	if (puppet_observer && puppet_observer->after)
		puppet_observer->after(NULL, &s, result, false);
	host_sched_switch();
	resume_running();
	checkpoint();
}

unsigned puppets_run(void)
{
	unsigned steps = 0;
	struct puppet *p;

	while ((p = puppet_running()) != NULL && p->next < p->count) {
		if (!CHECK(steps < RUN_LIMIT))
			break;
		puppet_act(p->script[p->next++]);
		steps++;
	}
	return steps;
}

void puppets_tick(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (puppet_observer && puppet_observer->tick)
			puppet_observer->tick();
		host_sched_tick();
		resume_running();
		checkpoint();
		puppets_run();
	}
}

/* ---- the thread steps ------------------------------------------------------ */

static void *never_runs(void *arg)
{
	(void)arg;
	return NULL;
}

static int spawn(struct puppet *self, const struct puppet_step *s)
{
	struct puppet *o = s->other;

	(void)self;
	if (o->thread.state == THREAD_EXITED) {
		int err = thread_join(&o->thread, NULL, TIMEOUT_NO_WAIT); /* frees the record */
		if (err)
			return err;
	}
	return thread_create(&o->thread, o->name, never_runs, o, o->priority, o->stack,
			     sizeof(o->stack));
}

static int set_priority(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return thread_set_priority(&s->other->thread, s->priority);
}

static int priority_of(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return (int)thread_priority(&s->other->thread);
}

static int sleep_for(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return thread_sleep(s->ticks);
}

/* thread_sleep once its thread runs again: a sleep that timed out is 0. */
static int sleep_resumed(struct puppet *self)
{
	int err = self->thread.wait_result;

	return err == ERR_TIMEOUT ? 0 : err;
}

static int yield(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	(void)s;
	thread_yield();
	return 0;
}

static int suspend(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return thread_suspend(&s->other->thread);
}

static int resume(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return thread_resume(&s->other->thread);
}

static int exit_now(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	(void)s;
	host_sched_exit();
	return 0;
}

struct puppet_step step_spawn(struct puppet *other, int expect)
{
	return (struct puppet_step){ .op = PUPPET_SPAWN, .what = "spawn", .call = spawn,
				     .other = other, .expect = expect };
}

struct puppet_step step_set_priority(struct puppet *other, unsigned priority, int expect)
{
	return (struct puppet_step){ .op = PUPPET_SET_PRIORITY, .what = "set priority",
				     .call = set_priority, .other = other, .priority = priority,
				     .expect = expect };
}

struct puppet_step step_priority_is(struct puppet *other, unsigned priority)
{
	return (struct puppet_step){ .op = PUPPET_PRIORITY, .what = "priority", .call = priority_of,
				     .other = other, .expect = (int)priority };
}

struct puppet_step step_sleep(uint32_t ticks)
{
	return (struct puppet_step){ .op = PUPPET_SLEEP, .what = "sleep", .call = sleep_for,
				     .resumed = sleep_resumed, .ticks = ticks, .expect = 0 };
}

struct puppet_step step_yield(void)
{
	return (struct puppet_step){ .op = PUPPET_YIELD, .what = "yield", .call = yield };
}

struct puppet_step step_suspend(struct puppet *other, int expect)
{
	return (struct puppet_step){ .op = PUPPET_SUSPEND, .what = "suspend", .call = suspend,
				     .other = other, .expect = expect };
}

struct puppet_step step_resume(struct puppet *other, int expect)
{
	return (struct puppet_step){ .op = PUPPET_RESUME, .what = "resume", .call = resume,
				     .other = other, .expect = expect };
}

struct puppet_step step_exit(void)
{
	return (struct puppet_step){ .op = PUPPET_EXIT, .what = "exit", .call = exit_now };
}
