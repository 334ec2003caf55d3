/* SPDX-License-Identifier: MIT */
/*
 * Processes: the kernel process and init, process images, and the life of
 * a spawned process (process.h draws it).
 *
 * Owns the PCB pool, the process tree and every PCB field; guarded by the
 * kernel lock.  Spawning copies the image's data and clears its .bss and
 * heap outside the lock (the image's memory belongs to nobody until the
 * PCB is published).
 *
 * Ending a process is done by one of its own threads, in thread context:
 * the thread that calls SYS_EXIT, a thread killed inside a syscall, or a
 * thread that faulted (the fault handler sends it into process_fault_exit
 * on its kernel stack instead of back to its code).  That thread ends
 * every other thread of the process, and the last one to go turns the
 * process into a zombie (process_thread_exited_locked).
 */
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/handle.h"
#include "kernel/ipc.h"
#include "kernel/kprintf.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/readyq.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/trace.h"

extern char __text_start[], __text_end[];
extern char __data_start[], __bss_end[];
extern char __heap_start[], __heap_end[];
extern const struct process_image __process_images_start[], __process_images_end[];

static struct process processes[CONFIG_PROCESS_MAX]; /* [0] kernel, [1] init */
static uint32_t next_pid = 2;

#define kernel_process processes[0]
#define init_process processes[1]

static void process_setup(struct process *p, uint32_t pid, const char *name,
			  struct process *parent)
{
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	strncpy(p->name, name, sizeof(p->name) - 1);
	p->state = PROCESS_ALIVE;
	p->parent = parent;
	list_init(&p->children);
	list_node_init(&p->sibling_node);
	list_init(&p->threads);
	wait_queue_init(&p->child_exit, NULL);
	wait_queue_init(&p->ipc_senders, NULL);
	wait_queue_init(&p->ipc_receivers, NULL);
	p->priority_ceiling = PRIORITY_MAX;
	if (parent)
		list_push_back(&parent->children, &p->sibling_node);
}

void process_boot(void)
{
	struct process *p;

	process_setup(&kernel_process, 0, "kernel", NULL);
	process_setup(&init_process, 1, "init", &kernel_process);
	for (unsigned i = 0; i < 2; i++) {
		p = &processes[i];
		p->permissions = PERM_PRIVILEGED | PERM_SPAWN;
		p->code = (struct mem_region){ (uintptr_t)__text_start,
					       (uint32_t)(__text_end - __text_start),
					       REGION_READ | REGION_EXECUTE };
		p->data = (struct mem_region){ (uintptr_t)__data_start,
					       (uint32_t)(__bss_end - __data_start),
					       REGION_READ | REGION_WRITE };
		p->heap = (struct mem_region){ (uintptr_t)__heap_start,
					       (uint32_t)(__heap_end - __heap_start),
					       REGION_READ | REGION_WRITE };
	}
}

struct process *process_kernel(void)
{
	return &kernel_process;
}

struct process *process_init(void)
{
	return &init_process;
}

struct process *process_self(void)
{
	struct thread *self = thread_self();

	return self ? self->process : &kernel_process;
}

bool process_is_user(const struct process *p)
{
	return !(p->permissions & PERM_PRIVILEGED);
}

const char *process_state_name(enum process_state state)
{
	switch (state) {
	case PROCESS_FREE:
		return "free";
	case PROCESS_ALIVE:
		return "alive";
	case PROCESS_EXITING:
		return "exiting";
	case PROCESS_ZOMBIE:
		return "zombie";
	}
	return "?";
}

static void visit(struct process *p, void (*fn)(struct process *, void *), void *ctx)
{
	struct list_node *pos;

	fn(p, ctx);
	list_for_each(pos, &p->children)
		visit(list_entry(pos, struct process, sibling_node), fn, ctx);
}

void process_for_each(void (*fn)(struct process *p, void *ctx), void *ctx)
{
	visit(&kernel_process, fn, ctx);
}

struct process *process_find_locked(uint32_t pid)
{
	for (unsigned i = 0; i < CONFIG_PROCESS_MAX; i++)
		if (processes[i].state != PROCESS_FREE && processes[i].pid == pid)
			return &processes[i];
	return NULL;
}

/* ---- images ------------------------------------------------------------ */

const struct process_image *process_image_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (const struct process_image *img = __process_images_start;
	     img < __process_images_end; img++)
		if (strcmp(img->name, name) == 0)
			return img;
	return NULL;
}

void process_image_for_each(void (*fn)(const struct process_image *img, void *ctx), void *ctx)
{
	for (const struct process_image *img = __process_images_start;
	     img < __process_images_end; img++)
		fn(img, ctx);
}

static struct process *image_owner_locked(const struct process_image *img)
{
	for (unsigned i = 2; i < CONFIG_PROCESS_MAX; i++)
		if (processes[i].state != PROCESS_FREE && processes[i].image == img)
			return &processes[i];
	return NULL;
}

static struct mem_region region_of(const void *start, const void *end, uint32_t access)
{
	return (struct mem_region){ (uintptr_t)start,
				    (uint32_t)((uintptr_t)end - (uintptr_t)start), access };
}

/* Fills in a PCB for img from its linker-placed regions; its device
 * windows are the image's, or those the spawner grants (devices). */
static int describe_image(struct process *p, const struct process_image *img,
			  const struct image_device *devices, unsigned device_count)
{
	p->image = img;
	p->permissions = img->permissions & PERM_SPAWN; /* never PERM_PRIVILEGED */
	p->priority_ceiling = img->ceiling;
	p->code = region_of(img->code_start, img->code_end, REGION_READ | REGION_EXECUTE);
	p->data = region_of(img->ram_start, img->ram_end, REGION_READ | REGION_WRITE);
	p->heap = region_of(img->heap, img->heap + img->heap_bytes, REGION_READ | REGION_WRITE);
	p->stacks = region_of(img->stacks, img->stacks + img->max_threads * img->stack_bytes,
			      REGION_READ | REGION_WRITE);
	if (devices == NULL) {
		devices = img->devices;
		device_count = img->device_count;
	}
	p->device_count = device_count;
	for (unsigned d = 0; d < device_count && d < IMAGE_MAX_DEVICES; d++)
		p->devices[d] = (struct mem_region){ devices[d].base, devices[d].size,
						     REGION_READ | REGION_WRITE };
	if (device_count > IMAGE_MAX_DEVICES || img->max_threads == 0 ||
	    img->max_threads > 32 || img->priority < PRIORITY_MIN ||
	    img->priority > img->ceiling || img->ceiling > PRIORITY_MAX)
		return ERR_INVALID;
	return arch_process_init(&p->arch, p);
}

/* ---- threads of a process ------------------------------------------------ */

int process_thread_create_locked(struct process *p, void (*entry)(void *), void *arg,
				 unsigned priority, const char *name, struct thread **out)
{
	const struct process_image *img = p->image;
	unsigned slot;

	if (p->state != PROCESS_ALIVE)
		return ERR_KILLED;
	for (slot = 0; slot < img->max_threads; slot++)
		if (!(p->stacks_in_use & (1u << slot)))
			break;
	if (slot == img->max_threads)
		return ERR_NO_MEMORY;
	struct thread *t = thread_pool_take_locked();
	if (t == NULL)
		return ERR_NO_MEMORY;

	uint8_t *kstack = t->stack_base;
	uint32_t kstack_bytes = t->stack_bytes;
	thread_setup_locked(t, p, name, (thread_entry_t)(uintptr_t)entry, arg, priority,
			    img->stacks + slot * img->stack_bytes, img->stack_bytes);
	uint32_t *top = (uint32_t *)(img->stacks + (slot + 1) * img->stack_bytes);
	/* The same first frame, returning into the user library, not the kernel. */
	t->saved_sp = arch_stack_frame_init(top, (thread_entry_t)(uintptr_t)entry, arg,
					    img->thread_return);
	struct thread_user *u = thread_pool_user_locked(t);
	*u = (struct thread_user){
		.kernel_stack_base = kstack,
		.kernel_stack_bytes = kstack_bytes,
	};
	t->user = u;
	t->stack_slot = (uint8_t)slot;
	t->detached = true; /* the process, not the thread, is waited for */
	t->kernel_stack_limit = (uint32_t *)arch_thread_make_user(
		&t->arch, &u->arch, (uintptr_t)kstack, kstack_bytes, &t->saved_sp);
	*t->kernel_stack_limit = THREAD_STACK_CANARY;
	p->stacks_in_use |= 1u << slot;
	p->live_threads++;
	*out = t;
	sched_ready_locked(t, TRACE_CREATED);
	return 0;
}

/* ---- spawn --------------------------------------------------------------- */

int process_spawn(const char *image_name)
{
	return process_spawn_granted(image_name, NULL, 0);
}

int process_spawn_granted(const char *image_name, const struct image_device *devices,
			  unsigned device_count)
{
	if (!ARCH_HAS_MPU)
		return ERR_NOSYS; /* no isolation on this core */
	if (image_name == NULL)
		return ERR_NULL;
	if (arch_in_isr())
		return ERR_CONTEXT;
	if (devices != NULL && device_count > IMAGE_MAX_DEVICES)
		return ERR_INVALID;
	const struct process_image *img = process_image_find(image_name);
	if (img == NULL)
		return ERR_STALE;

	uint32_t key = kernel_lock();
	struct process *parent = process_self();
	struct process *p = NULL;
	int err = 0;

	if (!(parent->permissions & PERM_SPAWN) ||
	    (devices != NULL && process_is_user(parent)))
		err = ERR_PERMISSION;
	else if (image_owner_locked(img) != NULL)
		err = ERR_BUSY;
	for (unsigned i = 2; err == 0 && p == NULL && i < CONFIG_PROCESS_MAX; i++)
		if (processes[i].state == PROCESS_FREE)
			p = &processes[i];
	if (err == 0 && p == NULL)
		err = ERR_NO_MEMORY;
	if (err == 0 && thread_pool_free_locked() == 0)
		err = ERR_NO_MEMORY;
	if (err != 0) {
		kernel_unlock(key);
		return err;
	}
	/* Reserve the PCB and fill the image's memory outside the lock.  The
	 * reserved PCB is consistent (empty lists, no parent: nobody's child),
	 * EXITING (nothing is sent to it, nobody collects it) and holds the
	 * image (a second spawn of it is ERR_BUSY). */
	process_setup(p, 0, img->name, NULL);
	p->state = PROCESS_EXITING;
	p->image = img;
	kernel_unlock(key);

	size_t data_bytes = (size_t)(img->data_end - img->ram_start);
	memcpy(img->ram_start, img->data_load, data_bytes);
	memset(img->data_end, 0, (size_t)(img->ram_end - img->data_end));

	key = kernel_lock();
	if (parent->state != PROCESS_ALIVE) { /* ended while we copied */
		p->state = PROCESS_FREE;
		p->image = NULL;
		kernel_unlock(key);
		return ERR_KILLED;
	}
	process_setup(p, next_pid++, img->name, parent);
	err = describe_image(p, img, devices, device_count);
	if (err == 0) {
		struct thread *first;
		sched_forget_process_locked(p);
		err = process_thread_create_locked(p, img->start, (void *)(uintptr_t)img->main,
						   img->priority, "main", &first);
	}
	if (err != 0) {
		list_remove(&p->sibling_node);
		p->state = PROCESS_FREE;
		p->image = NULL;
		kernel_unlock(key);
		return err;
	}
	int pid = (int)p->pid;
	trace_process_locked(TRACE_PROCESS_SPAWN, sched_self(), p);
	kernel_unlock(key);
	return pid;
}

/* ---- ending -------------------------------------------------------------- */

/* Ends thread t of the ending process: at once if it is in its own code
 * (its state is all in the kernel's records), or, inside a syscall, by
 * waking it to end itself at the syscall's boundary. */
static void end_thread_locked(struct thread *t)
{
	t->killed = true;
	if (t == sched_self())
		return;
	if (arch_thread_in_syscall(&t->arch)) {
		t->suspend_requested = false;
		if (t->state == THREAD_BLOCKED)
			sched_wake_locked(t, ERR_KILLED);
		else if (t->state == THREAD_SUSPENDED) /* by privileged code */
			sched_ready_locked(t, TRACE_RESUMED);
		return;
	}
	sched_end_locked(t);
	mutex_release_all_locked(t);
	process_thread_exited_locked(t->process);
	thread_reclaim_locked(t);
}

/* Starts ending p, once: records how, and ends its threads other than the
 * caller. */
static void begin_exit_locked(struct process *p, uint32_t cause, int status)
{
	struct list_node *pos, *next;

	if (p->state != PROCESS_ALIVE || !process_is_user(p))
		return; /* ending already; the kernel and init never end */
	p->state = PROCESS_EXITING;
	p->exit.cause = cause;
	p->exit.status = status;
	if (cause == SYS_FAULTED) {
		p->exit.fault_pc = p->fault.pc;
		p->exit.fault_address = p->fault.address_valid ? p->fault.address : 0;
		p->exit.fault_cause = p->fault.cause;
	}
	for (pos = p->threads.next; pos != &p->threads; pos = next) {
		next = pos->next; /* end_thread_locked may unlink pos */
		struct thread *t = list_entry(pos, struct thread, process_node);
		if (t->state != THREAD_EXITED)
			end_thread_locked(t);
	}
}

static void reap_locked(struct process *p)
{
	kassert(p->state == PROCESS_ZOMBIE && p->thread_count == 0);
	list_remove(&p->sibling_node);
	p->state = PROCESS_FREE;
	p->image = NULL;
}

/* The last thread of p is gone: release what p holds and make it a
 * zombie for its parent. */
static void finish_locked(struct process *p)
{
	struct list_node *pos, *next;

	if (p->state == PROCESS_ALIVE) { /* its last thread just returned */
		p->state = PROCESS_EXITING;
		p->exit.cause = SYS_EXITED;
		p->exit.status = 0;
	}
	handle_close_all_locked(p);
	ipc_process_gone_locked(p);
	for (pos = p->children.next; pos != &p->children; pos = next) {
		next = pos->next;
		struct process *child = list_entry(pos, struct process, sibling_node);
		list_remove(&child->sibling_node);
		child->parent = &init_process;
		child->adopted = true;
		list_push_back(&init_process.children, &child->sibling_node);
		if (child->state == PROCESS_ZOMBIE && child->thread_count == 0)
			reap_locked(child);
	}
	p->state = PROCESS_ZOMBIE;
	trace_process_locked(TRACE_PROCESS_EXIT, sched_self(), p);
	struct thread *waiter;
	while ((waiter = wait_queue_first(&p->parent->child_exit)) != NULL)
		sched_wake_locked(waiter, 0);
}

void process_thread_exited_locked(struct process *p)
{
	if (!process_is_user(p))
		return;
	kassert(p->live_threads > 0);
	if (--p->live_threads == 0)
		finish_locked(p);
}

void process_thread_reclaimed_locked(struct thread *t)
{
	struct process *p = t->process;

	if (t->user)
		p->stacks_in_use &= ~(1u << t->stack_slot);
	if (p->state == PROCESS_ZOMBIE && p->adopted && p->thread_count == 0)
		reap_locked(p);
}

void process_exit(int status)
{
	uint32_t key = kernel_lock();
	begin_exit_locked(sched_self()->process, SYS_EXITED, status);
	kernel_unlock(key);
	thread_exit(NULL);
}

/* Where a faulted thread continues, privileged, on its kernel stack
 * (and where a thread whose stack overflow was found at a switch ends,
 * at its syscall's boundary if it was inside one). */
static void process_fault_exit(void)
{
	struct thread *self = sched_self();
	uint32_t key = kernel_lock();

	begin_exit_locked(self->process, SYS_FAULTED, (int)self->process->fault.exception);
	kernel_unlock(key);
	thread_exit(NULL);
}

static bool is_ancestor(const struct process *a, const struct process *p)
{
	for (p = p->parent; p != NULL; p = p->parent)
		if (p == a)
			return true;
	return false;
}

int process_kill(int pid)
{
	if (arch_in_isr())
		return ERR_CONTEXT;

	uint32_t key = kernel_lock();
	struct process *self = process_self();
	struct process *p = pid >= 0 ? process_find_locked((uint32_t)pid) : NULL;
	int err = 0;

	if (p == NULL || p->state == PROCESS_ZOMBIE)
		err = ERR_NO_PROCESS;
	else if (!process_is_user(p) || (p != self && process_is_user(self) && !is_ancestor(self, p)))
		err = ERR_PERMISSION;
	else
		begin_exit_locked(p, SYS_KILLED, 0);
	kernel_unlock(key);
	if (err == 0 && p == self)
		thread_exit(NULL);
	return err;
}

/* ---- waiting for children ------------------------------------------------- */

int process_wait(int pid, struct sys_exit_status *status, uint32_t timeout_ticks)
{
	if (arch_in_isr())
		return ERR_CONTEXT;
	if (!timeout_valid(timeout_ticks))
		return ERR_RANGE;

	uint32_t key = kernel_lock();
	struct process *self = process_self();

	for (;;) {
		struct list_node *pos;
		bool any = false;

		list_for_each(pos, &self->children) {
			struct process *c = list_entry(pos, struct process, sibling_node);
			if (pid >= 0 && c->pid != (uint32_t)pid)
				continue;
			if (c->adopted)
				continue; /* init's orphans are reaped as they end */
			any = true;
			if (c->state == PROCESS_ZOMBIE && c->thread_count == 0) {
				int found = (int)c->pid;
				if (status)
					*status = c->exit;
				reap_locked(c);
				kernel_unlock(key);
				return found;
			}
		}
		if (!any) {
			kernel_unlock(key);
			return ERR_NO_PROCESS;
		}
		if (timeout_ticks == TIMEOUT_NO_WAIT) {
			kernel_unlock(key);
			return ERR_WOULD_BLOCK;
		}
		/* Woken by any child's end; a timeout ends the wait.  (The
		 * deadline restarts after each wake-up that finds nothing.) */
		int err = sched_block(&self->child_exit, self, "wait", timeout_ticks, key);
		key = kernel_lock();
		if (err != 0) {
			kernel_unlock(key);
			return err;
		}
	}
}

/* ---- faults -------------------------------------------------------------- */

static const char *fault_cause_text(uint32_t cause)
{
	static const char *const text[] = {
		[SYS_FAULT_NONE] = "no fault",
		[SYS_FAULT_MEMORY] = "an access its regions do not allow",
		[SYS_FAULT_INSTRUCTION] = "an instruction it may not execute",
		[SYS_FAULT_STACK_OVERFLOW] = "stack overflow",
		[SYS_FAULT_BAD_SP] = "bad stack pointer: no room for an exception frame",
		[SYS_FAULT_BAD_RETURN] = "a return found a frame it could not use",
	};

	return cause < sizeof(text) / sizeof(text[0]) ? text[cause] : "?";
}

void process_end_killed_thread(void)
{
	struct thread *self = sched_self();
	uint32_t key = kernel_lock();

	/* Killed while its process is alive: its overflow was found at a
	 * switch (process_stack_overflow_locked). */
	if (self->process->state == PROCESS_ALIVE)
		begin_exit_locked(self->process, SYS_FAULTED, 0);
	kernel_unlock(key);
	thread_exit(NULL);
}

bool process_stack_overflow_locked(struct thread *t)
{
	struct process *p = t->process;
	struct process_fault *f = &p->fault;

	if (!t->user || t->killed || *t->kernel_stack_limit != THREAD_STACK_CANARY)
		return false; /* a kernel thread's, or a kernel stack's: a kernel bug */
	memset(f, 0, sizeof(*f));
	f->tid = t->tid;
	memcpy(f->thread_name, t->name, sizeof(f->thread_name));
	f->what = "stack overflow found by the canary";
	f->cause = SYS_FAULT_STACK_OVERFLOW;
	kprintf("*** contained: thread '%s' (tid %lu) of process '%s' (pid %lu) overwrote the "
		"canary at the bottom of its stack 0x%08lx..0x%08lx: the process ends, the system "
		"goes on\n",
		t->name, (unsigned long)t->tid, p->name, (unsigned long)p->pid,
		(unsigned long)(uintptr_t)t->stack_base,
		(unsigned long)((uintptr_t)t->stack_base + t->stack_bytes));
	trace_process_locked(TRACE_PROCESS_FAULT, t, p);
	t->killed = true;
	if (!arch_thread_in_syscall(&t->arch))
		t->saved_sp =
			arch_thread_redirect_saved(&t->arch, &t->user->arch, process_fault_exit);
	return true; /* inside a syscall, it ends at the call's boundary */
}

uint32_t process_fault(const struct fault_info *fault)
{
	struct thread *t = sched_self();
	struct process *p = t->process;
	struct process_fault *f = &p->fault;

	f->exception = fault->exception;
	f->status = fault->status;
	f->pc = fault->pc;
	f->address = (uint32_t)fault->address;
	f->address_valid = fault->address_valid;
	f->tid = t->tid;
	memcpy(f->thread_name, t->name, sizeof(f->thread_name));
	f->what = fault->what;
	f->cause = fault->cause;
	/* The hardware tells a bad SP or access from an overflow only where
	 * it has a stack limit (STKOF); elsewhere an access or a frame in the
	 * guard below the stack is the overflow. */
	if ((f->cause == SYS_FAULT_MEMORY || f->cause == SYS_FAULT_BAD_SP) &&
	    kernel_fault_is_stack_overflow(t, fault))
		f->cause = SYS_FAULT_STACK_OVERFLOW;
	trace_process_locked(TRACE_PROCESS_FAULT, t, p);
	kprintf("*** contained: %s (%s) in thread '%s' (tid %lu) of process '%s' (pid %lu): the "
		"process ends, the system goes on\n",
		f->what, fault_cause_text(f->cause), t->name, (unsigned long)t->tid, p->name,
		(unsigned long)p->pid);
	kassert(t->user != NULL); /* arch_fault_is_user: unprivileged code faulted */
	return arch_thread_redirect(&t->arch, &t->user->arch, process_fault_exit);
}

/* ---- supervision ---------------------------------------------------------- */

/* The backoff doubles per restart, up to 64 times backoff_ticks. */
#define SUPERVISE_BACKOFF_SHIFT_MAX 6u

int process_supervise(const char *image_name, uint32_t max_restarts, uint32_t backoff_ticks,
		      struct sys_exit_status *status, uint32_t *restarts_made)
{
	struct sys_exit_status st = { 0 };
	uint32_t restarts = 0;

	/* The longest backoff must still be a timeout thread_sleep takes. */
	if (backoff_ticks > TIMEOUT_MAX_TICKS >> SUPERVISE_BACKOFF_SHIFT_MAX)
		return ERR_RANGE;
	for (;;) {
		int pid = process_spawn(image_name);
		if (pid < 0)
			return pid;
		uint32_t key = kernel_lock();
		struct process *p = process_find_locked((uint32_t)pid);
		if (p != NULL)
			p->restarts = restarts;
		kernel_unlock(key);

		int err = process_wait(pid, &st, TIMEOUT_FOREVER);
		if (err < 0)
			return err;
		if (status)
			*status = st;
		if (restarts_made)
			*restarts_made = restarts;
		if (st.cause != SYS_FAULTED)
			return pid;
		if (restarts >= max_restarts) {
			kprintf("supervisor: '%s' (pid %d) faulted again; %lu restarts made, giving up\n",
				image_name, pid, (unsigned long)restarts);
			return pid;
		}
		uint32_t shift = restarts < SUPERVISE_BACKOFF_SHIFT_MAX ? restarts
								    : SUPERVISE_BACKOFF_SHIFT_MAX;
		restarts++;
		kprintf("supervisor: '%s' (pid %d) faulted; restart %lu of %lu in %lu ticks\n",
			image_name, pid, (unsigned long)restarts, (unsigned long)max_restarts,
			(unsigned long)(backoff_ticks << shift));
		if (backoff_ticks)
			thread_sleep(backoff_ticks << shift);
	}
}

/* ---- self-check ----------------------------------------------------------- */

static unsigned process_problem(const struct process *p, const char *what)
{
	kprintf("kernel_check: %s (process '%s', pid %lu)\n", what, p->name, (unsigned long)p->pid);
	return 1;
}

unsigned process_check_locked(void)
{
	unsigned problems = 0;

	for (unsigned i = 0; i < CONFIG_PROCESS_MAX; i++) {
		const struct process *p = &processes[i];
		const struct list_node *pos;
		uint32_t records = 0, live = 0, slots = 0;

		if (p->state == PROCESS_FREE)
			continue;
		list_for_each(pos, &p->threads) {
			const struct thread *t = list_entry(pos, struct thread, process_node);
			records++;
			live += t->state != THREAD_EXITED;
			if (t->process != p)
				problems += process_problem(p, "a thread in its list names another process");
			if ((t->user != NULL) != process_is_user(p))
				problems += process_problem(p, "a thread's privilege differs from its process's");
			if (t->user) {
				slots |= 1u << t->stack_slot;
				if (*t->kernel_stack_limit != THREAD_STACK_CANARY)
					problems += process_problem(p, "a kernel stack canary is overwritten");
			}
		}
		if (records != p->thread_count)
			problems += process_problem(p, "thread_count differs from its thread list");
		if (process_is_user(p) && (live != p->live_threads || slots != p->stacks_in_use))
			problems += process_problem(p, "live threads or stack slots miscounted");
		if (p->state == PROCESS_ZOMBIE && live != 0)
			problems += process_problem(p, "a zombie with live threads");
		if (p->parent != NULL && p->parent->state == PROCESS_FREE)
			problems += process_problem(p, "its parent is free");
		list_for_each(pos, &p->children)
			if (list_entry(pos, struct process, sibling_node)->parent != p)
				problems += process_problem(p, "a child names another parent");
		for (unsigned h = 0; h < CONFIG_PROCESS_HANDLES; h++)
			if (p->handles[h] != NULL &&
			    (p->handles[h]->type == KOBJ_NONE || p->handles[h]->refs == 0))
				problems += process_problem(p, "a handle names a free object record");
	}
	return problems;
}
