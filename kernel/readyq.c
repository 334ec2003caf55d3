/* SPDX-License-Identifier: MIT */
/* The ready queue (see readyq.h).  Invariant: level p is marked in the
 * bitmap exactly when level[p] is non-empty. */
#include "kernel/readyq.h"

void readyq_init(struct readyq *q)
{
	for (unsigned w = 0; w < READYQ_WORDS; w++)
		q->bitmap[w] = 0;
	for (unsigned p = 0; p < PRIORITY_LEVELS; p++)
		list_init(&q->level[p]);
}
