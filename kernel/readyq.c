/* SPDX-License-Identifier: MIT */
/* The ready queue (see readyq.h).  Invariant: bit p of bitmap is set
 * exactly when level[p] is non-empty. */
#include "kernel/readyq.h"

void readyq_init(struct readyq *q)
{
	q->bitmap = 0;
	for (unsigned p = 0; p < PRIORITY_LEVELS; p++)
		list_init(&q->level[p]);
}
