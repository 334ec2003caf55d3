/* The ready queue (see readyq.h).  Invariant: bit p of bitmap is set
 * exactly when level[p] is non-empty. */
#include "kernel/readyq.h"

void readyq_init(struct readyq *q)
{
	q->bitmap = 0;
	for (unsigned p = 0; p < PRIORITY_LEVELS; p++)
		list_init(&q->level[p]);
}

void readyq_push_back(struct readyq *q, struct list_node *node, unsigned priority)
{
	list_push_back(&q->level[priority], node);
	q->bitmap |= 1u << priority;
}

void readyq_push_front(struct readyq *q, struct list_node *node, unsigned priority)
{
	list_push_front(&q->level[priority], node);
	q->bitmap |= 1u << priority;
}

void readyq_remove(struct readyq *q, struct list_node *node, unsigned priority)
{
	list_remove(node);
	if (list_empty(&q->level[priority]))
		q->bitmap &= ~(1u << priority);
}

struct list_node *readyq_rotate(struct readyq *q, unsigned priority)
{
	struct list_node *level = &q->level[priority];
	struct list_node *head = level->next;

	list_remove(head);
	list_push_back(level, head);
	return level->next;
}
