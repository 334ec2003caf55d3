/* SPDX-License-Identifier: MIT */
/* The isolation test's offender: receives { mode, address } by IPC,
 * replies, then does the one forbidden thing the mode names.  Each mode
 * must end the process with a fault; returning means it was not caught. */
#include "kestrel/user.h"

enum {
	BAD_READ = 1,  /* read the word at address (kernel memory) */
	BAD_WRITE,     /* write the word at address (kernel or another process) */
	BAD_EXEC_RAM,  /* call a Thumb "bx lr" in this process's own RAM */
	BAD_NULL,      /* read through NULL */
	BAD_DIV0,      /* integer division by zero */
	BAD_STACK,     /* unbounded recursion */
	BAD_CANARY_SYSCALL, /* overwrite its stack canary, then block in a syscall */
	BAD_CANARY_SPIN,    /* overwrite its stack canary, then compute until switched out */
};

/* What the kernel keeps in the lowest usable word of every stack
 * (THREAD_STACK_CANARY, kernel/include/kernel/thread.h). */
#define STACK_CANARY 0xc0ffee11u

/* Overwrites the canary at the bottom of this thread's stack, as an
 * overflow that jumped over the guard would: the first word below the
 * stack pointer that holds it (the words between are unused stack). */
__attribute__((noinline)) static void smash_canary(void)
{
	volatile uint32_t here = 0;
	volatile uint32_t *w = &here;

	while (*w != STACK_CANARY)
		w--;
	*w = 0;
}

static volatile uint16_t ram_code[4] __attribute__((aligned(8)));
static volatile uint32_t sink;

static uint32_t recurse(uint32_t depth)
{
	volatile uint8_t frame[64];

	for (unsigned i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(depth + i);
	if (depth == 0xffffffffu) /* never: keeps the compiler from calling it endless */
		return frame[0];
	return recurse(depth + 1) + frame[depth % sizeof(frame)];
}

static int bad_main(void)
{
	uint32_t msg[2] = { 0, 0 };
	uint32_t sender, ok = 0;

	if (u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER) < 0)
		return 100;
	u_ipc_reply(sender, &ok, sizeof(ok));
	volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)msg[1];
	switch (msg[0]) {
	case BAD_READ:
		sink = *p;
		break;
	case BAD_WRITE:
		*p = 0xdeadbeefu;
		break;
	case BAD_EXEC_RAM: {
		ram_code[0] = 0x4770; /* bx lr */
		ram_code[1] = 0x4770;
		void (*fn)(void) = (void (*)(void))((uintptr_t)ram_code | 1u);
		fn();
		break;
	}
	case BAD_NULL:
		sink = *(volatile uint32_t *)(uintptr_t)msg[1]; /* msg[1] is 0 */
		break;
	case BAD_DIV0: {
		volatile uint32_t a = 7, b = 0;
		sink = a / b;
		break;
	}
	case BAD_STACK:
		sink = recurse(0);
		break;
	case BAD_CANARY_SYSCALL:
		smash_canary();
		u_sleep(1); /* switched out inside the syscall */
		break;
	case BAD_CANARY_SPIN:
		smash_canary();
		for (uint32_t i = 0; i < 100000000u; i++) /* ~100 ms: a switch comes first */
			sink += i;
		break;
	}
	u_printf("bad: mode %lu was not stopped\n", (unsigned long)msg[0]);
	return 99;
}

PROCESS(bad, 1, 1024, 256, .main = bad_main, .priority = 10, .ceiling = 12);
