#ifndef TESTS_HOST_SCHED_MODEL_H
#define TESTS_HOST_SCHED_MODEL_H

#include "kernel/thread.h"

/* A live, READY thread record at this base priority. */
void model_thread_init(struct thread *t, const char *name, unsigned priority);

#endif
