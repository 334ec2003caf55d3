/* SPDX-License-Identifier: MIT */
/*
 * The image the GDB tests (tests/gdb/test_*.py) debug: threads with known
 * names, priorities and states, and known places to stop.
 *
 * At gdb_checkpoint() (main's first call of it), the threads are:
 *
 *   tid name      process prio (base/eff)  state      waits on
 *   1   idle      kernel   0/0              ready
 *   2   main      init    16/20             running    (holds gdb_mutex; locker lends 20)
 *   3   sleeper   init    12/12             blocked    sleep, in gdb_sleep_here()
 *   4   joiner    init    14/14             blocked    join of sleeper
 *   5   locker    init    20/20             blocked    mutex gdb_mutex (owner main)
 *   6   receiver  init    18/18             blocked    queue receive, gdb_queue
 *   7   taker     init    17/17             blocked    semaphore gdb_sem
 *   8   parked    init     6/6              suspended  (never ran)
 *   9   spinner   init     8/8              ready      (preempted in spin())
 *   10  main      gdbproc 10/10             blocked    ipc receive, inside the syscall
 *   12  main      gdbidle  7/7              ready      (never ran: below spinner)
 *
 * gdbproc (PID 2, a child of init; tests/gdb/image/procs/gdbproc/) is an
 * unprivileged process: its thread 10 called u_ipc_receive and waits
 * forever in syscall_run, on its kernel stack, its user code's frame on
 * its own stack in the process's stacks region.
 *
 * gdbcrash (PID 3, a child of init; tests/gdb/image/procs/gdbcrash/) ran
 * its thread (TID 11, priority 11: after sleeper, before gdbproc's main)
 * into a write through NULL, a MemManage fault: the process ended and,
 * as main never waits for it, is a zombie at the checkpoint, its exit
 * status and fault record kept, its thread's record reclaimed (no thread
 * 11 exists).  The kernel's fault report is on the console.
 *
 * gdbidle (PID 4; tests/gdb/image/procs/gdbidle/) has one thread, TID 12,
 * that never ran: an unprivileged thread stopped in its own code, whose
 * context the switch keeps on its kernel stack.
 *
 * Cores without an MPU (ARMv6-M) run no processes: there the image has
 * none, the spawns fail (gdb_process_pid, gdb_crash_pid, gdb_idle_pid < 0)
 * and threads 10, 11 and 12 never exist.
 *
 * sleeper also holds a mutex from the pool (gdb_pooled_mutex points at
 * it); gdb_events has bits 0x5 and no waiters.  spinner uses the FPU
 * where there is one, so on FPU boards its saved context has the
 * extended frame (EXC_RETURN bit 4 clear).
 *
 * After the checkpoint main sleeps one tick at a time in
 * gdb_main_sleep(), GDB_ROUNDS times (each sleep switches to spinner and
 * back at the next tick), then exits 0: without a debugger the image
 * ends by itself.
 */
#include <stdint.h>
#include <stdlib.h>

#include "arch.h"
#include "kernel/event.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/queue.h"
#include "kernel/sched.h"
#include "kernel/semaphore.h"
#include "kernel/thread.h"

/* The micro:bit (newlib-nano, 16 KiB of RAM) needs room in its heap. */
#define STACK_BYTES (CONFIG_NANO ? 768 : 1024)
#define GDB_ROUNDS 3000

enum { SLEEPER, JOINER, LOCKER, RECEIVER, TAKER, PARKED, SPINNER, THREADS };

static struct thread threads[THREADS];
static uint8_t stacks[THREADS][STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));

struct mutex gdb_mutex;
struct semaphore gdb_sem;
struct queue gdb_queue;
struct event_flags gdb_events;
struct mutex *gdb_pooled_mutex;
static uint32_t queue_storage[4];

volatile uint32_t gdb_spins;
volatile float gdb_spin_value;
volatile uint32_t gdb_rounds;
/* gdbproc's PID, or why it could not be spawned (ERR_NOSYS without an MPU). */
volatile int gdb_process_pid;
/* gdbcrash's PID, likewise; the process is never waited for. */
volatile int gdb_crash_pid;
/* gdbidle's PID, likewise. */
volatile int gdb_idle_pid;

/* Keeps a call from becoming a tail call, so that its caller stays in
 * backtraces. */
#define NO_TAIL_CALL() __asm__ volatile("" ::: "memory")

/* Where sleeper blocks: a backtrace of sleeper must show this function. */
__attribute__((noinline)) void gdb_sleep_here(void)
{
	thread_sleep(TIMEOUT_MAX_TICKS);
	NO_TAIL_CALL();
}

/* Where the tests stop first; the states above hold here. */
__attribute__((noinline)) void gdb_checkpoint(void)
{
	__asm__ volatile("" ::: "memory");
}

/* main's sleep after the checkpoint: one switch away and one back. */
__attribute__((noinline)) void gdb_main_sleep(void)
{
	thread_sleep(1);
	NO_TAIL_CALL();
}

__attribute__((noinline)) static void spin(void)
{
	for (;;) {
		gdb_spins++;
		gdb_spin_value = gdb_spin_value + 0.5f;
	}
}

static void *sleeper_entry(void *arg)
{
	mutex_create_pooled(&gdb_pooled_mutex, 0);
	mutex_lock(gdb_pooled_mutex, TIMEOUT_FOREVER);
	for (;;)
		gdb_sleep_here();
	return arg;
}

static void *joiner_entry(void *arg)
{
	thread_join(&threads[SLEEPER], NULL, TIMEOUT_FOREVER);
	return arg;
}

static void *locker_entry(void *arg)
{
	mutex_lock(&gdb_mutex, TIMEOUT_FOREVER);
	return arg;
}

static void *receiver_entry(void *arg)
{
	uint32_t item;

	queue_receive(&gdb_queue, &item, TIMEOUT_FOREVER);
	return arg;
}

static void *taker_entry(void *arg)
{
	semaphore_take(&gdb_sem, TIMEOUT_FOREVER);
	return arg;
}

static void *spinner_entry(void *arg)
{
	spin();
	return arg;
}

static void start(unsigned i, const char *name, thread_entry_t entry, unsigned priority)
{
	if (thread_create(&threads[i], name, entry, NULL, priority, stacks[i], STACK_BYTES) != 0)
		exit(2);
}

int main(void)
{
	mutex_init(&gdb_mutex, 0);
	semaphore_init(&gdb_sem, 0, 3);
	queue_init(&gdb_queue, queue_storage, sizeof(queue_storage[0]), 4);
	event_init(&gdb_events, 0x5);
	mutex_lock(&gdb_mutex, TIMEOUT_FOREVER);

	start(SLEEPER, "sleeper", sleeper_entry, 12);
	start(JOINER, "joiner", joiner_entry, 14);
	start(LOCKER, "locker", locker_entry, 20);       /* runs now, blocks */
	start(RECEIVER, "receiver", receiver_entry, 18); /* runs now, blocks */
	start(TAKER, "taker", taker_entry, 17);          /* runs now, blocks */
	start(PARKED, "parked", spinner_entry, 6);
	thread_suspend(&threads[PARKED]);
	start(SPINNER, "spinner", spinner_entry, 8);
	gdb_process_pid = process_spawn("gdbproc");
	if (ARCH_HAS_MPU && gdb_process_pid <= 0)
		exit(3);
	gdb_crash_pid = process_spawn("gdbcrash");
	if (ARCH_HAS_MPU && gdb_crash_pid <= 0)
		exit(4);
	gdb_idle_pid = process_spawn("gdbidle");
	if (ARCH_HAS_MPU && gdb_idle_pid <= 0)
		exit(5);

	/* joiner, sleeper, gdbcrash's main (into its fault), gdbproc's main
	 * (into its syscall), then spinner run while main sleeps. */
	thread_sleep(2);
	gdb_checkpoint();

	for (gdb_rounds = 0; gdb_rounds < GDB_ROUNDS; gdb_rounds++)
		gdb_main_sleep();
	return 0;
}
