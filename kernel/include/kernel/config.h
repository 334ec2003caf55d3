/* SPDX-License-Identifier: MIT */
/*
 * Kernel configuration.  Each value can be overridden on the compiler
 * command line (make CONFIG="-DCONFIG_TICK_HZ=100"); the defaults suit the
 * QEMU boards and the small real ones alike.
 */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

/* Scheduler tick rate. */
#ifndef CONFIG_TICK_HZ
#define CONFIG_TICK_HZ 1000
#endif

/* Tickless idle: while only the idle thread can run, no tick interrupt
 * comes until the next deadline, and time is kept by the board clock.
 * Set by the Makefile (TICKLESS, on by default on the boards that support
 * it: BOARD_TICKLESS in their board.mk). */
#ifndef CONFIG_TICKLESS
#define CONFIG_TICKLESS 0
#endif

/* What SysTick does with tickless idle, set by the Makefile from the
 * board's BOARD_TICKLESS_SYSTICK: nothing (the board has a clock and an
 * alarm), the alarm on the board's clock, or the clock under the board's
 * alarm. */
#define TICKLESS_SYSTICK_NONE 0
#define TICKLESS_SYSTICK_ALARM 1
#define TICKLESS_SYSTICK_CLOCK 2
#ifndef CONFIG_TICKLESS_SYSTICK
#define CONFIG_TICKLESS_SYSTICK TICKLESS_SYSTICK_NONE
#endif

/* Round-robin time slice among threads of equal priority, in ticks. */
#ifndef CONFIG_TIME_SLICE_TICKS
#define CONFIG_TIME_SLICE_TICKS 5
#endif

/* Thread priority levels, 0 (the idle thread's) to CONFIG_PRIORITY_LEVELS
 * - 1: 64, or 32 for a ready queue 256 bytes smaller (kernel/readyq.h). */
#ifndef CONFIG_PRIORITY_LEVELS
#define CONFIG_PRIORITY_LEVELS 64
#endif

/* Priority and stack of the thread that runs main(). */
#ifndef CONFIG_MAIN_PRIORITY
#define CONFIG_MAIN_PRIORITY 16
#endif
#ifndef CONFIG_MAIN_STACK_BYTES
#define CONFIG_MAIN_STACK_BYTES 4096
#endif

#ifndef CONFIG_IDLE_STACK_BYTES
#define CONFIG_IDLE_STACK_BYTES 512
#endif

/* Fixed pool for thread_create_pooled(): TCBs and stacks, no allocator. */
#ifndef CONFIG_THREAD_POOL_SIZE
#define CONFIG_THREAD_POOL_SIZE 8
#endif
#ifndef CONFIG_POOL_STACK_BYTES
#define CONFIG_POOL_STACK_BYTES 1024
#endif

/* Fill each stack with a pattern at creation so its high-water mark can be
 * measured.  Costs one pass over the stack per thread_create. */
#ifndef CONFIG_STACK_FILL
#define CONFIG_STACK_FILL 1
#endif

/* Fixed pools for the *_create_pooled calls of each kernel object. */
#ifndef CONFIG_MUTEX_POOL_SIZE
#define CONFIG_MUTEX_POOL_SIZE 8
#endif
#ifndef CONFIG_SEMAPHORE_POOL_SIZE
#define CONFIG_SEMAPHORE_POOL_SIZE 8
#endif
#ifndef CONFIG_EVENT_POOL_SIZE
#define CONFIG_EVENT_POOL_SIZE 4
#endif
#ifndef CONFIG_QUEUE_POOL_SIZE
#define CONFIG_QUEUE_POOL_SIZE 4
#endif
/* Item storage for each pooled queue: item_bytes * capacity must fit. */
#ifndef CONFIG_QUEUE_POOL_BUFFER_BYTES
#define CONFIG_QUEUE_POOL_BUFFER_BYTES 256
#endif

#ifndef CONFIG_THREAD_NAME_BYTES
#define CONFIG_THREAD_NAME_BYTES 16
#endif

#ifndef CONFIG_PROCESS_NAME_BYTES
#define CONFIG_PROCESS_NAME_BYTES 16
#endif

/* Process control blocks, the kernel and init included. */
#ifndef CONFIG_PROCESS_MAX
#define CONFIG_PROCESS_MAX 8
#endif

/* Handles in each process's table. */
#ifndef CONFIG_PROCESS_HANDLES
#define CONFIG_PROCESS_HANDLES 16
#endif

/* Kernel objects processes can hold handles to, all processes together. */
#ifndef CONFIG_KOBJECTS
#define CONFIG_KOBJECTS 32
#endif

#endif
