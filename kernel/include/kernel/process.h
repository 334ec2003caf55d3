/*
 * Processes: the process control block (PCB).
 *
 * A process owns memory (code, data+bss, heap; each of its threads owns a
 * stack, found through the thread list), threads, kernel objects, and a
 * place in the process tree.  The kernel's own process (PID 0) holds the
 * idle thread; init (PID 1) holds the thread that runs main().  Both are
 * privileged and share the image's memory; isolated processes under the
 * MPU come with the process images.
 *
 * Guarded by the kernel lock.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/config.h"
#include "kernel/list.h"

enum process_state {
	PROCESS_FREE = 0,
	PROCESS_ALIVE,
	PROCESS_EXITING, /* its threads are being ended */
	PROCESS_ZOMBIE,  /* ended; the parent has not collected the status */
};

enum region_access {
	REGION_READ = 1u << 0,
	REGION_WRITE = 1u << 1,
	REGION_EXECUTE = 1u << 2,
};

struct mem_region {
	uintptr_t base;
	uint32_t size;
	uint32_t access; /* enum region_access bits */
};

/* Permissions (bits of process.permissions). */
#define PERM_SPAWN (1u << 0)      /* may create processes */
#define PERM_PRIVILEGED (1u << 1) /* threads run privileged, no MPU */

struct process {
	uint32_t pid;
	char name[CONFIG_PROCESS_NAME_BYTES];
	enum process_state state;

	/* The tree. */
	struct process *parent;
	struct list_node children;     /* of struct process, via sibling_node */
	struct list_node sibling_node; /* in parent->children */

	/* Threads: struct thread via process_node.  Each thread's stack is in
	 * its TCB (stack_base, stack_bytes). */
	struct list_node threads;
	uint32_t thread_count;

	uint8_t priority_ceiling; /* no thread of it runs above this */
	uint32_t permissions;

	struct mem_region code;
	struct mem_region data; /* .data + .bss */
	struct mem_region heap;

	struct list_node resources; /* kernel objects it owns */

	int exit_status;
	uint32_t restarts;
};

/* Sets up the kernel process and init.  Called once from kernel_start. */
void process_boot(void);

struct process *process_kernel(void);
struct process *process_init(void);
struct process *process_self(void);
const char *process_state_name(enum process_state state);

/* Calls fn for every process in the tree, parents before children. */
void process_for_each(void (*fn)(struct process *p, void *ctx), void *ctx);

#endif
