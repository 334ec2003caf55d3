/* SPDX-License-Identifier: MIT */
/*
 * Intrusive circular doubly-linked lists.
 *
 * A list is a head node whose next/prev point at itself when empty; an
 * element embeds a struct list_node and is found again with
 * list_entry().  Every operation is O(1).
 * A node that is on no list points at itself (list_node_init), so
 * list_node_linked() can tell.  No locking: callers hold the kernel lock.
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_node {
	struct list_node *next;
	struct list_node *prev;
};

#define list_entry(node, type, member) ((type *)((char *)(node) - offsetof(type, member)))

#define LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void list_init(struct list_node *head)
{
	head->next = head;
	head->prev = head;
}

static inline void list_node_init(struct list_node *node)
{
	list_init(node);
}

static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

static inline bool list_node_linked(const struct list_node *node)
{
	return node->next != node;
}

/* True when head holds exactly one element. */
static inline bool list_is_singular(const struct list_node *head)
{
	return !list_empty(head) && head->next == head->prev;
}

static inline void list_insert_between(struct list_node *node, struct list_node *prev,
				       struct list_node *next)
{
	node->prev = prev;
	node->next = next;
	prev->next = node;
	next->prev = node;
}

static inline void list_push_back(struct list_node *head, struct list_node *node)
{
	list_insert_between(node, head->prev, head);
}

static inline void list_push_front(struct list_node *head, struct list_node *node)
{
	list_insert_between(node, head, head->next);
}

/* Insert node before position (position may be the head: append). */
static inline void list_insert_before(struct list_node *position, struct list_node *node)
{
	list_insert_between(node, position->prev, position);
}

/* Takes node out of its list, its own links left stale: for a caller that
 * knows by other means whether node is linked (list_node_linked cannot
 * tell afterwards). */
static inline void list_unlink(struct list_node *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
}

static inline void list_remove(struct list_node *node)
{
	list_unlink(node);
	list_node_init(node);
}

static inline struct list_node *list_first(const struct list_node *head)
{
	return list_empty(head) ? NULL : head->next;
}

#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* Whether node is in the list at head: O(length), for self-checks. */
static inline bool list_contains(const struct list_node *head, const struct list_node *node)
{
	const struct list_node *pos;

	list_for_each(pos, head)
		if (pos == node)
			return true;
	return false;
}

/* Whether the list at head is well linked (next->prev == pos everywhere)
 * and holds at most max nodes: O(length), for self-checks. */
static inline bool list_sane(const struct list_node *head, unsigned max)
{
	const struct list_node *pos = head;
	unsigned n = 0;

	do {
		if (pos->next->prev != pos)
			return false;
		pos = pos->next;
	} while (pos != head && ++n <= max);
	return pos == head;
}

/* Safe against removal of pos inside the loop. */
#define list_for_each_safe(pos, tmp, head) \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); (pos) = (tmp), (tmp) = (pos)->next)

#endif
