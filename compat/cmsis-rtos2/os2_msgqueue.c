/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 message queues with message priorities, written here over
 * the kernel's internal wait interface (kernel/sched.h): the kernel's own
 * queue (kernel/queue.c) is FIFO only.
 *
 * Storage: msg_count slots, each a header (the link and the message's
 * priority) and msg_size bytes rounded up to a word.  A slot is on one of
 * two singly linked lists: the free list, or the queue, which is sorted
 * by priority, highest first, and FIFO among equal priorities: a Get
 * takes the head.  A Put goes behind the tail when its priority is not
 * above the tail's (every message of one priority, or falling ones: the
 * common case, O(1)), in front of the head when it is above the head's
 * (O(1)), and otherwise behind the last message of its priority or a
 * higher one, found by a walk from the head (O(queued messages)).  The
 * head and the tail make the two ends O(1) with two words; a tail per
 * priority would make every case O(1) but cost 256 of them per queue.
 *
 * Waiting, as in the kernel's queue: a Put that finds a receiver waiting
 * (the queue is then empty) copies its message straight into the
 * receiver's buffer; a Get from a full queue with a sender waiting takes
 * the head and then queues the most urgent sender's message, by its
 * priority, in the slot it freed.  A waiting thread's wait_buffer points
 * at its request on its own stack: the buffer and priority it gives or
 * wants.  Senders and receivers are woken most urgent thread first (the
 * kernel's wait queues: by thread priority, FIFO among equals).
 *
 * Guarded by the kernel lock, under which messages are copied (keep them
 * small).  Invariants: receivers wait only while count == 0, senders only
 * while count == capacity; head is NULL exactly when count == 0.
 *
 * Where the specification leaves a choice, or Kestrel differs:
 *  - A slot is 8 bytes of header and msg_size rounded up to a multiple
 *    of 4 (KESTREL_OS2_MESSAGE_QUEUE_MEM_SIZE); mq_mem must be 4-byte
 *    aligned; bytes beyond that size are left unused.
 *  - osMessageQueueReset drops every message; then threads waiting to put
 *    (most urgent first) put theirs while there is room, and return osOK.
 *  - osMessageQueueDelete wakes every waiting sender and receiver with
 *    osErrorResource.  A NULL msg_ptr is osErrorParameter.
 *  - A timeout beyond 2^31 - 1 ticks waits 2^31 - 1 ticks (os2_ticks).
 *  - attr_bits: osSafetyClass(n) gives the queue's safety class (else it
 *    is its creator's); Put, Get, Reset and Delete from a thread of a
 *    lower class return osErrorSafetyClass (a handler may).  Other bits
 *    are ignored.
 */
#include <string.h>

#include "kernel/waitq.h"
#include "os2.h"

/* A slot's header; the message follows it (msg_data). */
struct mq_msg {
	struct mq_msg *next; /* in the queue or the free list */
	uint32_t prio;       /* 0..255 */
};

struct os2_msgqueue {
	struct os2_object obj; /* OS2_MSGQUEUE_MAGIC */
	/* Guarded by the kernel lock. */
	struct mq_msg *head;   /* queued, most urgent first; NULL when empty */
	struct mq_msg *tail;   /* the last queued */
	struct mq_msg *free;   /* the free slots */
	uint32_t count;        /* messages queued */
	struct wait_queue senders;   /* while count == capacity */
	struct wait_queue receivers; /* while count == 0 */
	/* Fixed after osMessageQueueNew. */
	uint32_t capacity;
	uint32_t msg_size;
	void *slots;           /* the storage, for osMessageQueueDelete */
};

/* What a waiting thread's wait_buffer points at. */
struct mq_send {
	const void *msg;
	uint8_t prio;
};

struct mq_receive {
	void *msg;
	uint8_t *prio; /* NULL: not wanted */
};

_Static_assert(sizeof(struct mq_msg) == 8, "KESTREL_OS2_MESSAGE_QUEUE_MEM_SIZE counts 8 bytes "
	       "of header (32-bit targets)");
_Static_assert(sizeof(struct os2_msgqueue) <= KESTREL_OS2_MESSAGE_QUEUE_CB_SIZE,
	       "KESTREL_OS2_MESSAGE_QUEUE_CB_SIZE is too small");
_Static_assert(KESTREL_OS2_MESSAGE_QUEUE_CB_SIZE % 8 == 0,
	       "control block sizes are multiples of 8");

static inline void *msg_data(struct mq_msg *m)
{
	return m + 1;
}

static struct os2_msgqueue *msgqueue_of(osMessageQueueId_t mq_id)
{
	return os2_is(mq_id, OS2_MSGQUEUE_MAGIC) ? mq_id : NULL;
}

/* Messages are small and usually whole words: word by word when both
 * ends and the size allow, else memcpy. */
static inline void copy_msg(void *dst, const void *src, uint32_t bytes)
{
	if (__builtin_expect((((uintptr_t)dst | (uintptr_t)src | bytes) & 3u) != 0, 0)) {
		memcpy(dst, src, bytes);
		return;
	}
	uint32_t *d = dst;
	const uint32_t *s = src, *end = s + bytes / 4;
	do
		*d++ = *s++;
	while (s != end);
}

/* m goes behind the last queued message of a priority at or above its
 * own, which is not the tail: in front of the head, or after a walk. */
__attribute__((noinline)) static void enqueue_sorted(struct os2_msgqueue *mq, struct mq_msg *m)
{
	struct mq_msg *pos = mq->head;

	if (pos->prio < m->prio) {
		m->next = pos;
		mq->head = m;
		return;
	}
	/* The tail's priority is below m's, so the walk ends before it. */
	while (pos->next->prio >= m->prio)
		pos = pos->next;
	m->next = pos->next;
	pos->next = m;
}

/* Queues a message in a free slot (count < capacity). */
static inline void store(struct os2_msgqueue *mq, const void *msg, uint8_t prio)
{
	struct mq_msg *m = mq->free;

	mq->free = m->next;
	copy_msg(msg_data(m), msg, mq->msg_size);
	m->prio = prio;
	m->next = NULL;
	if (mq->head == NULL) {
		mq->head = m;
		mq->tail = m;
	} else if (__builtin_expect(mq->tail->prio >= prio, 1)) {
		mq->tail->next = m; /* behind its equals */
		mq->tail = m;
	} else {
		enqueue_sorted(mq, m);
	}
	mq->count++;
}

/* Takes the head message out into msg (count > 0). */
static inline void take(struct os2_msgqueue *mq, void *msg, uint8_t *prio)
{
	struct mq_msg *m = mq->head;

	mq->head = m->next; /* the tail is stale once head is NULL */
	copy_msg(msg, msg_data(m), mq->msg_size);
	if (prio != NULL)
		*prio = m->prio;
	m->next = mq->free;
	mq->free = m;
	mq->count--;
}

/**
 * osMessageQueueNew() - a queue of up to msg_count messages of msg_size
 * bytes each.
 *
 * The control block is attr->cb_mem or from the heap, the messages
 * attr->mq_mem (at least KESTREL_OS2_MESSAGE_QUEUE_MEM_SIZE(msg_count,
 * msg_size) bytes, 4-byte aligned) or from the heap.
 * Context: thread (NULL in an ISR).
 * Returns: the queue's ID; NULL for a count or size of 0, memory that is
 * too small or misaligned, no heap left, a call from an ISR, or a safety
 * class above the caller's after osKernelStart.
 */
osMessageQueueId_t osMessageQueueNew(uint32_t msg_count, uint32_t msg_size,
				     const osMessageQueueAttr_t *attr)
{
	static const osMessageQueueAttr_t none;
	const uint32_t header = sizeof(struct mq_msg);

	if (attr == NULL)
		attr = &none;
	if (os2_in_isr() || msg_count == 0 || msg_size == 0 || msg_size > UINT32_MAX - 3u - header)
		return NULL;
	uint32_t slot_bytes = header + ((msg_size + 3u) & ~3u);
	if (msg_count > UINT32_MAX / slot_bytes)
		return NULL;
	int safety_class = os2_new_class(attr->attr_bits);
	if (safety_class < 0)
		return NULL;

	bool cb_allocated, mem_allocated;
	struct os2_msgqueue *mq = os2_cb_get(attr->cb_mem, attr->cb_size, sizeof(*mq),
					     &cb_allocated);
	if (mq == NULL)
		return NULL;
	uint8_t *slots = os2_mem_get(attr->mq_mem, attr->mq_size, msg_count * slot_bytes,
				     4, &mem_allocated);
	if (slots == NULL) {
		if (cb_allocated)
			os2_free(mq);
		return NULL;
	}
	for (uint32_t i = msg_count; i-- > 0;) {
		struct mq_msg *m = (struct mq_msg *)(slots + i * slot_bytes);
		m->next = mq->free;
		mq->free = m;
	}
	wait_queue_init(&mq->senders, NULL);
	wait_queue_init(&mq->receivers, NULL);
	mq->capacity = msg_count;
	mq->msg_size = msg_size;
	mq->slots = slots;
	mq->obj.name = attr->name;
	mq->obj.flags = (cb_allocated ? OS2_CB_ALLOCATED : 0) |
			(mem_allocated ? OS2_MEM_ALLOCATED : 0);
	mq->obj.safety_class = (uint8_t)safety_class;
	os2_object_add(&mq->obj, OS2_MSGQUEUE_MAGIC);
	return mq;
}

/**
 * osMessageQueueGetName() - the name attr gave the queue.
 * Context: any.
 * Returns: the name; NULL if none, or mq_id is not a queue.
 */
const char *osMessageQueueGetName(osMessageQueueId_t mq_id)
{
	struct os2_msgqueue *mq = msgqueue_of(mq_id);

	return mq != NULL ? mq->obj.name : NULL;
}

/* The Put that cannot just queue its message: a receiver waits (the queue
 * is empty), or the queue is full.  Called with the lock held (key);
 * releases it. */
__attribute__((noinline)) static osStatus_t put_slow(struct os2_msgqueue *mq, const void *msg,
						     uint8_t prio, uint32_t ticks, uint32_t key)
{
	struct thread *receiver = wait_queue_first(&mq->receivers);

	if (receiver != NULL) {
		struct mq_receive *want = receiver->wait_buffer;
		copy_msg(want->msg, msg, mq->msg_size);
		if (want->prio != NULL)
			*want->prio = prio;
		sched_wake_locked(receiver, 0);
		kernel_unlock(key);
		return osOK;
	}
	if (ticks == TIMEOUT_NO_WAIT) {
		kernel_unlock_quiet(key);
		return osErrorResource;
	}
	/* In a thread (the caller refused a timeout in an ISR). */
	struct mq_send give = { msg, prio };
	sched_self()->wait_buffer = &give;
	return os2_status(sched_block(&mq->senders, mq, "message put", ticks, key));
}

/**
 * osMessageQueuePut() - queues the msg_size bytes at msg_ptr with
 * priority msg_prio (higher first; equal ones in order), waiting up to
 * timeout ticks for room (0: not at all; osWaitForever: for ever).
 * Context: any; in an ISR only with timeout 0.
 * Returns: osOK; osErrorResource (full, timeout 0; or the queue was
 * deleted while waiting); osErrorTimeout; osErrorParameter (not a queue,
 * msg_ptr NULL, or a timeout in an ISR); osErrorSafetyClass.
 */
osStatus_t osMessageQueuePut(osMessageQueueId_t mq_id, const void *msg_ptr, uint8_t msg_prio,
			     uint32_t timeout)
{
	struct os2_msgqueue *mq = msgqueue_of(mq_id);

	if (mq == NULL || msg_ptr == NULL || (timeout != 0 && os2_in_isr()))
		return osErrorParameter;
	if (os2_class_denied(mq))
		return osErrorSafetyClass;

	uint32_t key = kernel_lock();
	/* Room, and no receiver (receivers wait only on an empty queue). */
	uint32_t count = mq->count;
	if (__builtin_expect(count < mq->capacity &&
			     (count != 0 || list_empty(&mq->receivers.waiters)), 1)) {
		store(mq, msg_ptr, msg_prio);
		kernel_unlock_quiet(key); /* nobody was readied */
		return osOK;
	}
	return put_slow(mq, msg_ptr, msg_prio, os2_ticks(timeout), key);
}

/* The Get that cannot just take the head: the queue is empty, or full
 * with a sender waiting.  Called with the lock held (key); releases it. */
__attribute__((noinline)) static osStatus_t get_slow(struct os2_msgqueue *mq, void *msg,
						     uint8_t *prio, uint32_t ticks, uint32_t key)
{
	if (mq->count > 0) {
		take(mq, msg, prio);
		/* The queue was full: the most urgent sender's message moves in. */
		struct thread *sender = wait_queue_first(&mq->senders);
		const struct mq_send *give = sender->wait_buffer;
		store(mq, give->msg, give->prio);
		sched_wake_locked(sender, 0);
		kernel_unlock(key);
		return osOK;
	}
	if (ticks == TIMEOUT_NO_WAIT) {
		kernel_unlock_quiet(key);
		return osErrorResource;
	}
	struct mq_receive want = { msg, prio };
	sched_self()->wait_buffer = &want;
	return os2_status(sched_block(&mq->receivers, mq, "message get", ticks, key));
}

/**
 * osMessageQueueGet() - takes the most urgent message (the highest
 * priority, the oldest of it) into msg_ptr, and its priority into
 * *msg_prio unless msg_prio is NULL, waiting up to timeout ticks for one.
 * Context: any; in an ISR only with timeout 0.
 * Returns: osOK; osErrorResource (empty, timeout 0; or the queue was
 * deleted while waiting); osErrorTimeout; osErrorParameter (not a queue,
 * msg_ptr NULL, or a timeout in an ISR); osErrorSafetyClass.
 */
osStatus_t osMessageQueueGet(osMessageQueueId_t mq_id, void *msg_ptr, uint8_t *msg_prio,
			     uint32_t timeout)
{
	struct os2_msgqueue *mq = msgqueue_of(mq_id);

	if (mq == NULL || msg_ptr == NULL || (timeout != 0 && os2_in_isr()))
		return osErrorParameter;
	if (os2_class_denied(mq))
		return osErrorSafetyClass;

	uint32_t key = kernel_lock();
	/* A message, and no sender (senders wait only on a full queue). */
	uint32_t count = mq->count;
	if (__builtin_expect(count > 0 &&
			     (count != mq->capacity || list_empty(&mq->senders.waiters)), 1)) {
		take(mq, msg_ptr, msg_prio);
		kernel_unlock_quiet(key); /* nobody was readied */
		return osOK;
	}
	return get_slow(mq, msg_ptr, msg_prio, os2_ticks(timeout), key);
}

/**
 * osMessageQueueGetCapacity() - the most messages the queue holds.
 * Context: any.  Returns: the count; 0 if mq_id is not a queue.
 */
uint32_t osMessageQueueGetCapacity(osMessageQueueId_t mq_id)
{
	struct os2_msgqueue *mq = msgqueue_of(mq_id);

	return mq != NULL ? mq->capacity : 0;
}

/**
 * osMessageQueueGetMsgSize() - the size of a message.
 * Context: any.  Returns: bytes; 0 if mq_id is not a queue.
 */
uint32_t osMessageQueueGetMsgSize(osMessageQueueId_t mq_id)
{
	struct os2_msgqueue *mq = msgqueue_of(mq_id);

	return mq != NULL ? mq->msg_size : 0;
}

/**
 * osMessageQueueGetCount() - how many messages are queued.
 * Context: any.  Returns: the count; 0 if mq_id is not a queue.
 */
uint32_t osMessageQueueGetCount(osMessageQueueId_t mq_id)
{
	struct os2_msgqueue *mq = msgqueue_of(mq_id);

	return mq != NULL ? mq->count : 0;
}

/**
 * osMessageQueueGetSpace() - room for how many more messages.
 * Context: any.  Returns: the count; 0 if mq_id is not a queue.
 */
uint32_t osMessageQueueGetSpace(osMessageQueueId_t mq_id)
{
	struct os2_msgqueue *mq = msgqueue_of(mq_id);

	return mq != NULL ? mq->capacity - mq->count : 0;
}

/**
 * osMessageQueueReset() - drops every queued message; then the waiting
 * senders, most urgent first, queue theirs while there is room (and
 * return osOK).
 * Context: thread.
 * Returns: osOK; osErrorParameter (not a queue); osErrorSafetyClass;
 * osErrorISR.
 */
osStatus_t osMessageQueueReset(osMessageQueueId_t mq_id)
{
	if (os2_in_isr())
		return osErrorISR;
	struct os2_msgqueue *mq = msgqueue_of(mq_id);
	if (mq == NULL)
		return osErrorParameter;
	if (os2_class_denied(mq))
		return osErrorSafetyClass;

	uint32_t key = kernel_lock();
	if (mq->head != NULL) {
		mq->tail->next = mq->free;
		mq->free = mq->head;
		mq->head = NULL;
		mq->count = 0;
	}
	struct thread *sender;
	while (mq->count < mq->capacity && (sender = wait_queue_first(&mq->senders)) != NULL) {
		const struct mq_send *give = sender->wait_buffer;
		store(mq, give->msg, give->prio);
		sched_wake_locked(sender, 0);
	}
	kernel_unlock(key);
	return osOK;
}

/**
 * osMessageQueueDelete() - ends the queue: its waiting senders and
 * receivers return osErrorResource, and what the layer allocated for it
 * goes back to the heap.
 * Context: thread.
 * Returns: osOK; osErrorParameter (not a queue); osErrorSafetyClass;
 * osErrorISR.
 */
osStatus_t osMessageQueueDelete(osMessageQueueId_t mq_id)
{
	if (os2_in_isr())
		return osErrorISR;
	/* Checked and claimed under the lock: of two threads deleting it at
	 * once, exactly one goes on. */
	uint32_t key = kernel_lock();
	struct os2_msgqueue *mq = msgqueue_of(mq_id);
	if (mq == NULL || os2_class_denied(mq)) {
		kernel_unlock_quiet(key);
		return mq == NULL ? osErrorParameter : osErrorSafetyClass;
	}
	struct thread *t;
	while ((t = wait_queue_first(&mq->senders)) != NULL)
		sched_wake_locked(t, ERR_DELETED);
	while ((t = wait_queue_first(&mq->receivers)) != NULL)
		sched_wake_locked(t, ERR_DELETED);
	os2_object_remove_locked(&mq->obj);
	kernel_unlock(key);

	if (mq->obj.flags & OS2_MEM_ALLOCATED)
		os2_free(mq->slots);
	if (mq->obj.flags & OS2_CB_ALLOCATED)
		os2_free(mq);
	return osOK;
}
