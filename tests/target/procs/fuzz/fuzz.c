/* SPDX-License-Identifier: MIT */
/*
 * The syscall_fuzz test's process: makes FUZZ_CALLS syscalls with random
 * numbers and arguments from a xorshift generator, then exits with the
 * number it made.  It first receives, by IPC, { the witness's PID, the
 * mode, the lowest SP its stack allows, an address in the kernel's RAM,
 * the seed } (it grants nothing to the witness, so the witness's table
 * holds none of its objects when it is gone).
 *
 * In FUZZ_MODE_SP it also, before about one call in four, moves its SP
 * for the call (somewhere inside its stack, to its floor, just below it,
 * or outside the process: NULL, past its RAM, the kernel's RAM, the
 * system space) and, where there is an FPU, fills every FP register with
 * random bits first, so that the call's frame is an extended one.  A move
 * inside its stack must change nothing; the others must end the process
 * with a fault at the call, and nothing else.
 *
 * Every argument is one of: a small integer, a handle 0..20, a random
 * word, a pointer into its arena, a pointer into the kernel's memory, a
 * pointer that straddles the end of its arena or of its RAM region.
 * Left out: SYS_EXIT, SYS_THREAD_EXIT, SYS_KILL of itself.  Blocking calls
 * wait 0 or 1 tick; threads start at a function that returns at once;
 * console writes that would succeed are cut to 0 bytes.
 */
#include <string.h>

#include "kestrel/user.h"

#define FUZZ_CALLS 100000u
#define FUZZ_MODE_SP 1u
#define ARENA 1024u
#define PAD 512u /* room past the arena for what the kernel may copy there */

extern char __proc_fuzz_ram_end[];

static uint8_t arena[ARENA + PAD] __attribute__((aligned(8)));
static struct sys_ipc_call good_call;

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void quick(void *arg)
{
	(void)arg;
}

static uint32_t draw(uint32_t *s)
{
	uint32_t r = xorshift(s);
	uint32_t v = xorshift(s);

	switch (r % 7) {
	case 0:
		return v % 8; /* small integer */
	case 1:
		return v % 21; /* a handle */
	case 2:
		return v; /* anything */
	case 3:
		return (uint32_t)(uintptr_t)&arena[v % ARENA];
	case 4: { /* the kernel's RAM, flash, system space */
		static const uint32_t bases[] = { 0x20000000u, 0x00000000u, 0xE000E000u };
		return bases[(r >> 8) % 3] + (v % 0x8000u);
	}
	case 5:
		return (uint32_t)(uintptr_t)&arena[ARENA] - (v % 16);
	default:
		return (uint32_t)(uintptr_t)__proc_fuzz_ram_end - (v % 16);
	}
}

/* The syscall with SP = sp for the call (r4 keeps the real SP). */
__attribute__((naked, noinline)) static int32_t syscall_at(uint32_t sp, const uint32_t *args,
							 uint32_t number)
{
	__asm__ volatile("push {r4, r5, r6, lr}\n\t"
			 "mov  r4, sp\n\t"
			 "mov  r12, r2\n\t"
			 "mov  r5, r0\n\t"
			 "ldm  r1, {r0, r1, r2, r3}\n\t"
			 "mov  sp, r5\n\t"
			 "svc  #0\n\t"
			 "mov  sp, r4\n\t"
			 "pop  {r4, r5, r6, pc}\n\t");
}

/* Every FP register random: FP state live, nothing in it to trust. */
static void dirty_fp(uint32_t *s)
{
#ifdef __ARM_FP
	uint32_t v[32];

	for (unsigned i = 0; i < 32; i++)
		v[i] = xorshift(s);
	__asm__ volatile("vldm %0, {s0-s31}" : : "r"(v) : "memory", "s0", "s1", "s2", "s3", "s4",
			 "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", "s16",
			 "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27",
			 "s28", "s29", "s30", "s31");
#else
	(void)s;
#endif
}

/* Where FUZZ_MODE_SP puts SP for a call (0: leave it).  here: the SP now. */
static uint32_t pick_sp(uint32_t *s, uint32_t floor, uint32_t kernel, uint32_t here)
{
	uint32_t r = xorshift(s), v = xorshift(s) & ~7u;

	if (r % 4 != 0)
		return 0;
	switch ((r >> 4) % 8) {
	case 0:
	case 1:
	case 2: /* inside its stack, between floor + 256 and here */
		return here > floor + 512 ? floor + 256 + v % (here - floor - 512) : 0;
	case 3:
		return floor; /* its floor: the frame goes below it */
	case 4:
		return floor - 8 - v % 64; /* just below */
	case 5:
		return 0x10u + v % 32; /* NULL, near enough */
	case 6:
		return (uint32_t)(uintptr_t)__proc_fuzz_ram_end + 8 + v % 64; /* past its RAM */
	default:
		return (r & 0x100) ? kernel + v % 256 : 0xE000E000u + v % 0x1000;
	}
}

static int fuzz_main(void)
{
	static uint32_t msg[5];
	uint32_t sender = 0, zero = 0;
	uint32_t calls = 0, ok = 0;

	if (u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER) != (int)sizeof(msg))
		return -1;
	u_ipc_reply(sender, &zero, sizeof(zero));
	const uint32_t witness = msg[0], mode = msg[1], floor = msg[2], kernel = msg[3];
	uint32_t seed = msg[4];
	const uint32_t me = (uint32_t)u_getpid();
	good_call = (struct sys_ipc_call){ arena, 8, &arena[ARENA], SYS_IPC_MAX_BYTES };

	volatile uint32_t here_mark = 0; /* its address: about the SP here */

	while (calls < FUZZ_CALLS) {
		uint32_t n = xorshift(&seed) % (SYS_COUNT + 4);
		uint32_t a[4] = { draw(&seed), draw(&seed), draw(&seed), draw(&seed) };
		uint32_t coin = xorshift(&seed);

		switch (n) {
		case SYS_EXIT:
		case SYS_THREAD_EXIT:
			continue;
		case SYS_KILL:
			if (a[0] == me)
				continue;
			break;
		case SYS_SLEEP:
			a[0] &= 1u;
			break;
		case SYS_WRITE:
			if (a[1] < 0x10000u)
				a[1] = 0; /* a range check, not console noise */
			break;
		case SYS_THREAD_CREATE:
			a[0] = (uint32_t)(uintptr_t)quick;
			break;
		case SYS_MUTEX_LOCK:
		case SYS_SEM_TAKE:
			a[1] &= 1u;
			break;
		case SYS_QUEUE_SEND:
		case SYS_QUEUE_RECEIVE:
		case SYS_WAIT:
			a[2] &= 1u;
			break;
		case SYS_EVENT_WAIT:
		case SYS_IPC_RECEIVE:
			a[3] &= 1u;
			break;
		case SYS_IPC_CALL:
			a[2] = 1; /* 0 is refused (ERR_RANGE) before anything else */
			if (coin & 1)
				a[1] = (uint32_t)(uintptr_t)&good_call;
			if (coin & 2)
				a[0] = witness;
			break;
		case SYS_HANDLE_GRANT:
			if (a[1] == witness)
				a[1] = me;
			break;
		case SYS_SPAWN:
			/* Names from the arena (random bytes): no real image. */
			memcpy(&arena[ARENA - 8], "nothing", 8);
			if (coin & 1)
				a[0] = (uint32_t)(uintptr_t)&arena[ARENA - 8];
			break;
		}
		uint32_t here = (uint32_t)(uintptr_t)&here_mark;
		uint32_t sp = mode == FUZZ_MODE_SP ? pick_sp(&seed, floor, kernel, here) : 0;
		int32_t r;
		if (sp != 0) {
			dirty_fp(&seed);
			r = syscall_at(sp, a, n);
		} else {
			r = u_syscall(n, a[0], a[1], a[2], a[3]);
		}
		calls++;
		if (r >= 0)
			ok++;
	}
	u_printf("fuzz: %lu calls, %lu succeeded\n", (unsigned long)calls, (unsigned long)ok);
	return (int)calls;
}

PROCESS(fuzz, 4, 1024, 256, .main = fuzz_main, .priority = 8, .ceiling = 12);
