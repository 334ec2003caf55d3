/* SPDX-License-Identifier: MIT */
/* The mutex calls as puppet steps (see mutex_steps.h). */
#include "mutex_steps.h"

static int lock(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return mutex_lock(s->mutex, s->ticks);
}

/* mutex_lock once its thread runs again: what sched_wait returns, the
 * result its waker gave (0 or ERR_OWNER_DIED: handed over; ERR_TIMEOUT,
 * ERR_DELETED). */
static int lock_resumed(struct puppet *self)
{
	return self->thread.wait_result;
}

static int unlock(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return mutex_unlock(s->mutex);
}

static int delete(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return mutex_delete(s->mutex);
}

static int init(struct puppet *self, const struct puppet_step *s)
{
	(void)self;
	return mutex_init(s->mutex, s->flags);
}

struct puppet_step step_lock(struct mutex *m, uint32_t timeout_ticks, int expect)
{
	return (struct puppet_step){ .op = PUPPET_LOCK, .what = "lock", .call = lock,
				     .resumed = lock_resumed, .mutex = m, .ticks = timeout_ticks,
				     .expect = expect };
}

struct puppet_step step_unlock(struct mutex *m, int expect)
{
	return (struct puppet_step){ .op = PUPPET_UNLOCK, .what = "unlock", .call = unlock,
				     .mutex = m, .expect = expect };
}

struct puppet_step step_delete(struct mutex *m, int expect)
{
	return (struct puppet_step){ .op = PUPPET_DELETE, .what = "delete", .call = delete,
				     .mutex = m, .expect = expect };
}

struct puppet_step step_init(struct mutex *m, uint32_t flags, int expect)
{
	return (struct puppet_step){ .op = PUPPET_INIT, .what = "init", .call = init,
				     .mutex = m, .flags = flags, .expect = expect };
}
