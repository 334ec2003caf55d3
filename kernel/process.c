/*
 * Process records.  The kernel process (PID 0) is the root of the tree
 * and holds the idle thread; init (PID 1) is its child and holds main().
 * Both are privileged and describe the image's real memory, as the linker
 * laid it out.
 */
#include <string.h>

#include "kernel/process.h"
#include "kernel/readyq.h"
#include "kernel/thread.h"

extern char __text_start[], __text_end[];
extern char __data_start[], __bss_end[];
extern char __heap_start[], __heap_end[];

static struct process kernel_process;
static struct process init_process;

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
	list_init(&p->resources);
	p->priority_ceiling = PRIORITY_MAX;
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
	if (parent)
		list_push_back(&parent->children, &p->sibling_node);
}

void process_boot(void)
{
	process_setup(&kernel_process, 0, "kernel", NULL);
	process_setup(&init_process, 1, "init", &kernel_process);
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
