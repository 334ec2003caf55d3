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
#include "kernel/list.h"
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

/* The head of every record.  node links a live record: a thread's into
 * os2_thread.c's lists, any other object's into os2_objects (kernel lock),
 * where osKernelDestroyClass finds the objects of a class. */
struct os2_object {
	uint32_t magic;
	const char *name;      /* attr->name, not copied (NULL: none) */
	uint8_t flags;         /* OS2_CB_ALLOCATED, OS2_MEM_ALLOCATED */
	uint8_t safety_class;  /* 0..15: osSafetyClass(n) from attr, or its creator's */
	struct list_node node;
};

/* The live objects other than threads (os2_common.c).  Kernel lock. */
extern struct list_node os2_objects;

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

/* ---- safety classes ---------------------------------------------------- */

/* The safety class of the calling thread: its CMSIS record's, 0 for a
 * thread not made by osThreadNew (main).  Context: thread mode. */
static inline uint32_t os2_self_class(void)
{
	const struct os2_object *self = os2_thread_id(sched_self());

	return self != NULL ? self->safety_class : 0;
}

/* Whether the caller may act on an object of safety class c: a thread
 * of class c or above, or a handler (which has no class).  Thread code
 * with interrupts masked is still its thread here: masking them does not
 * lift the check.  Context: any, also under the kernel lock. */
static inline bool os2_class_allows(uint32_t c)
{
	return c == 0 || arch_in_isr() || os2_self_class() >= c;
}

/* Whether the caller may not act on obj, a live record: obj is of a class
 * above the calling thread's.  An object of class 0 costs a load and a
 * branch; only above that is the caller looked up.  Context: any, also
 * under the kernel lock. */
static inline bool os2_class_denied(const void *obj)
{
	uint32_t c = ((const struct os2_object *)obj)->safety_class;

	return c != 0 && !os2_class_allows(c);
}

/* The safety class of an object a New call makes, from its attr_bits:
 * osSafetyClass(n), or else the creator's.  -1 if the creator may not
 * make it: a class above its own once the kernel runs (before
 * osKernelStart any class may be made).  Context: thread mode. */
int os2_new_class(uint32_t attr_bits);

/* Makes obj, a new object other than a thread, live: it joins
 * os2_objects and its magic is written, last (the ID is valid from
 * there).  Context: thread mode. */
void os2_object_add(struct os2_object *obj, uint32_t magic);

/* Takes obj out of os2_objects and clears its magic.  Kernel lock. */
static inline void os2_object_remove_locked(struct os2_object *obj)
{
	obj->magic = 0;
	list_remove(&obj->node);
}

/* The first step of a Delete: checks id (osErrorParameter) and the
 * caller's class (osErrorSafetyClass) and claims the record under the
 * lock (os2_object_remove_locked), so that of two threads deleting it
 * at once exactly one goes on.  Returns osOK for that one.
 * Context: thread mode (the caller has checked it). */
osStatus_t os2_object_claim(void *id, uint32_t magic);

#endif
