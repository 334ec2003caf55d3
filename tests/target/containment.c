/* SPDX-License-Identifier: MIT */
/*
 * Containment of faults at the kernel's entry and exit: whatever an
 * unprivileged process does to its stack pointer, its FP state or its own
 * stack before the kernel takes an exception from it (svc, a tick that
 * preempts it, a fault), only that process ends, with a record that names
 * the cause; the kernel never panics or halts.
 *
 * Each row spawns the `entry` image (procs/entry/entry.c), tells it by
 * IPC what to do with which SP, and checks how it ended: the exit cause,
 * the exception and the fault cause of the table in docs/faults.md.
 * After every row the bystander (`worker`, counting once a tick) is still
 * alive and counting, the kernel's memory next to the SP it was given is
 * unchanged, kernel_check() passes and every pool is back.
 */
#include <stdint.h>

#include <string.h>

#include "arch.h"
#include "kernel/check.h"
#include "kernel/errors.h"
#include "kernel/ipc.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kprocs.h"
#include "ktest.h"
#include "procs/entry/entry.h"


#define EXC_HARDFAULT 3
#define EXC_MEMMANAGE 4
#define EXC_BUSFAULT 5
#define EXC_USAGEFAULT 6

#if defined(__ARM_ARCH_8M_MAIN__)
#define STACK_LIMIT_REGISTER 1 /* PSPLIM: SP cannot even be set below it */
#else
#define STACK_LIMIT_REGISTER 0
#endif
#if !ARCH_HAS_MPU
#define ARCH_STACK_GUARD_BYTES 0 /* (no processes: the test is skipped) */
#endif

/* Kernel memory an SP is pointed into; it must never change. */
static volatile uint32_t kernel_words[32] __attribute__((aligned(8)));
static int worker_pid;
static volatile uint32_t *worker_count;

/* Where the SP of a row points. */
enum where {
	AT_KERNEL,       /* the kernel's RAM */
	AT_NULL,         /* address 0 */
	AT_DEVICE,       /* a peripheral the process was not granted */
	AT_OTHER,        /* another process's RAM */
	AT_PAST_RAM,     /* 16 bytes past the end of its own RAM */
	AT_FLOOR_16,     /* 16 bytes above the lowest SP its stack allows */
	AT_FLOOR,        /* that lowest SP itself (for the recursion) */
	AT_RAM_BOTTOM,   /* the bottom of its RAM, with room for one frame */
	AT_FP_STRADDLE,  /* the basic frame fits below the end of its RAM, the FP area not */
	AT_OWN_STACK,    /* its own stack (the forged-frame rows) */
};

/* What must happen. */
enum expect {
	BAD_SP,       /* SYS_FAULTED, SYS_FAULT_BAD_SP (or a stack overflow below PSPLIM) */
	OVERFLOW,     /* SYS_FAULTED, SYS_FAULT_STACK_OVERFLOW */
	RUNS_ON,      /* the process goes on and exits normally */
	FAULTED,      /* SYS_FAULTED, any exception and cause but the kernel's */
};

struct row {
	const char *name;
	uint32_t action;
	enum where where;
	uint32_t arg;
	enum expect expect;
	bool fp; /* needs an FPU */
};

static const struct row rows[] = {
	{ "containment.svc_sp_kernel", ENTRY_SVC, AT_KERNEL, 0, BAD_SP, false },
	{ "containment.svc_sp_null", ENTRY_SVC, AT_NULL, 0, BAD_SP, false },
	{ "containment.svc_sp_device", ENTRY_SVC, AT_DEVICE, 0, BAD_SP, false },
	{ "containment.svc_sp_other_process", ENTRY_SVC, AT_OTHER, 0, BAD_SP, false },
	{ "containment.svc_sp_past_ram", ENTRY_SVC, AT_PAST_RAM, 0, BAD_SP, false },
	{ "containment.svc_sp_floor_16", ENTRY_SVC, AT_FLOOR_16, 0, OVERFLOW, false },
	{ "containment.svc_recursion", ENTRY_RECURSE, AT_FLOOR, 0, OVERFLOW, false },
	{ "containment.yield_sp_kernel", ENTRY_SVC_YIELD, AT_KERNEL, 0, BAD_SP, false },
	{ "containment.svc5_sp_null", ENTRY_SVC_OTHER, AT_NULL, 0, BAD_SP, false },
	{ "containment.tick_sp_kernel", ENTRY_SPIN, AT_KERNEL, 0, BAD_SP, false },
	{ "containment.tick_sp_device", ENTRY_SPIN, AT_DEVICE, 0, BAD_SP, false },
	{ "containment.tick_sp_past_ram", ENTRY_SPIN, AT_PAST_RAM, 0, BAD_SP, false },
	{ "containment.tick_sp_floor_16", ENTRY_SPIN, AT_FLOOR_16, 0, OVERFLOW, false },
	{ "containment.tick_sp_ram_bottom", ENTRY_SPIN, AT_RAM_BOTTOM, 0, RUNS_ON, false },
	{ "containment.udf_sp_kernel", ENTRY_UDF, AT_KERNEL, 0, BAD_SP, false },
	{ "containment.udf_sp_null", ENTRY_UDF, AT_NULL, 0, BAD_SP, false },
	{ "containment.fp_svc_straddle", ENTRY_FP_SVC, AT_FP_STRADDLE, 0x3f800000u, BAD_SP, true },
	{ "containment.fp_yield_straddle", ENTRY_FP_SVC_YIELD, AT_FP_STRADDLE, 0x3f800000u, BAD_SP,
	  true },
	{ "containment.fp_tick_straddle", ENTRY_FP_SPIN, AT_FP_STRADDLE, 0x3f800000u, BAD_SP, true },
	{ "containment.fp_tick_ram_bottom", ENTRY_FP_SPIN, AT_RAM_BOTTOM, 0x3f800000u, RUNS_ON,
	  true },
	{ "containment.forged_frame_zero", ENTRY_FORGE, AT_OWN_STACK, 0, FAULTED, false },
	{ "containment.forged_frame_exc_return", ENTRY_FORGE, AT_OWN_STACK, 0xfffffff1u, FAULTED,
	  false },
	{ "containment.forged_frame_thread_msp", ENTRY_FORGE, AT_OWN_STACK, 0xfffffff9u, FAULTED,
	  false },
	{ "containment.forged_frame_kernel_pc", ENTRY_FORGE, AT_OWN_STACK, 0, FAULTED, false },
	{ "containment.forged_frame_in_syscall", ENTRY_FORGE_SYSCALL, AT_OWN_STACK, 0xfffffff1u,
	  FAULTED, false },
	{ "containment.bkpt_semihosting", ENTRY_BKPT, AT_OWN_STACK, 0, FAULTED, false },
	{ "containment.psplim_write_ignored", ENTRY_PSPLIM, AT_OWN_STACK, 0, OVERFLOW, false },
};

/* The lowest SP the stack of the entry process's first thread allows:
 * above the MPU guard on ARMv7-M, PSPLIM on ARMv8-M. */
static uintptr_t stack_floor(const struct thread *t)
{
	uintptr_t usable = (uintptr_t)t->stack_limit;

	return STACK_LIMIT_REGISTER ? usable - ARCH_STACK_GUARD_BYTES : usable;
}

static uint32_t sp_for(const struct row *r, const struct process *p, const struct thread *t)
{
	uint32_t ram_end = (uint32_t)(p->data.base + p->data.size);

	switch (r->where) {
	case AT_KERNEL:
		return (uint32_t)(uintptr_t)&kernel_words[24];
	case AT_NULL:
		return 0;
	case AT_DEVICE:
		return 0x40000100u;
	case AT_OTHER:
		return ((uint32_t)(uintptr_t)worker_count + 16u) & ~7u;
	case AT_PAST_RAM:
		return ram_end + 16u;
	case AT_FLOOR_16:
		return (uint32_t)stack_floor(t) + 16u;
	case AT_FLOOR:
		return (uint32_t)stack_floor(t);
	case AT_RAM_BOTTOM:
		return (uint32_t)p->data.base + (r->fp ? 0x68u : 0x20u);
	case AT_FP_STRADDLE:
		return ram_end + 0x20u;
	case AT_OWN_STACK:
		return 0;
	}
	return 0;
}

/* For the forged-frame row that aims at kernel code: the word written
 * over the frame is the address of a kernel function. */
static uint32_t arg_for(const struct row *r)
{
	if (strcmp(r->name, "containment.forged_frame_kernel_pc") == 0)
		return (uint32_t)(uintptr_t)kernel_check | 1u;
	return r->arg;
}

static void check_ending(const struct row *r, const struct sys_exit_status *st, uint32_t sp,
			 uintptr_t floor)
{
	switch (r->expect) {
	case RUNS_ON:
		if (STACK_LIMIT_REGISTER && sp < floor) {
			/* Not even the move to that SP is allowed: PSPLIM. */
			CHECK_EQ(st->cause, SYS_FAULTED);
			CHECK_EQ(st->status, EXC_USAGEFAULT);
			CHECK_EQ(st->fault_cause, SYS_FAULT_STACK_OVERFLOW);
			return;
		}
		CHECK_EQ(st->cause, SYS_EXITED);
		CHECK_EQ(st->status, ENTRY_RAN_ON);
		return;
	case FAULTED:
		CHECK_EQ(st->cause, SYS_FAULTED);
		CHECK(st->status >= EXC_HARDFAULT && st->status <= EXC_USAGEFAULT);
		CHECK(st->fault_cause != SYS_FAULT_NONE);
		return;
	case OVERFLOW:
		CHECK_EQ(st->cause, SYS_FAULTED);
		CHECK_EQ(st->fault_cause, SYS_FAULT_STACK_OVERFLOW);
		CHECK_EQ(st->status, STACK_LIMIT_REGISTER ? EXC_USAGEFAULT : EXC_MEMMANAGE);
		return;
	case BAD_SP:
		CHECK_EQ(st->cause, SYS_FAULTED);
		if (STACK_LIMIT_REGISTER && sp < floor) {
			/* Moving SP below PSPLIM faults at the move itself. */
			CHECK_EQ(st->status, EXC_USAGEFAULT);
			CHECK_EQ(st->fault_cause, SYS_FAULT_STACK_OVERFLOW);
		} else {
			CHECK(st->status == EXC_MEMMANAGE || st->status == EXC_BUSFAULT);
			CHECK_EQ(st->fault_cause, SYS_FAULT_BAD_SP);
			CHECK_EQ(st->fault_pc, 0); /* no frame: the instruction is not known */
		}
		return;
	}
}

/* How many of the words are the entry process's register marks. */
static unsigned marks_in(const uint32_t *words, unsigned n)
{
	unsigned marks = 0;

	for (unsigned i = 0; i < n; i++)
		marks += words[i] - (ENTRY_MARK + 5) <= 6;
	return marks;
}

static const struct row *current_row;

static void run_row(void)
{
	const struct row *r = current_row;
	struct sys_exit_status st = { .status = -1, .cause = 0xff, .fault_cause = 0xff };
	uint32_t kernel_before[32], reply = 1;
	uint32_t count_before = *worker_count;
	struct pools before = pools_now();

	int pid = process_spawn("entry");
	if (!CHECK(pid > 1))
		return;
	uint32_t key = kernel_lock();
	struct process *p = process_find_locked((uint32_t)pid);
	struct thread *t = list_entry(list_first(&p->threads), struct thread, process_node);
	uint32_t sp = sp_for(r, p, t);
	uintptr_t floor = stack_floor(t);
	/* The memory below its RAM (the kernel's, or another process's),
	 * where a switch that saved its registers below its SP would write. */
	const uint32_t *below = (const uint32_t *)(uintptr_t)(p->data.base - 128u);
	kernel_unlock(key);

	unsigned marks_before = marks_in(below, 32);
	for (unsigned i = 0; i < 32; i++)
		kernel_before[i] = kernel_words[i];
	uint32_t msg[3] = { r->action, sp, arg_for(r) };
	CHECK_EQ(ipc_call((uint32_t)pid, msg, sizeof(msg), &reply, sizeof(reply), 1000), 4);
	CHECK_EQ(reply, 0);
	CHECK_EQ(process_wait(pid, &st, 5000), pid);
	check_ending(r, &st, sp, floor);

	/* Nothing outside the process changed; the bystander counts on. */
	for (unsigned i = 0; i < 32; i++)
		CHECK_EQ(kernel_words[i], kernel_before[i]);
	CHECK_EQ(marks_in(below, 32), marks_before);
	thread_sleep(3);
	CHECK(kprocs_alive(worker_pid));
	CHECK((int32_t)(*worker_count - count_before) > 0);
	CHECK(*worker_count < 0x100000u);
	CHECK_EQ(kernel_check(), 0);
	check_pools(&before);
}

static void start_worker(void)
{
	for (unsigned i = 0; i < 32; i++)
		kernel_words[i] = 0x6b000000u + i;
	worker_pid = kprocs_start_worker(&worker_count);
}

int main(void)
{
	if (!ARCH_HAS_MPU)
		return ktest_skip("no MPU: processes cannot be isolated on this core");
	ktest_run("containment.start_worker", start_worker);
	if (worker_count == NULL)
		return ktest_finish();
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (rows[i].fp && !arch_has_fpu())
			continue;
		if (rows[i].action == ENTRY_PSPLIM && !STACK_LIMIT_REGISTER)
			continue; /* no PSPLIM on ARMv7-M */
		current_row = &rows[i];
		ktest_run(rows[i].name, run_row);
	}
	return ktest_finish();
}
