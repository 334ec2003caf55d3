/* SPDX-License-Identifier: MIT */
/*
 * The real scheduler core on the host (see host_sched.h), and the
 * stand-ins it links against: the arch functions thread.c and sched.c
 * call, the process hooks thread.c calls (the host has kernel processes
 * only), the idle thread and the tick counter's start.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "host_panic.h"
#include "host_sched.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "ktest.h"

/* ---- the stand-ins ------------------------------------------------------- */

unsigned host_lock_depth;
unsigned host_switch_pends;
const uint32_t kernel_tick_initial = 0xfffffff0u; /* the wrap comes early */

struct thread kernel_idle_thread; /* sched_idle_thread() */
static uint8_t idle_stack[512] __attribute__((aligned(ARCH_STACK_ALIGN)));

struct process host_kernel_process;

/* A guard takes the stack's lowest bytes; the frame is never restored
 * (nothing runs on the host), so it is only a place. */
uintptr_t arch_stack_guard_init(struct arch_thread *a, uintptr_t base, size_t bytes)
{
	(void)a;
	(void)bytes;
	return base + ARCH_STACK_GUARD_BYTES;
}

uint32_t *arch_stack_frame_init(uint32_t *stack_top, void *(*entry)(void *), void *arg,
				void (*exit_fn)(void *))
{
	(void)entry;
	(void)arg;
	(void)exit_fn;
	return stack_top - 16;
}

struct process *process_self(void)
{
	struct thread *self = thread_self();

	return self ? self->process : &host_kernel_process;
}

/* Kernel processes: nothing to count or reap. */
void process_thread_exited_locked(struct process *p)
{
	(void)p;
}

void process_thread_reclaimed_locked(struct thread *t)
{
	(void)t;
}

/* Where sched_start and thread_exit come back to. */
static jmp_buf started, exited;

/* The first thread starts: arch_start_first unmasks as it does. */
void arch_start_first(struct thread *first)
{
	(void)first;
	host_lock_depth = 0;
	longjmp(started, 1);
}

/* ---- the core ------------------------------------------------------------- */

void host_process_init(struct process *p, const char *name, unsigned ceiling)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	list_init(&p->threads);
	list_init(&p->children);
	list_node_init(&p->sibling_node);
	p->priority_ceiling = (uint8_t)ceiling;
}

static void *never_runs(void *arg)
{
	(void)arg;
	return NULL;
}

void host_sched_add(struct thread *t, struct process *p, const char *name, unsigned priority,
		    void *stack, size_t stack_bytes)
{
	uint32_t key = kernel_lock();
	thread_setup_locked(t, p, name, never_runs, NULL, priority, stack, stack_bytes);
	sched_ready_locked(t, TRACE_CREATED);
	kernel_unlock(key);
}

void host_sched_boot(void)
{
	kassert(host_lock_depth == 0);
	sched_current = NULL;
	host_switch_pends = 0;
	list_init(&thread_all);
	host_process_init(&host_kernel_process, "kernel", PRIORITY_MAX);
	sched_init();
	memset(&kernel_idle_thread, 0, sizeof(kernel_idle_thread));
	host_sched_add(&kernel_idle_thread, &host_kernel_process, "idle", PRIORITY_IDLE, idle_stack,
		       sizeof(idle_stack));
}

void host_sched_start(void)
{
	/* As kernel_start: the lock held into sched_start. */
	(void)kernel_lock();
	if (setjmp(started) == 0)
		sched_start();
	host_switch_pends = 0;
}

bool host_sched_switch(void)
{
	if (host_switch_pends == 0) {
		struct thread *best =
			list_entry(readyq_first(&sched_ready), struct thread, sched_node);
		if (!CHECK(best == sched_current && sched_current->state == THREAD_RUNNING))
			fprintf(stderr, "host_sched: '%s' should run, no switch was asked for\n",
				best->name);
		return false;
	}
	host_switch_pends = 0;
	uint32_t key = kernel_lock();
	struct sched_pick pick;
	sched_pick_locked(&pick);
	kernel_unlock(key);
	return true;
}

void host_sched_tick(void)
{
	uint32_t key = kernel_lock();
	sched_tick_locked();
	kernel_unlock(key);
	host_sched_switch();
}

/* thread_exit panics if the exited thread runs again after it released
 * the lock; on the host that is where the switch away would be. */
static struct thread *exiting;

static void exit_reached(void)
{
	if (exiting->state == THREAD_EXITED && host_lock_depth == 0 && host_switch_pends > 0)
		longjmp(exited, 1);
}

void host_sched_exit(void)
{
	exiting = sched_current;
	host_panic_hook = exit_reached;
	if (setjmp(exited) == 0)
		thread_exit(NULL);
	host_panic_hook = NULL;
	exiting = NULL;
}
