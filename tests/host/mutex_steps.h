/* SPDX-License-Identifier: MIT */
/* The mutex calls as puppet steps (puppet.h), made as the running thread. */
#ifndef TESTS_HOST_MUTEX_STEPS_H
#define TESTS_HOST_MUTEX_STEPS_H

#include <stdint.h>

#include "kernel/mutex.h"
#include "puppet.h"

/* mutex_lock(m, timeout_ticks); it blocks if m is taken and the timeout
 * lets it wait. */
struct puppet_step step_lock(struct mutex *m, uint32_t timeout_ticks, int expect);
struct puppet_step step_unlock(struct mutex *m, int expect);
struct puppet_step step_delete(struct mutex *m, int expect);
struct puppet_step step_init(struct mutex *m, uint32_t flags, int expect);

#endif
