/* SPDX-License-Identifier: MIT */
/*
 * The user library: everything code in an unprivileged process may call.
 *
 * A process is one folder of C files (see README, "Processes"), built
 * and linked apart from the kernel: its code and data go to regions of
 * their own, and it reaches the kernel only through the calls below,
 * each a svc (kestrel/syscall.h).  It may also use what needs no kernel
 * state: this library's formatter and heap, and newlib's pure functions
 * (string.h, ctype.h, most of stdlib.h and math.h without errno); the
 * build refuses a process that links anything touching the kernel's
 * memory (stdio, malloc, errno).
 *
 * Every call returns a negative ERR_* code (kernel/errors.h; u_strerror
 * names it) on failure.
 */
#ifndef KESTREL_USER_H
#define KESTREL_USER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kestrel/image.h"
#include "kestrel/syscall.h"

/*
 * Declares the process this folder builds (once, in one of its files):
 *
 *   PROCESS(ping, 2, 1024, 2048,
 *           .main = ping_main, .priority = 10, .ceiling = 12);
 *
 * name (the folder's name), the most threads it runs at once, each one's
 * stack in bytes (a power of two of at least 256 keeps the guard exact),
 * its heap in bytes; then any other process_image fields: .main (required),
 * .priority and .ceiling (1..63), .permissions (PERM_SPAWN), .devices and
 * .device_count (windows into device memory it may use).
 */
#define PROCESS(id, threads, stack_size, heap_size, ...)                                   \
	extern char __proc_##id##_code_start[], __proc_##id##_code_end[];                  \
	extern char __proc_##id##_ram_start[], __proc_##id##_data_end[];                   \
	extern char __proc_##id##_ram_end[];                                               \
	extern const char __proc_##id##_data_load[];                                       \
	static uint8_t process_stacks_[threads][stack_size] __attribute__((aligned(128)));  \
	uint8_t process_heap_[heap_size] __attribute__((aligned(8)));                      \
	const uint32_t process_heap_bytes_ = (heap_size);                                  \
	__attribute__((used, section(".process_image"))) const struct process_image        \
		__process_image_##id = {                                                   \
			.name = #id,                                                       \
			.max_threads = (threads),                                          \
			.stacks = &process_stacks_[0][0],                                  \
			.stack_bytes = (stack_size),                                       \
			.heap = process_heap_,                                             \
			.heap_bytes = (heap_size),                                         \
			.start = u_process_start,                                          \
			.thread_return = u_thread_return,                                  \
			.code_start = __proc_##id##_code_start,                            \
			.code_end = __proc_##id##_code_end,                                \
			.ram_start = __proc_##id##_ram_start,                              \
			.data_end = __proc_##id##_data_end,                                \
			.ram_end = __proc_##id##_ram_end,                                  \
			.data_load = __proc_##id##_data_load,                              \
			__VA_ARGS__ }

/* The library's entry points PROCESS() names. */
void u_process_start(void *main);
void u_thread_return(void *value);

/* ---- the raw call ---------------------------------------------------------- */

static inline int32_t u_syscall(uint32_t number, uint32_t a0, uint32_t a1, uint32_t a2,
				uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = a0;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	register uint32_t r12 __asm__("r12") = number;

	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r12)
			 :
			 : "memory");
	return (int32_t)r0;
}

/* ---- processes and threads --------------------------------------------------- */

__attribute__((noreturn)) void u_exit(int status);
int u_getpid(void);
/* Spawns a child from an image by name (needs PERM_SPAWN); returns its PID. */
int u_spawn(const char *image);
/* Waits for child pid (-1: any); returns its PID, *status how it ended. */
int u_wait(int pid, struct sys_exit_status *status, uint32_t timeout);
int u_kill(int pid);
/* A new thread of this process; returns its TID. */
int u_thread_create(void (*entry)(void *), void *arg, unsigned priority);
__attribute__((noreturn)) void u_thread_exit(void);
int u_yield(void);
int u_sleep(uint32_t ticks);
uint32_t u_time(void);

/* ---- objects, named by handles ------------------------------------------------- */

int u_mutex_create(uint32_t flags);
int u_mutex_lock(int h, uint32_t timeout);
int u_mutex_unlock(int h);
int u_sem_create(uint32_t initial, uint32_t max);
int u_sem_take(int h, uint32_t timeout);
int u_sem_give(int h);
int u_queue_create(uint32_t item_bytes, uint32_t capacity);
int u_queue_send(int h, const void *item, uint32_t timeout);
int u_queue_receive(int h, void *item, uint32_t timeout);
int u_event_create(uint32_t initial);
int u_event_set(int h, uint32_t bits);
int u_event_clear(int h, uint32_t bits);
/* Returns the bits seen (>= 0). */
int u_event_wait(int h, uint32_t mask, uint32_t options, uint32_t timeout);
int u_handle_close(int h);
/* Gives process pid a handle to the same object; returns that handle. */
int u_handle_grant(int h, int pid);

/* ---- messages ------------------------------------------------------------------- */

/* Returns the reply's length. */
int u_ipc_call(int pid, const void *msg, uint32_t len, void *reply, uint32_t cap,
	       uint32_t timeout);
/* Returns the message's length; *sender is what u_ipc_reply needs. */
int u_ipc_receive(void *buf, uint32_t cap, uint32_t *sender, uint32_t timeout);
int u_ipc_reply(uint32_t sender, const void *msg, uint32_t len);

/* ---- output, memory ---------------------------------------------------------------- */

int u_write(const void *buf, uint32_t len);
/* printf to the console (user/uformat.c's formats), one write per call. */
__attribute__((format(printf, 1, 2))) int u_printf(const char *fmt, ...);
/* The process's heap, shared by its threads (a mutex serialises them). */
void *u_malloc(size_t bytes);
void u_free(void *p);
/* "ERR_TIMEOUT", ... */
const char *u_strerror(int err);

#endif
