/* SPDX-License-Identifier: MIT */
/*
 * The containment test's offender: receives { action, sp, arg } by IPC,
 * replies, then moves its stack pointer to sp and makes the kernel take
 * an exception from there (tests/target/containment.c lists the rows):
 *
 *   ENTRY_SVC         svc #0 (getpid) with SP = sp
 *   ENTRY_SVC_YIELD   svc #0 (yield) with SP = sp
 *   ENTRY_SVC_OTHER   svc #5 (no such call) with SP = sp
 *   ENTRY_SPIN        spin in registers with SP = sp until preempted
 *   ENTRY_UDF         an undefined instruction with SP = sp
 *   ENTRY_FP_*        the same three after making FP state live (s0)
 *   ENTRY_RECURSE     plain C recursion until about 24 bytes of its stack
 *                     are left above sp (its floor), then getpid
 *   ENTRY_FORGE       a second thread overwrites the first one's stack
 *                     around sp while the first is switched out (arg:
 *                     the word it writes)
 *   ENTRY_FORGE_SYSCALL  the same while the first sleeps in a syscall
 *   ENTRY_BKPT        bkpt 0xab (a semihosting exit request) from user code
 *   ENTRY_PSPLIM      (ARMv8-M) writes 0 to PSPLIM, then recurses without
 *                     end: the write is ignored, the limit still stops it
 *
 * The process exits with ENTRY_RAN_ON if the action came back: a row
 * whose SP was inside the process's own RAM may; the others must end the
 * process with a fault first.  Only the ENTRY_FP_* actions leave FP state
 * live: nothing before them uses an FP register.
 */
#include <stdbool.h>

#include "entry.h"
#include "kestrel/user.h"


#define SPIN_LOOPS 30000000u /* ~60 ms of virtual time: several ticks and slices */

/* Each runs one instruction sequence with SP = sp and puts SP back; r4
 * keeps the real SP (callee-saved: the kernel hands it back). */
__attribute__((naked, noinline)) static int32_t svc_at(uint32_t sp, uint32_t number)
{
	__asm__ volatile("push {r4, lr}\n\t"
			 "mov  r4, sp\n\t"
			 "mov  r12, r1\n\t"
			 "mov  sp, r0\n\t"
			 "svc  #0\n\t"
			 "mov  sp, r4\n\t"
			 "pop  {r4, pc}\n\t");
}

/* Sleeps 30 ticks in the kernel with SP = sp. */
__attribute__((naked, noinline)) static int32_t sleep_at(uint32_t sp)
{
	__asm__ volatile("push {r4, lr}\n\t"
			 "mov  r4, sp\n\t"
			 "mov  sp, r0\n\t"
			 "movs r0, #30\n\t"
			 "movs r1, #0\n\t"
			 "movs r2, #0\n\t"
			 "movs r3, #0\n\t"
			 "mov  r12, %0\n\t"
			 "svc  #0\n\t"
			 "mov  sp, r4\n\t"
			 "pop  {r4, pc}\n\t" ::"i"(SYS_SLEEP));
}

__attribute__((naked, noinline)) static int32_t svc5_at(uint32_t sp)
{
	__asm__ volatile("push {r4, lr}\n\t"
			 "mov  r4, sp\n\t"
			 "mov  sp, r0\n\t"
			 "svc  #5\n\t"
			 "mov  sp, r4\n\t"
			 "pop  {r4, pc}\n\t");
}

/* While it spins, r5-r11 hold ENTRY_MARK + 5 .. + 11 (entry.h). */
__attribute__((naked, noinline)) static int32_t spin_at(uint32_t sp, uint32_t loops)
{
	__asm__ volatile("push {r4-r11, lr}\n\t"
			 "mov  r4, sp\n\t"
			 "ldr  r5, =%c0\n\t"
			 "adds r6, r5, #1\n\t"
			 "adds r7, r5, #2\n\t"
			 "adds r8, r5, #3\n\t"
			 "adds r9, r5, #4\n\t"
			 "adds r10, r5, #5\n\t"
			 "adds r11, r5, #6\n\t"
			 "mov  sp, r0\n\t"
			 "1: subs r1, r1, #1\n\t"
			 "bne  1b\n\t"
			 "mov  sp, r4\n\t"
			 "movs r0, #0\n\t"
			 "pop  {r4-r11, pc}\n\t" ::"i"(ENTRY_MARK + 5u));
}

__attribute__((naked, noinline)) static int32_t udf_at(uint32_t sp)
{
	__asm__ volatile("push {r4, lr}\n\t"
			 "mov  r4, sp\n\t"
			 "mov  sp, r0\n\t"
			 "udf  #0\n\t"
			 "mov  sp, r4\n\t"
			 "pop  {r4, pc}\n\t");
}

/* Makes FP state live: the next exception stacks an extended frame. */
static void fp_live(uint32_t value)
{
#ifdef __ARM_FP
	__asm__ volatile("vmov s0, %0\n\t"
			 "vmov s15, %0\n\t" ::"r"(value));
#else
	(void)value;
#endif
}

static volatile uint32_t sink;

/* Recurses until fewer than about 24 bytes are left above floor, then
 * enters the kernel from there. */
__attribute__((noinline)) static int32_t dive(uintptr_t floor)
{
	uintptr_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	if (sp > floor + 24)
		return dive(floor) + (int32_t)(sink & 1u);
	return u_getpid() + (int32_t)(sink & 1u); /* not a tail call: this frame stays */
}

/* ENTRY_FORGE: the victim spins with SP = victim_sp, the forger waits
 * until the victim is switched out, then fills the 160 bytes below that
 * SP (where the hardware frame, and any context a switch saved, lie). */
static volatile uint32_t victim_sp;
static volatile uint32_t forged;

static void forger(void *arg)
{
	uint32_t pattern = (uint32_t)(uintptr_t)arg;

	while (victim_sp == 0)
		u_yield();
	volatile uint32_t *w = (volatile uint32_t *)(uintptr_t)victim_sp;
	for (unsigned i = 1; i <= 40; i++)
		w[-(int)i] = pattern;
	forged = 1;
}

static int32_t forge(uint32_t pattern, bool in_syscall)
{
	uint32_t here;

	if (u_thread_create(forger, (void *)(uintptr_t)pattern, 10) < 0)
		return -1;
	/* 256 bytes below this frame: inside the stack, clear of this code. */
	uint32_t sp = ((uint32_t)(uintptr_t)&here - 256u) & ~7u;
	victim_sp = sp; /* the forger runs while this thread is switched out */
	return in_syscall ? sleep_at(sp) : spin_at(sp, SPIN_LOOPS);
}

/* Recursion without end, 64 bytes a frame. */
__attribute__((noinline)) static uint32_t descend(uint32_t depth)
{
	volatile uint32_t frame[14];

	frame[depth % 14] = depth;
	if (depth == 0xffffffffu) /* never: keeps the compiler from calling it endless */
		return frame[0];
	return descend(depth + 1) + frame[(depth + 1) % 14];
}

static void psplim_write(void)
{
#if defined(__ARM_ARCH_8M_MAIN__)
	__asm__ volatile("msr psplim, %0" ::"r"(0u));
#endif
	sink = descend(0);
}

__attribute__((naked, noinline)) static void semihost_exit_request(void)
{
	__asm__ volatile("movs r0, #0x18\n\t" /* SYS_EXIT */
			 "ldr  r1, =0x20026\n\t" /* ADP_Stopped_ApplicationExit */
			 "bkpt 0xab\n\t"
			 "bx   lr\n\t");
}

static int entry_main(void)
{
	static uint32_t msg[3]; /* (initialising it on the stack may use FP registers) */
	uint32_t sender, ok = 0;

	if (u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER) < 0)
		return 100;
	u_ipc_reply(sender, &ok, sizeof(ok));
	uint32_t sp = msg[1];
	switch (msg[0]) {
	case ENTRY_FP_SVC:
		fp_live(msg[2]);
		/* fall through */
	case ENTRY_SVC:
		svc_at(sp, SYS_GETPID);
		break;
	case ENTRY_FP_SVC_YIELD:
		fp_live(msg[2]);
		/* fall through */
	case ENTRY_SVC_YIELD:
		svc_at(sp, SYS_YIELD);
		break;
	case ENTRY_SVC_OTHER:
		svc5_at(sp);
		break;
	case ENTRY_FP_SPIN:
		fp_live(msg[2]);
		/* fall through */
	case ENTRY_SPIN:
		spin_at(sp, SPIN_LOOPS);
		break;
	case ENTRY_UDF:
		udf_at(sp);
		break;
	case ENTRY_RECURSE:
		sink = (uint32_t)dive(sp);
		break;
	case ENTRY_FORGE:
		forge(msg[2], false);
		break;
	case ENTRY_FORGE_SYSCALL:
		forge(msg[2], true);
		break;
	case ENTRY_BKPT:
		semihost_exit_request();
		break;
	case ENTRY_PSPLIM:
		psplim_write();
		break;
	default:
		return 101;
	}
	return ENTRY_RAN_ON;
}

PROCESS(entry, 2, 1024, 256, .main = entry_main, .priority = 10, .ceiling = 12);
