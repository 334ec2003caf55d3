/* SPDX-License-Identifier: MIT */
/*
 * Processes: the process control block (PCB) and the process API.
 *
 * A process owns memory (code; data+bss, which holds its heap and its
 * threads' stacks; device windows it was granted), threads, kernel
 * objects named by handles, and a place in the process tree.
 *
 * The kernel's own process (PID 0) holds the idle thread; init (PID 1)
 * holds the thread that runs main().  Both are privileged and share the
 * image's kernel memory.  Every other process is spawned from a process
 * image (kestrel/image.h): its threads run unprivileged under the MPU,
 * see only the process's own regions and enter the kernel by SVC
 * (kernel/syscall.c).
 *
 * Life of a spawned process:
 *
 *   spawn -> ALIVE --(exit, kill, fault)--> EXITING --(last thread gone)--> ZOMBIE
 *                                                                            |
 *                          FREE <----(the parent's process_wait collects it)-+
 *
 * On the way to ZOMBIE the kernel ends every thread (a thread inside a
 * syscall is woken with ERR_KILLED and ends at the syscall's boundary),
 * releases the mutexes they held (their waiters get ERR_OWNER_DIED),
 * closes the process's handles (objects no other process holds are
 * deleted; their waiters get ERR_DELETED), fails IPC partners with
 * ERR_NO_PROCESS, hands its children to init, and wakes its parent.
 *
 * Guarded by the kernel lock.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch_types.h"
#include "kernel/config.h"
#include "kernel/list.h"
#include "kernel/waitq.h"
#include "kestrel/image.h"
#include "kestrel/syscall.h"

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

/* Whether [addr, addr + len) lies wholly inside r.  No sum is formed, so
 * a range that wraps around the address space or straddles r's end is
 * refused, whatever the values. */
static inline bool mem_region_contains(const struct mem_region *r, uintptr_t addr, uint32_t len)
{
	uintptr_t offset = addr - r->base; /* huge when addr is below base */

	return addr >= r->base && offset <= r->size && len <= r->size - offset;
}

/* What a handle names (struct process.handles). */
enum kobject_type {
	KOBJ_NONE = 0,
	KOBJ_MUTEX,
	KOBJ_SEMAPHORE,
	KOBJ_QUEUE,
	KOBJ_EVENT,
};

struct kobject; /* kernel/handle.c */

/* The fault that ended a process. */
struct process_fault {
	uint32_t exception; /* 3 HardFault, 4 MemManage, 5 BusFault, 6 UsageFault */
	uint32_t status;    /* the fault status register (CFSR; HFSR for a HardFault) */
	uint32_t pc;
	uint32_t address; /* faulting data address, when the CPU recorded one */
	bool address_valid;
	uint32_t tid; /* the thread that faulted */
	char thread_name[CONFIG_THREAD_NAME_BYTES];
	const char *what; /* "MemManage fault", ... */
	uint32_t cause;   /* enum sys_fault_cause */
};

struct process {
	uint32_t pid;
	char name[CONFIG_PROCESS_NAME_BYTES];
	enum process_state state;
	const struct process_image *image; /* NULL for the kernel and init */

	/* The tree. */
	struct process *parent;
	struct list_node children;     /* of struct process, via sibling_node */
	struct list_node sibling_node; /* in parent->children */
	struct wait_queue child_exit;  /* its threads in process_wait */

	/* Threads: struct thread via process_node.  Each thread's stack is in
	 * its TCB (stack_base, stack_bytes). */
	struct list_node threads;
	uint32_t thread_count;  /* records, exited ones included */
	uint32_t live_threads;  /* not yet EXITED */
	uint32_t stacks_in_use; /* bitmap: the image's stack slots */

	uint8_t priority_ceiling; /* no thread of it runs above this */
	uint32_t permissions;     /* PERM_* */

	struct mem_region code;
	struct mem_region data; /* .data + .bss (with the heap and stacks in it) */
	struct mem_region heap;
	struct mem_region stacks;
	struct mem_region devices[IMAGE_MAX_DEVICES];
	uint32_t device_count;
	struct arch_process arch; /* the MPU's view of the regions above */

	/* Kernel objects it may name: handle i is handles[i]. */
	struct kobject *handles[CONFIG_PROCESS_HANDLES];

	/* IPC (kernel/ipc.c): threads of other processes waiting to deliver
	 * a message, and its own threads waiting to receive one. */
	struct wait_queue ipc_senders;
	struct wait_queue ipc_receivers;

	/* How it ended. */
	struct sys_exit_status exit;
	struct process_fault fault;
	uint32_t restarts; /* times a supervisor restarted its image */
	bool adopted;      /* re-parented to init: reaped as soon as it ends */
};

/* Sets up the kernel process and init.  Called once from kernel_start. */
void process_boot(void);

struct process *process_kernel(void);
struct process *process_init(void);
struct process *process_self(void);
const char *process_state_name(enum process_state state);
bool process_is_user(const struct process *p);

/* Calls fn for every process in the tree, parents before children. */
void process_for_each(void (*fn)(struct process *p, void *ctx), void *ctx);

/* The image with this name, or NULL.  Images are declared with PROCESS()
 * in the application's process folders. */
const struct process_image *process_image_find(const char *name);
/* Calls fn for every image in the build. */
void process_image_for_each(void (*fn)(const struct process_image *img, void *ctx), void *ctx);

/* Spawns a child of the calling process from the named image: a new PCB,
 * the image's data copied and its .bss cleared, its first thread READY.
 * Returns: the PID (> 0); ERR_NULL; ERR_STALE (no such image); ERR_BUSY
 * (the image's process is alive or not yet collected); ERR_PERMISSION (the
 * caller may not spawn); ERR_NO_MEMORY (no PCB or thread record);
 * ERR_INVALID (the linker left the image's memory unaligned for the MPU). */
int process_spawn(const char *image_name);

/* As process_spawn, with the device windows the caller grants instead of
 * the image's own (a driver manager handing a driver process its UART):
 * device_count windows, each a region the MPU can describe (ARMv7-M: a
 * power of two of at least 32 bytes, aligned to its size).  Only
 * privileged code may grant.  Returns: as process_spawn; ERR_INVALID
 * (more than IMAGE_MAX_DEVICES windows, or one the MPU cannot describe);
 * ERR_PERMISSION (the caller is unprivileged). */
int process_spawn_granted(const char *image_name, const struct image_device *devices,
			  unsigned device_count);

/* Waits until a child (pid, or any child for pid < 0) has ended, stores
 * how in *status (may be NULL) and frees its PCB.
 * Returns: the child's PID; ERR_NO_PROCESS (no such child); ERR_TIMEOUT;
 * ERR_WOULD_BLOCK; ERR_RANGE; ERR_CONTEXT. */
int process_wait(int pid, struct sys_exit_status *status, uint32_t timeout_ticks);

/* Ends a process as if it had exited with SYS_KILLED.  The caller must be
 * an ancestor of it, or privileged.  A process killing itself ends the
 * calling thread too (the call does not return).
 * Returns: 0; ERR_NO_PROCESS; ERR_PERMISSION (not an ancestor, or the
 * kernel or init). */
int process_kill(int pid);

/* Ends the calling thread's process with a status (SYS_EXITED). */
__attribute__((noreturn)) void process_exit(int status);

/* Supervises an image: spawns it and, each time it ends by a fault,
 * restarts it after a backoff (backoff_ticks, doubled per restart, at most
 * 64 times longer), up to max_restarts times.  Runs in the calling
 * (privileged) thread until the process ends otherwise or runs out of
 * restarts; stores its last status in *status and the restarts made in
 * *restarts (either may be NULL).  Each new PCB's restarts field counts
 * the restarts before it.
 * Returns: the last PID; ERR_RANGE (64 times backoff_ticks is beyond
 * TIMEOUT_MAX_TICKS); the errors of process_spawn and process_wait. */
int process_supervise(const char *image_name, uint32_t max_restarts, uint32_t backoff_ticks,
		      struct sys_exit_status *status, uint32_t *restarts);

/* The process with this PID, or NULL.  Lock held. */
struct process *process_find_locked(uint32_t pid);

/* Called by the scheduler's exit paths when one of p's threads has become
 * EXITED: the last one turns an EXITING (or any spawned) process into a
 * zombie.  Lock held. */
void process_thread_exited_locked(struct process *p);

/* Checks every PCB against its threads, its tree and its handles
 * (kernel_check); prints each problem.  Returns how many.  Lock held. */
unsigned process_check_locked(void);

/* The switch found unprivileged thread t's stack canary overwritten: an
 * overflow that went past the guard.  Records it as t's process's fault
 * and ends that process (t enters the kernel to do it when it next runs).
 * Returns false if t is not such a thread (the caller panics).  Lock
 * held; context: the switch. */
bool process_stack_overflow_locked(struct thread *t);
/* syscall_run's end for a thread whose process is ending. */
__attribute__((noreturn)) void process_end_killed_thread(void);

/* A record of one of p's threads was freed.  Lock held. */
struct thread;
void process_thread_reclaimed_locked(struct thread *t);

/* Creates an unprivileged thread of user process p running entry(arg) on
 * one of its image's stacks, with a pool record whose stack becomes its
 * syscall stack.  Lock held.
 * Returns: 0 with *out set; ERR_NO_MEMORY (no stack slot or record);
 * ERR_KILLED (p is ending). */
int process_thread_create_locked(struct process *p, void (*entry)(void *), void *arg,
				 unsigned priority, const char *name, struct thread **out);

/* A fault in unprivileged code, from an arch fault handler: records it in
 * the process and prints it; the faulting thread (sched_current) leaves
 * the handler into the kernel, where it ends its process.  Returns the
 * EXC_RETURN the handler must return with (arch_thread_redirect). */
struct fault_info;
uint32_t process_fault(const struct fault_info *fault);

#endif
