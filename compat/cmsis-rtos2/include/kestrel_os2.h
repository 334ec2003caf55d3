/* SPDX-License-Identifier: MIT */
/*
 * Kestrel's sizes for the memory a CMSIS-RTOS2 application may give an
 * object itself (the attr cb_mem and cb_size fields, and a pool's mp_mem
 * or a queue's mq_mem), instead of letting the layer take it from the
 * heap.  The specification leaves these to each implementation; a static
 * control block of at least this many bytes, word-aligned, is always
 * accepted:
 *
 *	static uint64_t worker_cb[KESTREL_OS2_THREAD_CB_SIZE / 8];
 *	static uint64_t worker_stack[1024 / 8];
 *	const osThreadAttr_t worker_attr = {
 *		.name = "worker",
 *		.cb_mem = worker_cb, .cb_size = sizeof(worker_cb),
 *		.stack_mem = worker_stack, .stack_size = sizeof(worker_stack),
 *	};
 *
 * A stack given in stack_mem must be 8-byte aligned, its size a multiple
 * of 8 and at least KESTREL_OS2_STACK_MIN bytes.
 */
#ifndef KESTREL_OS2_H
#define KESTREL_OS2_H

/* Control blocks, in bytes (multiples of 8). */
#define KESTREL_OS2_THREAD_CB_SIZE 288u
#define KESTREL_OS2_TIMER_CB_SIZE 72u
#define KESTREL_OS2_EVENT_FLAGS_CB_SIZE 48u
#define KESTREL_OS2_MUTEX_CB_SIZE 64u
#define KESTREL_OS2_SEMAPHORE_CB_SIZE 48u
#define KESTREL_OS2_MEMORY_POOL_CB_SIZE 96u
#define KESTREL_OS2_MESSAGE_QUEUE_CB_SIZE 96u

/* The thread that runs every timer's callbacks ("osTimerThread", made by
 * the first osTimerNew): its priority (osPriorityHigh) and stack bytes (a
 * multiple of 8, at least KESTREL_OS2_STACK_MIN).  An application whose
 * callbacks need more stack, or must not preempt its threads, defines
 * them on the compiler's command line. */
#ifndef KESTREL_OS2_TIMER_PRIORITY
#define KESTREL_OS2_TIMER_PRIORITY 40 /* osPriorityHigh */
#endif
#ifndef KESTREL_OS2_TIMER_STACK
#define KESTREL_OS2_TIMER_STACK 768u
#endif
/* Its safety class (0..15): the class timer callbacks act with (a
 * callback may act on objects of this class or below). */
#ifndef KESTREL_OS2_TIMER_CLASS
#define KESTREL_OS2_TIMER_CLASS 0
#endif

/* The smallest stack a thread may be given (the kernel's stack guard, a
 * switched-out thread's largest frame and a little room to run: more with
 * an FPU, whose frames and guard are larger; a smaller stack_size without
 * stack_mem is rounded up to it), and the stack a thread gets when attr
 * gives no stack_size. */
#ifdef __ARM_FP
#define KESTREL_OS2_STACK_MIN 640u
#else
#define KESTREL_OS2_STACK_MIN 512u
#endif
#define KESTREL_OS2_STACK_DEFAULT 1024u

/* Bytes of mp_mem for block_count blocks of block_size bytes (each block
 * rounded up to a whole word, and at least 8 bytes: a free block holds
 * the pool's link and a marker), word-aligned. */
#define KESTREL_OS2_MEMORY_POOL_MEM_SIZE(block_count, block_size) \
	((block_count) * ((block_size) <= 8u ? 8u : (((block_size) + 3u) & ~3u)))

/* Bytes of mq_mem for msg_count messages of msg_size bytes (each message
 * rounded up to a whole word, after two words for its link and its
 * priority), word-aligned. */
#define KESTREL_OS2_MESSAGE_QUEUE_MEM_SIZE(msg_count, msg_size) \
	((msg_count) * ((((msg_size) + 3u) & ~3u) + 8u))

#endif
