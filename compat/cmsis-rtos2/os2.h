/* SPDX-License-Identifier: MIT */
/*
 * What the CMSIS-RTOS2 layer's files share; not for applications, which
 * include cmsis_os2.h (and kestrel_os2.h for the sizes of static memory).
 *
 * The layer is a thin one over the kernel's own records: every object is
 * a record of this layer (its magic first, its name, where its memory came
 * from) around a kernel object, and an ID is the record's address.  It
 * uses the kernel's internal interface (kernel/sched.h: the lock, block
 * and wake), as the kernel's own objects do.
 *
 * Memory: an object's control block is attr->cb_mem when given (at least
 * cb_size bytes, word-aligned) and its storage (a stack, a pool's blocks,
 * a queue's messages) attr's mem field when given; what is not given comes
 * from the heap (newlib's malloc, from thread mode) and goes back to it
 * when the object is deleted.
 */
#ifndef OS2_H
#define OS2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "cmsis_os2.h"
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "kestrel_os2.h"

/* The first word of each kind of record: its ID is valid while it holds
 * this (deleting an object clears it). */
#define OS2_THREAD_MAGIC 0x4f325448u    /* "O2TH" */
#define OS2_TIMER_MAGIC 0x4f32544du     /* "O2TM" */
#define OS2_EVENT_MAGIC 0x4f324556u     /* "O2EV" */
#define OS2_MUTEX_MAGIC 0x4f324d58u     /* "O2MX" */
#define OS2_SEMAPHORE_MAGIC 0x4f325345u /* "O2SE" */
#define OS2_MEMPOOL_MAGIC 0x4f324d50u   /* "O2MP" */
#define OS2_MSGQUEUE_MAGIC 0x4f324d51u  /* "O2MQ" */

/* os2_object.flags: what the layer allocated, and gives back on delete. */
#define OS2_CB_ALLOCATED (1u << 0)  /* the control block */
#define OS2_MEM_ALLOCATED (1u << 1) /* its storage: stack, blocks, messages */

/* The head of every record. */
struct os2_object {
	uint32_t magic;
	const char *name; /* attr->name, not copied (NULL: none) */
	uint8_t flags;    /* OS2_CB_ALLOCATED, OS2_MEM_ALLOCATED */
};

/* Whether id is a live record of the kind magic names.  An ID is a
 * pointer the caller gave: NULL and misaligned ones are refused before it
 * is read. */
static inline bool os2_is(const void *id, uint32_t magic)
{
	return id != NULL && ((uintptr_t)id & 3u) == 0 &&
	       ((const struct os2_object *)id)->magic == magic;
}

/* Whether the caller may not wait: an interrupt handler, or thread code
 * with interrupts masked (the specification treats both as "ISR": the
 * calls it forbids there return osErrorISR). */
static inline bool os2_in_isr(void)
{
	return arch_in_isr() || arch_irq_masked();
}

/* A CMSIS timeout as kernel ticks: osWaitForever waits for ever, 0 not at
 * all; a finite timeout beyond TIMEOUT_MAX_TICKS (2^31 - 1 ticks, 24.8
 * days at 1 kHz) waits TIMEOUT_MAX_TICKS, the longest the kernel's
 * wrapping tick can time. */
static inline uint32_t os2_ticks(uint32_t timeout)
{
	if (timeout == osWaitForever)
		return TIMEOUT_FOREVER;
	return timeout > TIMEOUT_MAX_TICKS ? TIMEOUT_MAX_TICKS : timeout;
}

/* The CMSIS status of a kernel result: 0 -> osOK, a timeout of a wait ->
 * osErrorTimeout, a no-wait call that found nothing -> osErrorResource,
 * ... (os2_common.c has the table). */
osStatus_t os2_status(int err);

/* The control block of a new object: attr's cb_mem if attr gives one
 * (NULL if it is smaller than bytes or misaligned: the call fails), or
 * zeroed heap memory (NULL if there is none); obj->flags records which,
 * once the caller has the block.  cb_size without cb_mem, or cb_mem
 * without cb_size, is invalid (NULL). */
void *os2_cb_get(void *cb_mem, uint32_t cb_size, size_t bytes, bool *allocated);

/* Storage for a new object: mem if given (NULL if under bytes or not
 * aligned to align), else heap memory aligned to align (at most 8). */
void *os2_mem_get(void *mem, uint32_t size, size_t bytes, size_t align, bool *allocated);

/* Gives back what os2_cb_get or os2_mem_get allocated (from thread mode,
 * without the kernel lock). */
void os2_free(void *p);

/* The CMSIS thread that kernel thread t is, or NULL (a kernel thread not
 * made by osThreadNew, such as main before osKernelStart). */
static inline osThreadId_t os2_thread_id(const struct thread *t)
{
	return t != NULL ? t->extension : NULL;
}

/* The kernel thread of a CMSIS thread ID, or NULL if id is not a live
 * thread (os2_thread.c). */
struct thread *os2_thread_kernel(osThreadId_t id);

#endif
