/* SPDX-License-Identifier: MIT */
/*
 * CMSIS-RTOS2 message queues (compat/cmsis-rtos2/os2_msgqueue.c) on the
 * target: FIFO order within a priority, higher priorities first (checked
 * against a model over a long run of puts and gets), blocked senders and
 * receivers with exact timeouts and their order, interrupt-handler calls,
 * Reset with waiting senders, deletion with waiters, odd message sizes,
 * invalid parameters, static and heap memory.
 *
 * The cases run in the runner thread at osPriorityNormal; helper threads
 * run above it, so they reach their blocking call as soon as they are
 * made.  A software-triggered IRQ runs code in handler mode.
 */
#include <malloc.h>
#include <stdint.h>
#include <string.h>

#include "arch.h"
#include "cmsis_test.h"
#include "test_isr.h"
#include "kestrel_os2.h"

#define HELPER_STACK_BYTES 768u

/* ---- helpers ----------------------------------------------------------- */

/* A helper thread puts msg (priority prio) or gets into msg, with
 * timeout, then records the result and when. */
struct helper {
	bool put;
	osMessageQueueId_t mq;
	uint32_t msg;
	uint8_t prio;
	uint32_t timeout;
	volatile osStatus_t result;
	volatile bool done;
	volatile uint32_t done_at;
};

static void helper_entry(void *arg)
{
	struct helper *h = arg;

	if (h->put)
		h->result = osMessageQueuePut(h->mq, &h->msg, h->prio, h->timeout);
	else
		h->result = osMessageQueueGet(h->mq, &h->msg, &h->prio, h->timeout);
	h->done_at = osKernelGetTickCount();
	h->done = true;
}

static void spawn(struct helper *h, bool put, osMessageQueueId_t mq, uint32_t msg,
		  uint8_t prio, uint32_t timeout, osPriority_t thread_prio)
{
	const osThreadAttr_t attr = {
		.name = put ? "sender" : "receiver",
		.stack_size = HELPER_STACK_BYTES,
		.priority = thread_prio,
	};

	h->put = put;
	h->mq = mq;
	h->msg = msg;
	h->prio = prio;
	h->timeout = timeout;
	h->result = (osStatus_t)1;
	h->done = false;
	CHECK(osThreadNew(helper_entry, h, &attr) != NULL);
}

static osStatus_t put(osMessageQueueId_t mq, uint32_t msg, uint8_t prio)
{
	return osMessageQueuePut(mq, &msg, prio, 0);
}

/* Gets a message and checks it is msg with priority prio. */
static void expect(osMessageQueueId_t mq, uint32_t msg, uint8_t prio)
{
	uint32_t got = ~msg;
	uint8_t got_prio = (uint8_t)~prio;

	CHECK_EQ(osMessageQueueGet(mq, &got, &got_prio, 0), osOK);
	CHECK_EQ(got, msg);
	CHECK_EQ(got_prio, prio);
}

/* A record of some other kind, and a misaligned pointer: neither is a queue. */
static uint32_t not_a_queue[16] = { 0x4f324d50u };
#define MISALIGNED ((void *)((uintptr_t)not_a_queue + 2))

/* ---- order ------------------------------------------------------------- */

static void test_fifo(void)
{
	const osMessageQueueAttr_t attr = { .name = "fifo" };
	osMessageQueueId_t mq = osMessageQueueNew(4, sizeof(uint32_t), &attr);
	uint32_t msg = 10;

	CHECK(mq != NULL);
	CHECK(strcmp(osMessageQueueGetName(mq), "fifo") == 0);
	CHECK_EQ(osMessageQueueGetCapacity(mq), 4);
	CHECK_EQ(osMessageQueueGetMsgSize(mq), 4);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);
	CHECK_EQ(osMessageQueueGetSpace(mq), 4);
	CHECK_EQ(osMessageQueuePut(mq, &msg, 0, 0), osOK);
	msg = 99; /* the queue holds a copy */
	CHECK_EQ(put(mq, 20, 0), osOK);
	CHECK_EQ(put(mq, 30, 0), osOK);
	CHECK_EQ(osMessageQueueGetCount(mq), 3);
	CHECK_EQ(osMessageQueueGetSpace(mq), 1);
	expect(mq, 10, 0);
	CHECK_EQ(put(mq, 40, 0), osOK);
	CHECK_EQ(put(mq, 50, 0), osOK);
	CHECK_EQ(osMessageQueueGetSpace(mq), 0);
	CHECK_EQ(put(mq, 60, 0), osErrorResource); /* full */
	CHECK_EQ(osMessageQueueGetCount(mq), 4);
	expect(mq, 20, 0);
	expect(mq, 30, 0);
	CHECK_EQ(osMessageQueueGet(mq, &msg, NULL, 0), osOK); /* msg_prio NULL */
	CHECK_EQ(msg, 40);
	expect(mq, 50, 0);
	CHECK_EQ(osMessageQueueGet(mq, &msg, NULL, 0), osErrorResource); /* empty */
	CHECK_EQ(msg, 40);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

static void test_priorities(void)
{
	osMessageQueueId_t mq = osMessageQueueNew(8, sizeof(uint32_t), NULL);
	static const uint8_t prios[] = { 1, 5, 3, 5, 0 };

	for (unsigned i = 0; i < 5; i++)
		CHECK_EQ(put(mq, 100 + i, prios[i]), osOK);
	expect(mq, 101, 5);
	expect(mq, 103, 5);
	expect(mq, 102, 3);
	expect(mq, 100, 1);
	expect(mq, 104, 0);

	/* Above the head, between, at the tail, below the tail. */
	CHECK_EQ(put(mq, 1, 2), osOK);
	CHECK_EQ(put(mq, 2, 9), osOK);
	CHECK_EQ(put(mq, 3, 255), osOK);
	CHECK_EQ(put(mq, 4, 2), osOK);
	CHECK_EQ(put(mq, 5, 9), osOK);
	CHECK_EQ(put(mq, 6, 0), osOK);
	CHECK_EQ(put(mq, 7, 255), osOK);
	CHECK_EQ(put(mq, 8, 3), osOK);
	expect(mq, 3, 255);
	expect(mq, 7, 255);
	expect(mq, 2, 9);
	expect(mq, 5, 9);
	expect(mq, 8, 3);
	expect(mq, 1, 2);
	expect(mq, 4, 2);
	expect(mq, 6, 0);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

/* A long pseudo-random run of puts and gets against a model: an array
 * kept sorted by priority, FIFO among equals. */
#define MODEL_SLOTS 6
static void test_model(void)
{
	osMessageQueueId_t mq = osMessageQueueNew(MODEL_SLOTS, sizeof(uint32_t), NULL);
	uint32_t model_msg[MODEL_SLOTS];
	uint8_t model_prio[MODEL_SLOTS];
	unsigned n = 0, failures = 0;
	uint32_t seed = 12345, next_msg = 1;

	for (unsigned step = 0; step < 2000 && failures == 0; step++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 16;
		if ((r & 1) != 0) {
			uint8_t prio = (uint8_t)((r >> 1) % 4); /* few: many equals */
			osStatus_t want = n < MODEL_SLOTS ? osOK : osErrorResource;
			failures += put(mq, next_msg, prio) != want;
			if (want == osOK) {
				unsigned at = n;
				while (at > 0 && model_prio[at - 1] < prio) {
					model_msg[at] = model_msg[at - 1];
					model_prio[at] = model_prio[at - 1];
					at--;
				}
				model_msg[at] = next_msg;
				model_prio[at] = prio;
				n++;
			}
			next_msg++;
		} else {
			uint32_t got = 0;
			uint8_t got_prio = 0xff;
			osStatus_t s = osMessageQueueGet(mq, &got, &got_prio, 0);
			if (n == 0) {
				failures += s != osErrorResource;
			} else {
				failures += s != osOK || got != model_msg[0];
				failures += got_prio != model_prio[0];
				n--;
				memmove(model_msg, model_msg + 1, n * sizeof(model_msg[0]));
				memmove(model_prio, model_prio + 1, n);
			}
		}
		failures += osMessageQueueGetCount(mq) != n;
	}
	CHECK_EQ(failures, 0);
	CHECK(next_msg > 500);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

/* ---- waiting ----------------------------------------------------------- */

static void test_timeouts(void)
{
	osMessageQueueId_t mq = osMessageQueueNew(2, sizeof(uint32_t), NULL);
	uint32_t msg = 7;

	uint32_t t0 = tick_start();
	CHECK_EQ(osMessageQueueGet(mq, &msg, NULL, 5), osErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 5);
	CHECK_EQ(msg, 7);
	CHECK_EQ(put(mq, 1, 0), osOK);
	CHECK_EQ(put(mq, 2, 0), osOK);
	t0 = tick_start();
	CHECK_EQ(osMessageQueuePut(mq, &msg, 0, 7), osErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 7);
	t0 = tick_start();
	CHECK_EQ(osMessageQueuePut(mq, &msg, 0, 1), osErrorTimeout);
	CHECK_EQ(osKernelGetTickCount() - t0, 1);
	CHECK_EQ(osMessageQueueGetCount(mq), 2);
	expect(mq, 1, 0);
	expect(mq, 2, 0);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

static void test_receivers(void)
{
	osMessageQueueId_t mq = osMessageQueueNew(2, sizeof(uint32_t), NULL);
	struct helper low, high;

	/* The more urgent receiver gets the first message, handed straight over. */
	spawn(&low, false, mq, 0, 0, osWaitForever, osPriorityAboveNormal);
	spawn(&high, false, mq, 0, 0, osWaitForever, osPriorityHigh);
	CHECK(!low.done && !high.done);
	CHECK_EQ(put(mq, 0x1111, 9), osOK);
	CHECK(high.done && !low.done);
	CHECK_EQ(high.result, osOK);
	CHECK_EQ(high.msg, 0x1111);
	CHECK_EQ(high.prio, 9);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);
	CHECK_EQ(put(mq, 0x2222, 4), osOK);
	CHECK(low.done);
	CHECK_EQ(low.result, osOK);
	CHECK_EQ(low.msg, 0x2222);
	CHECK_EQ(low.prio, 4);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);

	/* A timed receiver is woken by a put before its timeout... */
	uint32_t t0 = tick_start();
	spawn(&low, false, mq, 0, 0, 50, osPriorityAboveNormal);
	osDelay(3);
	CHECK(!low.done);
	CHECK_EQ(put(mq, 0x3333, 1), osOK);
	CHECK(low.done);
	CHECK_EQ(low.result, osOK);
	CHECK_EQ(low.msg, 0x3333);
	CHECK_EQ(low.done_at - t0, 3);
	/* ...and times out after exactly its ticks, with nothing. */
	t0 = tick_start();
	spawn(&low, false, mq, 0x5a5a, 0, 6, osPriorityAboveNormal);
	osDelay(10);
	CHECK(low.done);
	CHECK_EQ(low.result, osErrorTimeout);
	CHECK_EQ(low.done_at - t0, 6);
	CHECK_EQ(low.msg, 0x5a5a);
	CHECK_EQ(put(mq, 0x4444, 0), osOK); /* nobody waits now: it is queued */
	CHECK_EQ(osMessageQueueGetCount(mq), 1);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

static void test_senders(void)
{
	osMessageQueueId_t mq = osMessageQueueNew(2, sizeof(uint32_t), NULL);
	struct helper low, high;

	CHECK_EQ(put(mq, 0xa, 0), osOK);
	CHECK_EQ(put(mq, 0xb, 0), osOK);
	spawn(&low, true, mq, 0xd, 9, osWaitForever, osPriorityAboveNormal);
	spawn(&high, true, mq, 0xc, 7, osWaitForever, osPriorityHigh);
	CHECK(!low.done && !high.done);
	CHECK_EQ(osMessageQueueGetCount(mq), 2);
	/* A get frees a slot for the most urgent sender, whose message goes
	 * in by its own priority. */
	expect(mq, 0xa, 0);
	CHECK(high.done && !low.done);
	CHECK_EQ(high.result, osOK);
	CHECK_EQ(osMessageQueueGetCount(mq), 2);
	expect(mq, 0xc, 7);
	CHECK(low.done);
	CHECK_EQ(low.result, osOK);
	expect(mq, 0xd, 9);
	expect(mq, 0xb, 0);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);

	/* A timed sender gets room before its timeout... */
	CHECK_EQ(put(mq, 0xe, 1), osOK);
	CHECK_EQ(put(mq, 0xf, 1), osOK);
	uint32_t t0 = tick_start();
	spawn(&low, true, mq, 0x10, 1, 40, osPriorityAboveNormal);
	osDelay(2);
	CHECK(!low.done);
	expect(mq, 0xe, 1);
	CHECK(low.done);
	CHECK_EQ(low.result, osOK);
	CHECK_EQ(low.done_at - t0, 2);
	/* ...or times out after exactly its ticks, having put nothing. */
	t0 = tick_start();
	spawn(&low, true, mq, 0x11, 200, 3, osPriorityAboveNormal);
	osDelay(5);
	CHECK(low.done);
	CHECK_EQ(low.result, osErrorTimeout);
	CHECK_EQ(low.done_at - t0, 3);
	expect(mq, 0xf, 1);
	expect(mq, 0x10, 1);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

/* ---- interrupt handlers ------------------------------------------------ */

static osMessageQueueId_t isr_mq;
static uint32_t isr_msg;
static uint8_t isr_prio;
static osStatus_t isr_status[6];
static uint32_t isr_counts[5];

static void isr_put(void)
{
	isr_status[0] = osMessageQueuePut(isr_mq, &isr_msg, isr_prio, 0);
}

static void isr_get(void)
{
	isr_status[0] = osMessageQueueGet(isr_mq, &isr_msg, &isr_prio, 0);
}

static void isr_getters(void)
{
	isr_counts[0] = osMessageQueueGetCapacity(isr_mq);
	isr_counts[1] = osMessageQueueGetMsgSize(isr_mq);
	isr_counts[2] = osMessageQueueGetCount(isr_mq);
	isr_counts[3] = osMessageQueueGetSpace(isr_mq);
	isr_counts[4] = osMessageQueueGetName(isr_mq) != NULL &&
			strcmp(osMessageQueueGetName(isr_mq), "isr") == 0;
}

static void isr_refused(void)
{
	uint32_t msg = 0x77;

	isr_status[0] = osMessageQueuePut(isr_mq, &msg, 0, 1);
	isr_status[1] = osMessageQueuePut(isr_mq, &msg, 0, osWaitForever);
	isr_status[2] = osMessageQueueGet(isr_mq, &isr_msg, NULL, 1);
	isr_status[3] = osMessageQueueReset(isr_mq);
	isr_status[4] = osMessageQueueDelete(isr_mq);
	isr_status[5] = osMessageQueueNew(1, 4, NULL) == NULL ? osOK : osError;
}

static void test_isr(void)
{
	const osMessageQueueAttr_t attr = { .name = "isr" };

	isr_mq = osMessageQueueNew(2, sizeof(uint32_t), &attr);
	isr_msg = 0x1234;
	isr_prio = 3;
	in_isr(isr_put);
	CHECK_EQ(isr_status[0], osOK);
	isr_msg = 0x5678;
	isr_prio = 8;
	in_isr(isr_put);
	CHECK_EQ(isr_status[0], osOK);
	in_isr(isr_put);
	CHECK_EQ(isr_status[0], osErrorResource); /* full */
	in_isr(isr_getters);
	CHECK_EQ(isr_counts[0], 2);
	CHECK_EQ(isr_counts[1], 4);
	CHECK_EQ(isr_counts[2], 2);
	CHECK_EQ(isr_counts[3], 0);
	CHECK_EQ(isr_counts[4], 1);
	in_isr(isr_get);
	CHECK_EQ(isr_status[0], osOK);
	CHECK_EQ(isr_msg, 0x5678);
	CHECK_EQ(isr_prio, 8);

	/* Timeouts, Reset, Delete and New are refused in a handler, room or not. */
	in_isr(isr_refused);
	CHECK_EQ(isr_status[0], osErrorParameter);
	CHECK_EQ(isr_status[1], osErrorParameter);
	CHECK_EQ(isr_status[2], osErrorParameter);
	CHECK_EQ(isr_status[3], osErrorISR);
	CHECK_EQ(isr_status[4], osErrorISR);
	CHECK_EQ(isr_status[5], osOK);
	CHECK_EQ(osMessageQueueGetCount(isr_mq), 1); /* not reset, not deleted */
	CHECK_EQ(isr_msg, 0x5678);

	in_isr(isr_get);
	CHECK_EQ(isr_status[0], osOK);
	CHECK_EQ(isr_msg, 0x1234);
	CHECK_EQ(isr_prio, 3);
	in_isr(isr_get);
	CHECK_EQ(isr_status[0], osErrorResource); /* empty */

	/* A put in a handler hands the message to a waiting receiver. */
	struct helper h;
	spawn(&h, false, isr_mq, 0, 0, osWaitForever, osPriorityHigh);
	CHECK(!h.done);
	isr_msg = 0xfeed;
	isr_prio = 200;
	in_isr(isr_put);
	CHECK_EQ(isr_status[0], osOK);
	CHECK(h.done);
	CHECK_EQ(h.result, osOK);
	CHECK_EQ(h.msg, 0xfeed);
	CHECK_EQ(h.prio, 200);
	CHECK_EQ(osMessageQueueGetCount(isr_mq), 0);

	/* A get in a handler lets a waiting sender put. */
	CHECK_EQ(put(isr_mq, 1, 0), osOK);
	CHECK_EQ(put(isr_mq, 2, 0), osOK);
	spawn(&h, true, isr_mq, 3, 1, osWaitForever, osPriorityHigh);
	CHECK(!h.done);
	in_isr(isr_get);
	CHECK_EQ(isr_status[0], osOK);
	CHECK_EQ(isr_msg, 1);
	CHECK(h.done);
	CHECK_EQ(h.result, osOK);
	expect(isr_mq, 3, 1);
	expect(isr_mq, 2, 0);
	CHECK_EQ(osMessageQueueDelete(isr_mq), osOK);
}

/* ---- reset and delete -------------------------------------------------- */

static void test_reset(void)
{
	osMessageQueueId_t mq = osMessageQueueNew(2, sizeof(uint32_t), NULL);
	struct helper a, h, r;

	CHECK_EQ(osMessageQueueReset(mq), osOK); /* empty: nothing to do */
	CHECK_EQ(put(mq, 1, 0), osOK);
	CHECK_EQ(osMessageQueueReset(mq), osOK);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);
	CHECK_EQ(osMessageQueueGetSpace(mq), 2);
	CHECK_EQ(put(mq, 2, 4), osOK);
	CHECK_EQ(put(mq, 3, 4), osOK);
	spawn(&a, true, mq, 0xa, 3, osWaitForever, osPriorityAboveNormal);
	spawn(&h, true, mq, 0xb, 2, osWaitForever, osPriorityHigh);
	spawn(&r, true, mq, 0xc, 1, osWaitForever, osPriorityRealtime);
	CHECK(!a.done && !h.done && !r.done);
	/* The queued messages go; the two most urgent senders put theirs. */
	CHECK_EQ(osMessageQueueReset(mq), osOK);
	CHECK(r.done && h.done && !a.done);
	CHECK_EQ(r.result, osOK);
	CHECK_EQ(h.result, osOK);
	CHECK_EQ(osMessageQueueGetCount(mq), 2);
	expect(mq, 0xb, 2); /* the queue frees a slot: the last sender puts */
	CHECK(a.done);
	CHECK_EQ(a.result, osOK);
	expect(mq, 0xa, 3);
	expect(mq, 0xc, 1);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

static uint64_t queue_cb[KESTREL_OS2_MESSAGE_QUEUE_CB_SIZE / 8];
static uint64_t queue_mem[(KESTREL_OS2_MESSAGE_QUEUE_MEM_SIZE(3, 13) + 7) / 8];

static void test_delete_waiters(void)
{
	const osMessageQueueAttr_t attr = {
		.cb_mem = queue_cb, .cb_size = sizeof(queue_cb),
		.mq_mem = queue_mem, .mq_size = sizeof(queue_mem),
	};
	osMessageQueueId_t mq = osMessageQueueNew(1, sizeof(uint32_t), &attr);
	struct helper a, b;

	/* Receivers of an empty queue. */
	spawn(&a, false, mq, 0x99, 0, osWaitForever, osPriorityAboveNormal);
	spawn(&b, false, mq, 0x99, 0, 1000, osPriorityHigh);
	CHECK(!a.done && !b.done);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
	CHECK(a.done && b.done);
	CHECK_EQ(a.result, osErrorResource);
	CHECK_EQ(b.result, osErrorResource);
	CHECK_EQ(a.msg, 0x99);

	/* A sender to a full queue. */
	mq = osMessageQueueNew(1, sizeof(uint32_t), &attr);
	CHECK(mq != NULL);
	CHECK_EQ(put(mq, 5, 0), osOK);
	spawn(&a, true, mq, 6, 0, osWaitForever, osPriorityAboveNormal);
	CHECK(!a.done);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
	CHECK(a.done);
	CHECK_EQ(a.result, osErrorResource);

	/* The ID is dead (its control block is static: safe to look at). */
	uint32_t msg = 1;
	CHECK(osMessageQueueGetName(mq) == NULL);
	CHECK_EQ(osMessageQueuePut(mq, &msg, 0, 0), osErrorParameter);
	CHECK_EQ(osMessageQueueGet(mq, &msg, NULL, 0), osErrorParameter);
	CHECK_EQ(osMessageQueueGetCapacity(mq), 0);
	CHECK_EQ(osMessageQueueGetCount(mq), 0);
	CHECK_EQ(osMessageQueueReset(mq), osErrorParameter);
	CHECK_EQ(osMessageQueueDelete(mq), osErrorParameter);
}

/* ---- sizes and memory -------------------------------------------------- */

static void test_odd_sizes(void)
{
	osMessageQueueId_t mq3 = osMessageQueueNew(3, 3, NULL);
	uint8_t buf[20], out[20];
	uint8_t prio;

	CHECK_EQ(osMessageQueueGetMsgSize(mq3), 3);
	/* From and to odd addresses; only 3 bytes are written. */
	memcpy(buf + 1, "abc", 3);
	CHECK_EQ(osMessageQueuePut(mq3, buf + 1, 1, 0), osOK);
	memcpy(buf + 1, "xyz", 3);
	CHECK_EQ(osMessageQueuePut(mq3, buf + 1, 2, 0), osOK);
	memset(out, '.', sizeof(out));
	CHECK_EQ(osMessageQueueGet(mq3, out + 3, &prio, 0), osOK);
	CHECK(memcmp(out, "...xyz....", 10) == 0);
	CHECK_EQ(prio, 2);
	CHECK_EQ(osMessageQueueGet(mq3, out, &prio, 0), osOK);
	CHECK(memcmp(out, "abcxyz....", 10) == 0);
	CHECK_EQ(prio, 1);
	CHECK_EQ(osMessageQueueDelete(mq3), osOK);

	/* 13 bytes, in exactly the static memory the macro asks for. */
	const uint32_t size = KESTREL_OS2_MESSAGE_QUEUE_MEM_SIZE(3, 13);
	osMessageQueueAttr_t attr = {
		.name = "thirteen",
		.cb_mem = queue_cb, .cb_size = sizeof(queue_cb),
		.mq_mem = queue_mem, .mq_size = size,
	};
	size_t heap = heap_in_use();
	osMessageQueueId_t mq = osMessageQueueNew(3, 13, &attr);
	CHECK(mq == (void *)queue_cb);
	CHECK_EQ(heap_in_use(), heap); /* nothing from the heap */
	CHECK_EQ(osMessageQueueGetMsgSize(mq), 13);
	for (unsigned i = 0; i < 3; i++) {
		memset(buf, 'a' + i, 13);
		CHECK_EQ(osMessageQueuePut(mq, buf, (uint8_t)i, 0), osOK);
	}
	/* The slots do not overlap: each message comes back whole. */
	for (unsigned i = 3; i-- > 0;) {
		memset(out, '.', sizeof(out));
		CHECK_EQ(osMessageQueueGet(mq, out, &prio, 0), osOK);
		CHECK_EQ(prio, i);
		for (unsigned j = 0; j < 13; j++)
			CHECK_EQ(out[j], 'a' + i);
		CHECK_EQ(out[13], '.');
	}
	CHECK_EQ(osMessageQueueDelete(mq), osOK);

	attr.mq_size = size - 1;
	CHECK(osMessageQueueNew(3, 13, &attr) == NULL);
	attr.mq_size = size;
	attr.mq_mem = (uint8_t *)queue_mem + 2;
	CHECK(osMessageQueueNew(3, 13, &attr) == NULL);
	attr.mq_mem = queue_mem;
	attr.cb_size = 8;
	CHECK(osMessageQueueNew(3, 13, &attr) == NULL);
	attr.cb_size = sizeof(queue_cb);
	attr.cb_mem = (uint8_t *)queue_cb + 2;
	CHECK(osMessageQueueNew(3, 13, &attr) == NULL);
}

/* A receiver of 13-byte messages, handed one straight. */
static uint8_t big_out[16];
static volatile osStatus_t big_result;
static volatile bool big_done;

static void big_receiver(void *arg)
{
	big_result = osMessageQueueGet(arg, big_out, NULL, osWaitForever);
	big_done = true;
}

static void test_odd_handover(void)
{
	const osThreadAttr_t thread = {
		.stack_size = HELPER_STACK_BYTES,
		.priority = osPriorityHigh,
	};
	osMessageQueueId_t mq = osMessageQueueNew(1, 13, NULL);
	uint8_t buf[16];

	memset(big_out, '.', sizeof(big_out));
	big_done = false;
	CHECK(osThreadNew(big_receiver, mq, &thread) != NULL);
	CHECK(!big_done);
	memcpy(buf, "0123456789abcdef", 16);
	CHECK_EQ(osMessageQueuePut(mq, buf + 1, 0, 0), osOK);
	CHECK(big_done);
	CHECK_EQ(big_result, osOK);
	CHECK(memcmp(big_out, "123456789abcd...", 16) == 0);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

static void test_heap(void)
{
	size_t heap = heap_in_use();
	osMessageQueueId_t mq = osMessageQueueNew(10, 16, NULL);

	CHECK(mq != NULL);
	CHECK(heap_in_use() >= heap + 10 * 16);
	CHECK(osMessageQueueGetName(mq) == NULL);
	CHECK_EQ(put(mq, 1, 0), osOK); /* deleted with a message in it */
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
	CHECK_EQ(heap_in_use(), heap);
}

/* ---- invalid parameters ------------------------------------------------ */

static void test_invalid(void)
{
	osMessageQueueId_t mq = osMessageQueueNew(2, sizeof(uint32_t), NULL);
	uint32_t msg = 3;
	uint8_t prio = 77;

	CHECK(osMessageQueueNew(0, 4, NULL) == NULL);
	CHECK(osMessageQueueNew(4, 0, NULL) == NULL);
	CHECK(osMessageQueueNew(0x20000000u, 4, NULL) == NULL); /* bytes overflow */
	CHECK(osMessageQueueNew(1, UINT32_MAX, NULL) == NULL);
	CHECK(osMessageQueueNew(1, 0x10000000u, NULL) == NULL); /* no such heap */

	CHECK_EQ(put(mq, 1, 0), osOK);
	CHECK_EQ(osMessageQueuePut(mq, NULL, 0, 0), osErrorParameter);
	CHECK_EQ(osMessageQueuePut(mq, NULL, 0, 10), osErrorParameter);
	CHECK_EQ(osMessageQueueGet(mq, NULL, &prio, 0), osErrorParameter);
	CHECK_EQ(osMessageQueueGet(mq, NULL, &prio, 10), osErrorParameter);
	CHECK_EQ(prio, 77);
	CHECK_EQ(osMessageQueueGetCount(mq), 1); /* nothing changed */

	void *ids[] = { NULL, not_a_queue, MISALIGNED };
	for (unsigned i = 0; i < 3; i++) {
		CHECK(osMessageQueueGetName(ids[i]) == NULL);
		CHECK_EQ(osMessageQueuePut(ids[i], &msg, 0, 0), osErrorParameter);
		CHECK_EQ(osMessageQueuePut(ids[i], &msg, 0, 5), osErrorParameter);
		CHECK_EQ(osMessageQueueGet(ids[i], &msg, &prio, 0), osErrorParameter);
		CHECK_EQ(osMessageQueueGet(ids[i], &msg, &prio, 5), osErrorParameter);
		CHECK_EQ(osMessageQueueGetCapacity(ids[i]), 0);
		CHECK_EQ(osMessageQueueGetMsgSize(ids[i]), 0);
		CHECK_EQ(osMessageQueueGetCount(ids[i]), 0);
		CHECK_EQ(osMessageQueueGetSpace(ids[i]), 0);
		CHECK_EQ(osMessageQueueReset(ids[i]), osErrorParameter);
		CHECK_EQ(osMessageQueueDelete(ids[i]), osErrorParameter);
	}
	CHECK_EQ(msg, 3);
	CHECK_EQ(prio, 77);
	CHECK_EQ(not_a_queue[0], 0x4f324d50u); /* untouched */
	expect(mq, 1, 0);
	CHECK_EQ(osMessageQueueDelete(mq), osOK);
}

static void cases(void)
{
	ktest_run("msgqueue.fifo", test_fifo);
	ktest_run("msgqueue.priorities", test_priorities);
	ktest_run("msgqueue.model", test_model);
	ktest_run("msgqueue.timeouts", test_timeouts);
	ktest_run("msgqueue.receivers", test_receivers);
	ktest_run("msgqueue.senders", test_senders);
	ktest_run("msgqueue.isr", test_isr);
	ktest_run("msgqueue.reset", test_reset);
	ktest_run("msgqueue.delete_waiters", test_delete_waiters);
	ktest_run("msgqueue.odd_sizes", test_odd_sizes);
	ktest_run("msgqueue.odd_handover", test_odd_handover);
	ktest_run("msgqueue.heap", test_heap);
	ktest_run("msgqueue.invalid", test_invalid);
}

int main(void)
{
	return cmsis_test_main(cases);
}
