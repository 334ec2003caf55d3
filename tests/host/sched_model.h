/* SPDX-License-Identifier: MIT */
#ifndef TESTS_HOST_SCHED_MODEL_H
#define TESTS_HOST_SCHED_MODEL_H

#include "kernel/thread.h"

/* A live, READY thread record at this base priority. */
void model_thread_init(struct thread *t, const char *name, unsigned priority);

/* Threads start in this process (ceiling PRIORITY_MAX). */
extern struct process model_process;

#endif
