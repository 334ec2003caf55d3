/* SPDX-License-Identifier: MIT */
/*
 * The syscall_fuzz test's process: makes FUZZ_CALLS syscalls with random
 * numbers and arguments from a fixed-seed xorshift generator, then exits
 * with the number it made.  It first receives, by IPC, the witness's PID
 * (it grants nothing to it, so the witness's table holds none of its
 * objects when it is gone).
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

static int fuzz_main(void)
{
	uint32_t msg[1] = { 0 }, sender = 0, zero = 0, seed = 0x2545f491u;
	uint32_t calls = 0, ok = 0;

	if (u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER) != 4)
		return -1;
	u_ipc_reply(sender, &zero, sizeof(zero));
	const uint32_t witness = msg[0];
	const uint32_t me = (uint32_t)u_getpid();
	good_call = (struct sys_ipc_call){ arena, 8, &arena[ARENA], SYS_IPC_MAX_BYTES };

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
		int32_t r = u_syscall(n, a[0], a[1], a[2], a[3]);
		calls++;
		if (r >= 0)
			ok++;
	}
	u_printf("fuzz: %lu calls, %lu succeeded\n", (unsigned long)calls, (unsigned long)ok);
	return (int)calls;
}

PROCESS(fuzz, 4, 1024, 256, .main = fuzz_main, .priority = 8, .ceiling = 12);
