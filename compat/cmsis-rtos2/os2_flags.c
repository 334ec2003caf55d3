/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 thread flags and the generic waits (osDelay, osDelayUntil).
 *
 * Each CMSIS thread has 31 flags (bit 31 is the error bit of the results)
 * in its record, guarded by the kernel lock.  A thread waiting for its
 * flags blocks in the scheduler with no wait queue (wait_object: its own
 * record, wait_reason: flags_reason); the wanted mask and options wait in
 * the TCB's wait_mask and wait_options, as kernel/event.c's waiters do,
 * and osThreadFlagsSet, finding it satisfied, hands it the flags it saw
 * in wait_mask.
 *
 * Choices where the specification leaves one:
 *  - osThreadFlagsSet returns the flags as they are after the call: a
 *    waiter it woke has cleared the flags it waited for (the spec's own
 *    example).
 *  - osThreadFlagsWait with flags 0 is refused (osFlagsErrorParameter), as
 *    is an option bit other than osFlagsWaitAll and osFlagsNoClear.
 *  - The calls for the calling thread's own flags, from a thread that is
 *    not a CMSIS thread (main): Clear and Wait return osFlagsErrorUnknown,
 *    Get returns 0.
 *  - osDelay(0) is osErrorParameter, as the specification has it.
 */
#include "kernel/errors.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "os2.h"
#include "os2_thread.h"

#define FLAGS_VALID 0x7fffffffu
#define WAIT_OPTIONS (osFlagsWaitAll | osFlagsNoClear)

/* The wait_reason of a thread waiting for its flags (compared by address). */
static const char flags_reason[] = "thread flags";

static bool satisfied(uint32_t flags, uint32_t mask, uint32_t options)
{
	return (options & osFlagsWaitAll) ? (flags & mask) == mask : (flags & mask) != 0;
}

uint32_t osThreadFlagsSet(osThreadId_t thread_id, uint32_t flags)
{
	struct os2_thread *t = os2_thread_of(thread_id);

	if (t == NULL || (flags & ~FLAGS_VALID))
		return osFlagsErrorParameter;
	if (!os2_class_allows(t->obj.safety_class))
		return osFlagsErrorSafetyClass;

	uint32_t key = kernel_lock();
	if (t->ended) {
		kernel_unlock_quiet(key);
		return osFlagsErrorResource;
	}
	t->flags |= flags;
	uint32_t result = t->flags;
	struct thread *k = &t->thread;
	if (k->state != THREAD_BLOCKED || k->wait_reason != flags_reason ||
	    !satisfied(t->flags, k->wait_mask, k->wait_options)) {
		kernel_unlock_quiet(key); /* nobody to wake */
		return result;
	}
	uint32_t seen = t->flags;
	if (!(k->wait_options & osFlagsNoClear))
		t->flags &= ~k->wait_mask;
	result = t->flags;
	k->wait_mask = seen;
	sched_wake_locked(k, 0);
	kernel_unlock(key);
	return result;
}

uint32_t osThreadFlagsClear(uint32_t flags)
{
	if (os2_in_isr())
		return osFlagsErrorISR;
	struct os2_thread *self = os2_thread_self();
	if (self == NULL)
		return osFlagsErrorUnknown;
	if (flags & ~FLAGS_VALID)
		return osFlagsErrorParameter;

	uint32_t key = kernel_lock();
	uint32_t before = self->flags;
	self->flags &= ~flags;
	kernel_unlock_quiet(key);
	return before;
}

uint32_t osThreadFlagsGet(void)
{
	struct os2_thread *self = os2_thread_self();

	return self != NULL ? self->flags : 0;
}

uint32_t osThreadFlagsWait(uint32_t flags, uint32_t options, uint32_t timeout)
{
	if (os2_in_isr())
		return osFlagsErrorISR;
	struct os2_thread *self = os2_thread_self();
	if (self == NULL)
		return osFlagsErrorUnknown;
	if (flags == 0 || (flags & ~FLAGS_VALID) || (options & ~WAIT_OPTIONS))
		return osFlagsErrorParameter;

	uint32_t key = kernel_lock();
	uint32_t seen = self->flags;
	if (satisfied(seen, flags, options)) {
		if (!(options & osFlagsNoClear))
			self->flags &= ~flags;
		kernel_unlock_quiet(key);
		return seen;
	}
	if (timeout == 0) {
		kernel_unlock_quiet(key);
		return osFlagsErrorResource;
	}
	struct thread *k = &self->thread;
	k->wait_mask = flags;
	k->wait_options = options;
	sched_block_locked(NULL, self, flags_reason, os2_ticks(timeout));
	int err = sched_wait(key);
	if (err == 0)
		return k->wait_mask; /* what osThreadFlagsSet saw */
	return err == ERR_TIMEOUT ? osFlagsErrorTimeout : osFlagsErrorUnknown;
}

/* ---- generic wait ------------------------------------------------------ */

osStatus_t osDelay(uint32_t ticks)
{
	if (os2_in_isr())
		return osErrorISR;
	if (ticks == 0)
		return osErrorParameter;
	int err = thread_sleep(os2_ticks(ticks));
	return err == 0 ? osOK : osError;
}

osStatus_t osDelayUntil(uint32_t ticks)
{
	if (os2_in_isr())
		return osErrorISR;

	/* The distance is taken under the lock, so no tick can pass between
	 * it and the wait. */
	uint32_t key = kernel_lock();
	uint32_t delay = ticks - sched_ticks();
	if (delay == 0 || delay > TIMEOUT_MAX_TICKS) {
		kernel_unlock_quiet(key);
		return osErrorParameter; /* now, in the past, or too far */
	}
	int err = sched_block(NULL, NULL, "delay", delay, key);
	return err == ERR_TIMEOUT ? osOK : osError;
}
