/* SPDX-License-Identifier: MIT */
/*
 * Run-time statistics (see stats.h).
 *
 * Owns stats_counting_cycles and last_switch, the fine-clock time of the
 * last context switch while counting, guarded by the kernel lock (the
 * switch runs with it held).  Everything else is read from the thread and
 * process records under the same lock.
 */
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/stats.h"

extern const uint32_t kernel_tick_initial;

bool stats_counting_cycles;
static uint64_t last_switch;

/* Caller holds the kernel lock, so the tick cannot move under us. */
static uint64_t now_locked(void)
{
	uint32_t period = arch_tick_period();
	uint32_t ticks = time_ticks() - kernel_tick_initial;

	return (uint64_t)ticks * period + arch_tick_fraction();
}

uint64_t stats_now_cycles(void)
{
	uint32_t key = kernel_lock();
	uint64_t now = now_locked();
	kernel_unlock(key);
	return now;
}

int stats_count_cycles(bool on)
{
	if (!CONFIG_STATS_CYCLES)
		return ERR_STATE;
	uint32_t key = kernel_lock();
	if (on && !stats_counting_cycles)
		last_switch = now_locked(); /* the running thread's stretch starts now */
	else if (!on && stats_counting_cycles)
		stats_charge_locked(sched_self());
	stats_counting_cycles = on;
	kernel_unlock(key);
	return 0;
}

void stats_charge_locked(struct thread *prev)
{
	uint64_t now = now_locked();

	prev->cycles_run += now - last_switch;
	last_switch = now;
}

/* cycles_run up to now: the running thread's stretch is not charged yet. */
static uint64_t cycles_so_far_locked(const struct thread *t, uint64_t now)
{
	if (CONFIG_STATS_CYCLES && stats_counting_cycles && t == sched_self())
		return t->cycles_run + (now - last_switch);
	return t->cycles_run;
}

void stats_snapshot(struct stats_snapshot *s)
{
	uint32_t key = kernel_lock();
	struct list_node *pos;
	const struct thread *idle = sched_idle_thread();

	memset(s, 0, sizeof(*s));
	s->cycles_counted = CONFIG_STATS_CYCLES && stats_counting_cycles;
	s->tick = time_ticks();
	s->cycles = now_locked();
	s->clock_hz = arch_tick_period() * CONFIG_TICK_HZ;
	list_for_each(pos, &thread_all) {
		const struct thread *t = list_entry(pos, struct thread, all_node);
		s->threads++;
		s->switches += t->switches_in;
	}
	s->idle_cycles = cycles_so_far_locked(idle, s->cycles);
	s->idle_ticks = idle->ticks_run;
	kernel_unlock(key);

	uint32_t *count = &s->processes;
	*count = 0;
	for (struct stats_process p; stats_process_at(*count, &p);)
		(*count)++;
}

/* Words of a stack still holding the fill pattern, from just above the
 * canary upwards (thread_stack_unused, on copied bounds: the record may
 * be reused once the lock is released, its stack memory stays). */
static uint32_t stack_unused(const uint32_t *canary, const uint32_t *top)
{
	const uint32_t *w = canary + 1;

	while (w < top && *w == THREAD_STACK_FILL)
		w++;
	return (uint32_t)((uintptr_t)w - (uintptr_t)(canary + 1));
}

bool stats_thread_at(unsigned index, struct stats_thread *out)
{
	uint32_t key = kernel_lock();
	struct list_node *pos;
	const struct thread *t = NULL;
	unsigned i = 0;

	list_for_each(pos, &thread_all) {
		if (i++ == index) {
			t = list_entry(pos, struct thread, all_node);
			break;
		}
	}
	if (t == NULL) {
		kernel_unlock(key);
		return false;
	}
	memset(out, 0, sizeof(*out));
	out->thread = t;
	out->tid = t->tid;
	out->pid = t->process->pid;
	memcpy(out->name, t->name, sizeof(out->name));
	out->state = (uint8_t)t->state;
	out->priority = t->priority;
	out->base_priority = t->base_priority;
	out->wait_reason = t->state == THREAD_BLOCKED ? t->wait_reason : NULL;
	out->switches_in = t->switches_in;
	out->ticks_run = t->ticks_run;
	out->cycles_run = cycles_so_far_locked(t, now_locked());
	const uint32_t *canary = t->stack_limit;
	const uint32_t *top = (const uint32_t *)(t->stack_base + t->stack_bytes);
	kernel_unlock(key);

	out->stack_bytes = (uint32_t)((uintptr_t)top - (uintptr_t)(canary + 1));
	out->stack_used = out->stack_bytes - stack_unused(canary, top);
	return true;
}

struct process_walk {
	unsigned index;
	unsigned seen;
	struct stats_process *out;
	bool found;
	uint64_t now;
};

static void visit_process(struct process *p, void *ctx)
{
	struct process_walk *walk = ctx;
	struct stats_process *out = walk->out;
	struct list_node *pos;

	if (walk->seen++ != walk->index)
		return;
	memset(out, 0, sizeof(*out));
	out->pid = p->pid;
	out->parent_pid = p->parent ? p->parent->pid : p->pid;
	memcpy(out->name, p->name, sizeof(out->name));
	out->state = (uint8_t)p->state;
	for (const struct process *up = p->parent; up != NULL; up = up->parent)
		out->depth++;
	list_for_each(pos, &p->threads) {
		const struct thread *t = list_entry(pos, struct thread, process_node);
		out->threads++;
		out->switches_in += t->switches_in;
		out->ticks_run += t->ticks_run;
		out->cycles_run += cycles_so_far_locked(t, walk->now);
		out->stack_bytes += t->stack_bytes;
	}
	out->code = p->code;
	out->data = p->data;
	out->heap = p->heap;
	walk->found = true;
}

bool stats_process_at(unsigned index, struct stats_process *out)
{
	struct process_walk walk = { .index = index, .out = out };
	uint32_t key = kernel_lock();

	walk.now = now_locked();
	process_for_each(visit_process, &walk);
	kernel_unlock(key);
	return walk.found;
}
