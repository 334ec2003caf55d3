/* SPDX-License-Identifier: MIT */
/*
 * The ready queue: one FIFO per priority level and a bitmap of the
 * non-empty levels, so the highest ready priority is at most two
 * count-leading-zeros away (O(1), whatever the number of threads).
 *
 * Priorities are 0..PRIORITY_LEVELS-1 (64 levels, or 32 with
 * CONFIG_PRIORITY_LEVELS=32), higher is more urgent; level 0 is the idle
 * thread's.  64 levels hold CMSIS-RTOS2's 55 thread priorities one to a
 * level; the bitmap is then two words, the upper one tested first.  The running thread stays at the head of its level,
 * so a thread that is preempted resumes before its equals, and round
 * robin is a rotation of one level.
 *
 * Pure data structure: no locking, no CPU access; the host tests drive it
 * directly.
 */
#ifndef KERNEL_READYQ_H
#define KERNEL_READYQ_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/config.h"
#include "kernel/list.h"

#define PRIORITY_LEVELS CONFIG_PRIORITY_LEVELS
#define PRIORITY_IDLE 0
#define PRIORITY_MIN 1
#define PRIORITY_MAX (PRIORITY_LEVELS - 1)

_Static_assert(PRIORITY_LEVELS == 32 || PRIORITY_LEVELS == 64,
	       "CONFIG_PRIORITY_LEVELS: 32 or 64");
#define READYQ_WORDS (PRIORITY_LEVELS / 32)

struct readyq {
	/* bit p % 32 of word p / 32 set <=> level[p] is not empty */
	uint32_t bitmap[READYQ_WORDS];
	struct list_node level[PRIORITY_LEVELS];
};

/* Whether level p is marked non-empty (for checks). */
static inline bool readyq_marked(const struct readyq *q, unsigned priority)
{
	return (q->bitmap[priority / 32] >> (priority % 32)) & 1u;
}

/* Whether no level is marked. */
static inline bool readyq_none(const struct readyq *q)
{
#if READYQ_WORDS == 2
	return (q->bitmap[0] | q->bitmap[1]) == 0;
#else
	return q->bitmap[0] == 0;
#endif
}

void readyq_init(struct readyq *q);

/* The operations are inline: they are on every switch and wake-up. */

static inline void readyq_push_back(struct readyq *q, struct list_node *node, unsigned priority)
{
	list_push_back(&q->level[priority], node);
	q->bitmap[priority / 32] |= 1u << (priority % 32);
}

static inline void readyq_push_front(struct readyq *q, struct list_node *node, unsigned priority)
{
	list_push_front(&q->level[priority], node);
	q->bitmap[priority / 32] |= 1u << (priority % 32);
}

static inline void readyq_remove(struct readyq *q, struct list_node *node, unsigned priority)
{
	list_remove(node);
	if (list_empty(&q->level[priority]))
		q->bitmap[priority / 32] &= ~(1u << (priority % 32));
}

/* Highest non-empty level; the queue must not be empty. */
static inline unsigned readyq_top_priority(const struct readyq *q)
{
#if READYQ_WORDS == 2
	if (q->bitmap[1] != 0)
		return 63u - (unsigned)__builtin_clz(q->bitmap[1]);
#endif
	return 31u - (unsigned)__builtin_clz(q->bitmap[0]);
}

/* First node of the highest non-empty level; the queue must not be empty. */
static inline struct list_node *readyq_first(const struct readyq *q)
{
	return q->level[readyq_top_priority(q)].next;
}

/* Moves the head of a non-empty level to its tail (round robin); returns
 * the new head. */
static inline struct list_node *readyq_rotate(struct readyq *q, unsigned priority)
{
	struct list_node *level = &q->level[priority];
	struct list_node *head = level->next;
	struct list_node *second = head->next;
	struct list_node *tail = level->prev;

	if (second == level)
		return head; /* alone on its level */
	/* level, head, second ... tail  ->  level, second ... tail, head */
	level->next = second;
	second->prev = level;
	tail->next = head;
	head->prev = tail;
	head->next = level;
	level->prev = head;
	return second;
}

#endif
