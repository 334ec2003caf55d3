/* SPDX-License-Identifier: MIT */
/*
 * Part 6 of the demo: isolated processes.
 *
 * Three processes, each a folder of its own under procs/, built and
 * linked apart from the kernel, run unprivileged under the MPU and reach
 * the kernel only by syscalls (kestrel/user.h):
 *
 *   server   squares the numbers it is called with (synchronous IPC);
 *   client   is told the server's PID by main, then calls it every 20 ticks;
 *   crasher  works a little, then writes to kernel RAM.
 *
 * main spawns server and client, hands the client the server's PID with
 * an IPC call of its own, and starts a privileged "supervisor" thread
 * that runs process_supervise("crasher"): each time the crasher faults
 * the kernel ends only that process (its "*** contained" report), and the
 * supervisor restarts it after a backoff, at most MAX_RESTARTS times.
 * Meanwhile the server and client carry on.
 *
 * The process tree (PCBs, kernel/process.h) is copied under the kernel
 * lock and printed outside it: after spawning (with each process's
 * memory regions), when every process has ended but none has been
 * collected (zombies), and after main has collected them.  While the
 * part runs, main looks at the tree once a tick to see each incarnation
 * of the crasher (its PID and restart count: the PCB is freed when the
 * supervisor collects it).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#include "demo.h"

#if ARCH_HAS_MPU

#define SUPERVISOR_PRIORITY 12 /* above the processes, below main */
#define MAX_RESTARTS 2
#define BACKOFF_TICKS 20       /* doubled per restart */
#define RUN_LIMIT_TICKS 1000   /* the part takes about 100 */
#define MAX_INCARNATIONS (MAX_RESTARTS + 1)

/* ---- the process tree ------------------------------------------------------- */

struct proc_row {
	uint32_t pid;
	int32_t parent; /* -1: none */
	unsigned depth;
	char name[CONFIG_PROCESS_NAME_BYTES];
	enum process_state state;
	bool user;
	uint32_t live, records; /* threads not exited; thread records */
	uint32_t restarts;
	struct mem_region code, data, heap, stacks;
};

struct tree {
	struct proc_row rows[CONFIG_PROCESS_MAX];
	unsigned count;
};

static struct tree tree; /* main's only */

/* Lock held: copies one PCB. */
static void copy_row(struct process *p, void *ctx)
{
	struct tree *t = ctx;
	struct proc_row *r;
	struct list_node *pos;

	if (t->count == CONFIG_PROCESS_MAX)
		return;
	r = &t->rows[t->count++];
	r->pid = p->pid;
	r->parent = p->parent ? (int32_t)p->parent->pid : -1;
	r->depth = 0;
	for (const struct process *a = p->parent; a != NULL; a = a->parent)
		r->depth++;
	memcpy(r->name, p->name, sizeof(r->name));
	r->state = p->state;
	r->user = process_is_user(p);
	r->live = 0;
	list_for_each(pos, &p->threads) {
		const struct thread *th = list_entry(pos, struct thread, process_node);
		if (th->state != THREAD_EXITED && th->state != THREAD_FREE)
			r->live++;
	}
	r->records = p->thread_count;
	r->restarts = p->restarts;
	r->code = p->code;
	r->data = p->data;
	r->heap = p->heap;
	r->stacks = p->stacks;
}

static void take_tree(void)
{
	uint32_t key = kernel_lock();

	tree.count = 0;
	process_for_each(copy_row, &tree);
	kernel_unlock(key);
}

static const struct proc_row *find_row(const char *name)
{
	for (unsigned i = 0; i < tree.count; i++)
		if (strcmp(tree.rows[i].name, name) == 0)
			return &tree.rows[i];
	return NULL;
}

static void print_region(const char *what, const struct mem_region *m, const char *note)
{
	if (m->size == 0)
		return;
	printf("              %-6s 0x%08lx..0x%08lx %7lu B  %c%c%c%s\n", what, (unsigned long)m->base,
	       (unsigned long)(m->base + m->size), (unsigned long)m->size,
	       m->access & REGION_READ ? 'r' : '-', m->access & REGION_WRITE ? 'w' : '-',
	       m->access & REGION_EXECUTE ? 'x' : '-', note);
}

static void print_tree(const char *when, bool regions)
{
	take_tree();
	printf("\n  Process tree %s:\n", when);
	printf("    PID  PARENT  NAME            STATE    THREADS  RESTARTS\n");
	for (unsigned i = 0; i < tree.count; i++) {
		const struct proc_row *r = &tree.rows[i];
		char parent[12] = "-", name[48], threads[24], restarts[12] = "-";

		if (r->parent >= 0)
			snprintf(parent, sizeof(parent), "%ld", (long)r->parent);
		snprintf(name, sizeof(name), "%*s%s", (int)(2 * r->depth), "", r->name);
		snprintf(threads, sizeof(threads), "%lu/%lu", (unsigned long)r->live,
			 (unsigned long)r->records);
		if (r->user)
			snprintf(restarts, sizeof(restarts), "%lu", (unsigned long)r->restarts);
		printf("    %3lu  %6s  %-14s  %-7s  %7s  %8s\n", (unsigned long)r->pid, parent, name,
		       process_state_name(r->state), threads, restarts);
		if (!regions)
			continue;
		if (!r->user && r->pid != 0) {
			printf("              (privileged: the kernel's memory, no MPU limits)\n");
			continue;
		}
		print_region("code", &r->code, "");
		print_region("data", &r->data, r->user ? "  .data+.bss: heap, stacks inside" : "");
		print_region("heap", &r->heap, "");
		print_region("stacks", &r->stacks, "");
	}
	printf("    (THREADS: live/records)\n");
}

/* ---- the supervisor ------------------------------------------------------------ */

static struct sys_exit_status crash_status;
static int supervise_result;
static uint32_t supervise_restarts;

static void *supervise(void *arg)
{
	supervise_result = process_supervise("crasher", MAX_RESTARTS, BACKOFF_TICKS, &crash_status,
					     &supervise_restarts);
	return NULL;
}

/* The crasher's incarnations, as main saw them. */
static struct {
	uint32_t pid, restarts;
	struct mem_region code;
} seen[MAX_INCARNATIONS];
static unsigned seen_count;

static void watch_crasher(void)
{
	const struct proc_row *r = find_row("crasher");

	if (r == NULL || r->state != PROCESS_ALIVE)
		return;
	if (seen_count > 0 && seen[seen_count - 1].pid == r->pid)
		return;
	if (seen_count < MAX_INCARNATIONS) {
		seen[seen_count].pid = r->pid;
		seen[seen_count].restarts = r->restarts;
		seen[seen_count].code = r->code;
		seen_count++;
	}
}

static const char *cause_name(uint32_t cause)
{
	switch (cause) {
	case SYS_EXITED:
		return "SYS_EXITED";
	case SYS_KILLED:
		return "SYS_KILLED";
	case SYS_FAULTED:
		return "SYS_FAULTED";
	}
	return "?";
}

static const char *exception_name(int32_t exception)
{
	switch (exception) {
	case 3:
		return "HardFault";
	case 4:
		return "MemManage";
	case 5:
		return "BusFault";
	case 6:
		return "UsageFault";
	}
	return "?";
}

/* ---- the part ------------------------------------------------------------------- */

bool processes_demo(void)
{
	struct thread *supervisor;
	struct sys_exit_status st;
	int server, client, err;

	printf("\nPart 6: isolated processes. server squares numbers for client over IPC;\n"
	       "crasher writes to kernel RAM, and a supervisor thread restarts it (at most\n"
	       "%d times, after %d ticks, then %d). Each process runs unprivileged in its\n"
	       "own memory regions (MPU) and reaches the kernel only by syscalls.\n\n",
	       MAX_RESTARTS, BACKOFF_TICKS, 2 * BACKOFF_TICKS);

	server = process_spawn("server");
	client = process_spawn("client");
	if (server < 0 || client < 0) {
		printf("process_spawn: %s; no processes on this board\n",
		       error_name(server < 0 ? server : client));
		if (server > 0 && process_kill(server) == 0)
			process_wait(server, NULL, TIMEOUT_FOREVER);
		return false;
	}
	err = thread_create_pooled(&supervisor, "supervisor", supervise, NULL, SUPERVISOR_PRIORITY);
	if (err) {
		printf("thread_create_pooled(supervisor): %s\n", error_name(err));
		return false;
	}
	thread_sleep(1); /* they start: server and client wait for calls, crasher works */
	print_tree("after spawning", true);
	watch_crasher();

	/* Tell the client whom to ask. */
	printf("\n  main: telling the client (pid %d) that the server is pid %d\n", client, server);
	int32_t server_pid = server;
	uint32_t ack; /* the reply is empty */
	err = ipc_call((uint32_t)client, &server_pid, sizeof(server_pid), &ack, sizeof(ack), 100);
	if (err < 0)
		printf("  main: ipc_call(client): %s\n", error_name(err));

	/* Watch until the client is done, the server stopped and the
	 * supervisor has given up. */
	bool server_stopped = false, supervisor_done = false;
	for (uint32_t tick = 0; tick < RUN_LIMIT_TICKS; tick++) {
		take_tree();
		watch_crasher();
		const struct proc_row *c = find_row("client");
		const struct proc_row *s = find_row("server");
		if (!server_stopped && c != NULL && c->state == PROCESS_ZOMBIE) {
			uint32_t served = 0;
			printf("  main: the client has exited; asking the server to stop\n");
			err = ipc_call((uint32_t)server, &served, 0, &served, sizeof(served), 100);
			if (err < 0)
				printf("  main: ipc_call(server): %s\n", error_name(err));
			server_stopped = true;
		}
		if (!supervisor_done && thread_join(supervisor, NULL, TIMEOUT_NO_WAIT) == 0)
			supervisor_done = true;
		if (server_stopped && supervisor_done && s != NULL && s->state == PROCESS_ZOMBIE)
			break;
		thread_sleep(1);
	}
	if (!supervisor_done)
		thread_join(supervisor, NULL, TIMEOUT_FOREVER);

	print_tree("with every process ended, none collected yet", false);

	printf("\n");
	if (process_wait(client, &st, 100) == client)
		printf("  client  (pid %d): %s, status %ld (answers received)\n", client,
		       cause_name(st.cause), (long)st.status);
	if (process_wait(server, &st, 100) == server)
		printf("  server  (pid %d): %s, status %ld (numbers squared)\n", server,
		       cause_name(st.cause), (long)st.status);
	printf("  crasher (pid %d, the last one): collected by the supervisor\n", supervise_result);

	print_tree("after main collected its children", false);

	printf("\n  crasher incarnations seen:");
	for (unsigned i = 0; i < seen_count; i++)
		printf("%s pid %lu (restarts %lu)", i ? "," : "", (unsigned long)seen[i].pid,
		       (unsigned long)seen[i].restarts);
	printf("\n  restarts: %lu of %d allowed; the supervisor then gave up\n",
	       (unsigned long)supervise_restarts, MAX_RESTARTS);
	printf("  last exit: %s, exception %ld (%s), fault pc 0x%08lx, address 0x%08lx\n",
	       cause_name(crash_status.cause), (long)crash_status.status,
	       exception_name(crash_status.status), (unsigned long)crash_status.fault_pc,
	       (unsigned long)crash_status.fault_address);
	if (seen_count) {
		const struct mem_region *code = &seen[seen_count - 1].code;
		bool inside = crash_status.fault_pc - code->base < code->size;
		printf("  -> the pc is %s the crasher's code (0x%08lx..0x%08lx); the address is\n"
		       "     the kernel's exception stack (MSP), outside the crasher's regions: the\n"
		       "     MPU stopped the store, the kernel ended only that process, and the\n"
		       "     server and client went on.\n",
		       inside ? "inside" : "outside", (unsigned long)code->base,
		       (unsigned long)(code->base + code->size));
	}
	return true;
}

#else /* no MPU: no processes, and no RAM to spare for this part */

bool processes_demo(void)
{
	printf("\nPart 6: isolated processes: skipped, this core has no MPU.\n");
	return false;
}

#endif
