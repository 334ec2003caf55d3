/* SPDX-License-Identifier: MIT */
/*
 * The thread API: creation on caller stacks or from the fixed pool, exit,
 * join, detach, sleep, yield, suspend/resume and priorities.
 *
 * Every call validates its arguments first and changes nothing when it
 * returns an error; state changes are left to the scheduler (sched.c).
 * All records are guarded by the kernel lock.
 *
 * A record's life: FREE -> (create) READY ... EXITED -> (join, or exit
 * after detach) FREE.  THREAD_MAGIC marks a live record so that a stale
 * pointer is refused (ERR_STALE) instead of followed.
 */
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

/* Every live thread, for debuggers and statistics. */
struct list_node thread_all = LIST_HEAD_INIT(thread_all);

static uint32_t next_tid = 1;

/* The wait_reason of a thread blocked in thread_join (compared by address). */
static const char wait_join[] = "join";

static struct thread pool_threads[CONFIG_THREAD_POOL_SIZE];
static struct thread_user pool_users[CONFIG_THREAD_POOL_SIZE];
static uint8_t pool_stacks[CONFIG_THREAD_POOL_SIZE][CONFIG_POOL_STACK_BYTES]
	__attribute__((aligned(ARCH_STACK_ALIGN)));
static struct list_node pool_free = LIST_HEAD_INIT(pool_free);
static unsigned pool_free_count;

_Static_assert(CONFIG_POOL_STACK_BYTES >= THREAD_STACK_MIN_BYTES, "pool stacks too small");

/* Whether t's record (and stack) belong to the pool. */
static bool from_pool(const struct thread *t)
{
	uintptr_t a = (uintptr_t)t;

	return a >= (uintptr_t)pool_threads &&
	       a < (uintptr_t)(pool_threads + CONFIG_THREAD_POOL_SIZE);
}

static bool is_live(const struct thread *t)
{
	return t->magic == THREAD_MAGIC && t->state != THREAD_FREE;
}

/* The first thing a thread runs when its entry function returns. */
static void thread_return(void *value)
{
	thread_exit(value);
}

void thread_setup_locked(struct thread *t, struct process *p, const char *name,
			 thread_entry_t entry, void *arg, unsigned priority, void *stack,
			 size_t stack_bytes)
{
	memset(t, 0, sizeof(*t));
	t->magic = THREAD_MAGIC;
	t->tid = next_tid++;
	strncpy(t->name, name ? name : "", sizeof(t->name) - 1);
	t->process = p;
	t->base_priority = t->priority = (uint8_t)priority;
	t->slice_left = CONFIG_TIME_SLICE_TICKS;
	list_node_init(&t->sched_node);
	list_node_init(&t->timeout_node);
	list_init(&t->held_mutexes);

	t->stack_base = stack;
	t->stack_bytes = (uint32_t)stack_bytes;
	uintptr_t usable = arch_stack_guard_init(&t->arch, (uintptr_t)stack, stack_bytes);
	uint32_t *top = (uint32_t *)((uintptr_t)stack + stack_bytes);
	t->stack_limit = (uint32_t *)usable;
	if (CONFIG_STACK_FILL)
		for (uint32_t *w = t->stack_limit; w < top; w++)
			*w = THREAD_STACK_FILL;
	*t->stack_limit = THREAD_STACK_CANARY;
	t->saved_sp = arch_stack_frame_init(top, entry, arg, thread_return);
	/* Its one stack is where its context is saved (a process's thread
	 * gets a kernel stack of its own: process_thread_create_locked). */
	t->kernel_stack_limit = t->stack_limit;

	list_push_back(&p->threads, &t->process_node);
	p->thread_count++;
	list_push_back(&thread_all, &t->all_node);
}

void thread_reclaim_locked(struct thread *t)
{
	kassert(t->state == THREAD_EXITED && t != sched_self());

	list_remove(&t->process_node);
	t->process->thread_count--;
	list_remove(&t->all_node);
	process_thread_reclaimed_locked(t);
	t->state = THREAD_FREE;
	t->magic = 0;
	if (from_pool(t)) {
		/* thread_pool_take_locked gives it its pool stack again. */
		list_push_back(&pool_free, &t->sched_node);
		pool_free_count++;
	}
}

static int check_create_args(const char *name, thread_entry_t entry, unsigned priority)
{
	(void)name;
	/* Before kernel_start (a C constructor, say) no process exists to
	 * own the thread. */
	if (thread_self() == NULL)
		return ERR_STATE;
	if (entry == NULL)
		return ERR_NULL;
	if (priority < PRIORITY_MIN || priority > PRIORITY_MAX)
		return ERR_PRIORITY;
	if (priority > process_self()->priority_ceiling)
		return ERR_PRIORITY;
	return 0;
}

int thread_create(struct thread *t, const char *name, thread_entry_t entry, void *arg,
		  unsigned priority, void *stack, size_t stack_bytes)
{
	if (t == NULL || stack == NULL)
		return ERR_NULL;
	int err = check_create_args(name, entry, priority);
	if (err)
		return err;
	if ((uintptr_t)stack % 8 != 0 || stack_bytes % 8 != 0)
		return ERR_STACK_ALIGN;
	if (stack_bytes < THREAD_STACK_MIN_BYTES)
		return ERR_STACK_SIZE;

	uint32_t key = kernel_lock();
	if (is_live(t)) {
		kernel_unlock(key);
		return ERR_STATE;
	}
	thread_setup_locked(t, process_self(), name, entry, arg, priority, stack, stack_bytes);
	sched_ready_locked(t, TRACE_CREATED);
	kernel_unlock(key);
	return 0;
}

static void pool_init_once(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	for (unsigned i = 0; i < CONFIG_THREAD_POOL_SIZE; i++)
		list_push_back(&pool_free, &pool_threads[i].sched_node);
	pool_free_count = CONFIG_THREAD_POOL_SIZE;
}

struct thread *thread_pool_take_locked(void)
{
	pool_init_once();
	struct list_node *node = list_first(&pool_free);
	if (node == NULL)
		return NULL;
	list_remove(node);
	pool_free_count--;
	struct thread *t = list_entry(node, struct thread, sched_node);
	unsigned index = (unsigned)(t - pool_threads);
	t->stack_base = pool_stacks[index];
	t->stack_bytes = CONFIG_POOL_STACK_BYTES;
	return t;
}

struct thread_user *thread_pool_user_locked(const struct thread *t)
{
	kassert(from_pool(t));
	return &pool_users[t - pool_threads];
}

unsigned thread_pool_free_locked(void)
{
	pool_init_once();
	return pool_free_count;
}

int thread_create_pooled(struct thread **out, const char *name, thread_entry_t entry,
			 void *arg, unsigned priority)
{
	if (out == NULL)
		return ERR_NULL;
	int err = check_create_args(name, entry, priority);
	if (err)
		return err;

	uint32_t key = kernel_lock();
	struct thread *t = thread_pool_take_locked();
	if (t == NULL) {
		kernel_unlock(key);
		return ERR_NO_MEMORY;
	}
	thread_setup_locked(t, process_self(), name, entry, arg, priority, t->stack_base,
			    t->stack_bytes);
	*out = t;
	sched_ready_locked(t, TRACE_CREATED);
	kernel_unlock(key);
	return 0;
}

unsigned thread_pool_free(void)
{
	uint32_t key = kernel_lock();
	pool_init_once();
	unsigned n = pool_free_count;
	kernel_unlock(key);
	return n;
}

/* t, which has just become EXITED, wakes the thread joining it; the
 * joiner may have timed out already and not yet run: it is woken only if
 * it still waits for t. */
static void wake_joiner_locked(struct thread *t)
{
	struct thread *joiner = t->joiner;

	if (joiner && joiner->state == THREAD_BLOCKED && joiner->wait_object == t)
		sched_wake_locked(joiner, 0);
}

void thread_exit(void *value)
{
	uint32_t key = kernel_lock();
	struct thread *self = sched_self();

	kassert(!arch_in_isr());
	kassert(self != sched_idle_thread());
	mutex_release_all_locked(self);
	self->exit_value = value;
	sched_exit_locked();
	process_thread_exited_locked(self->process);
	wake_joiner_locked(self);
	sched_exit_unlock(key);
	panic("exited thread '%s' ran again", self->name);
}

int thread_terminate(struct thread *t)
{
	if (t == NULL)
		return ERR_NULL;
	if (arch_in_isr())
		return ERR_CONTEXT;

	uint32_t key = kernel_lock();
	struct thread *self = sched_self();
	int err = 0;

	if (!is_live(t))
		err = ERR_STALE;
	else if (t == self) {
		kernel_unlock(key);
		thread_exit(NULL);
	} else if (t == sched_idle_thread() || t->user != NULL)
		err = ERR_PERMISSION; /* a process's threads end with their process */
	else if (t->state == THREAD_EXITED)
		err = ERR_STATE;
	if (err) {
		kernel_unlock(key);
		return err;
	}

	/* A thread it was joining may be joined again. */
	if (t->state == THREAD_BLOCKED && t->wait_reason == wait_join)
		((struct thread *)t->wait_object)->joiner = NULL;
	sched_end_locked(t);
	mutex_release_all_locked(t);
	t->exit_value = NULL;
	process_thread_exited_locked(t->process);
	wake_joiner_locked(t);
	if (t->detached)
		thread_reclaim_locked(t); /* it runs no more: nothing is on its stack */
	kernel_unlock(key);
	return 0;
}

int thread_join(struct thread *t, void **value, uint32_t timeout_ticks)
{
	if (t == NULL)
		return ERR_NULL;
	if (arch_in_isr())
		return ERR_CONTEXT;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	struct thread *self = sched_self();
	int err = 0;

	if (!is_live(t))
		err = ERR_STALE;
	else if (t == self)
		err = ERR_DEADLOCK;
	else if (t->detached)
		err = ERR_DETACHED;
	else if (t->joiner != NULL)
		err = ERR_BUSY;
	else if (t->state == THREAD_BLOCKED && t->wait_object == self &&
		 t->wait_reason == wait_join)
		err = ERR_DEADLOCK; /* t is joining us */
	else if (t->state != THREAD_EXITED && timeout_ticks == TIMEOUT_NO_WAIT)
		err = ERR_WOULD_BLOCK;
	if (err) {
		kernel_unlock(key);
		return err;
	}

	if (t->state != THREAD_EXITED) {
		t->joiner = self;
		err = sched_block(NULL, t, wait_join, timeout_ticks, key);
		key = kernel_lock();
		/* A timeout that lost the race with t's exit is a join. */
		if (err != 0 && t->state != THREAD_EXITED) {
			t->joiner = NULL;
			kernel_unlock(key);
			return err;
		}
	}
	kassert(t->state == THREAD_EXITED);
	if (value)
		*value = t->exit_value;
	thread_reclaim_locked(t);
	kernel_unlock(key);
	return 0;
}

int thread_detach(struct thread *t)
{
	if (t == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	int err = 0;

	if (!is_live(t))
		err = ERR_STALE;
	else if (t->detached)
		err = ERR_DETACHED;
	else if (t->joiner != NULL)
		err = ERR_BUSY;
	else {
		t->detached = true;
		if (t->state == THREAD_EXITED)
			thread_reclaim_locked(t);
	}
	kernel_unlock(key);
	return err;
}

int thread_sleep(uint32_t ticks)
{
	if (arch_in_isr())
		return ERR_CONTEXT;
	if (!timeout_valid(ticks))
		return ERR_RANGE;
	if (ticks == 0) {
		thread_yield();
		return 0;
	}
	uint32_t key = kernel_lock();
	int err = sched_block(NULL, NULL, "sleep", ticks, key);
	return err == ERR_TIMEOUT ? 0 : err;
}

int thread_sleep_ms(uint32_t ms)
{
	uint64_t ticks = time_ms_to_ticks(ms, CONFIG_TICK_HZ);

	return ticks > TIMEOUT_MAX_TICKS ? ERR_RANGE : thread_sleep((uint32_t)ticks);
}

void thread_yield(void)
{
	sched_yield();
}

int thread_suspend(struct thread *t)
{
	if (t == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	int err = 0;

	if (!is_live(t))
		err = ERR_STALE;
	else if (t == sched_idle_thread())
		err = ERR_STATE;
	else if (t->state == THREAD_READY || t->state == THREAD_RUNNING)
		sched_suspend_locked(t);
	else if (t->state == THREAD_BLOCKED && !t->suspend_requested)
		t->suspend_requested = true;
	else
		err = ERR_STATE;
	kernel_unlock(key);
	return err;
}

int thread_resume(struct thread *t)
{
	if (t == NULL)
		return ERR_NULL;

	uint32_t key = kernel_lock();
	int err = 0;

	if (!is_live(t))
		err = ERR_STALE;
	else if (t->state == THREAD_SUSPENDED)
		sched_ready_locked(t, TRACE_RESUMED);
	else if (t->state == THREAD_BLOCKED && t->suspend_requested)
		t->suspend_requested = false;
	else
		err = ERR_STATE;
	kernel_unlock(key);
	return err;
}

int thread_set_priority(struct thread *t, unsigned priority)
{
	if (t == NULL)
		return ERR_NULL;
	if (priority < PRIORITY_MIN || priority > PRIORITY_MAX)
		return ERR_PRIORITY;

	uint32_t key = kernel_lock();
	int err = 0;

	if (!is_live(t))
		err = ERR_STALE;
	else if (t->state == THREAD_EXITED || t == sched_idle_thread())
		err = ERR_STATE;
	else if (priority > t->process->priority_ceiling)
		err = ERR_PRIORITY;
	else {
		/* Inheritance may keep it higher; a blocked thread's new
		 * priority travels down its chain of mutex owners. */
		t->base_priority = (uint8_t)priority;
		mutex_update_priority_locked(t);
	}
	kernel_unlock(key);
	return err;
}

unsigned thread_priority(const struct thread *t)
{
	return t->priority;
}

struct thread *thread_self(void)
{
	return sched_self();
}

const char *thread_name(const struct thread *t)
{
	return t->name;
}

const char *thread_state_name(enum thread_state state)
{
	switch (state) {
	case THREAD_FREE:
		return "free";
	case THREAD_READY:
		return "ready";
	case THREAD_RUNNING:
		return "running";
	case THREAD_BLOCKED:
		return "blocked";
	case THREAD_SUSPENDED:
		return "suspended";
	case THREAD_EXITED:
		return "exited";
	}
	return "?";
}

uint32_t thread_stack_unused(const struct thread *t)
{
	const uint32_t *w = t->stack_limit + 1; /* above the canary */
	const uint32_t *top = (const uint32_t *)(t->stack_base + t->stack_bytes);

	while (w < top && *w == THREAD_STACK_FILL)
		w++;
	return (uint32_t)((uintptr_t)w - (uintptr_t)(t->stack_limit + 1));
}
