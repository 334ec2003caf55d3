/* SPDX-License-Identifier: MIT */
/*
 * The lifecycle test's process with several threads when one faults:
 * a sleeper blocked inside a syscall (u_sem_take, forever), a spinner
 * in its own code holding a mutex, then the main thread writes through
 * NULL.  The whole process must end, each thread by its own path.
 */
#include "kestrel/user.h"

static int sem, mutex;
static volatile uint32_t spins;

static void sleeper(void *arg)
{
	(void)arg;
	u_sem_take(sem, SYS_FOREVER); /* never given: ended by the fault */
}

static void spinner(void *arg)
{
	(void)arg;
	u_mutex_lock(mutex, SYS_FOREVER);
	for (;;)
		spins++;
}

static int multi_main(void)
{
	sem = u_sem_create(0, 1);
	mutex = u_mutex_create(0);
	if (sem < 0 || mutex < 0 || u_thread_create(sleeper, 0, 9) < 0 ||
	    u_thread_create(spinner, 0, 9) < 0)
		return 1;
	while (spins == 0)
		u_sleep(1); /* both started: one blocked, one computing */
	*(volatile uint32_t *)0 = 1;
	return 2;
}

PROCESS(multi, 3, 512, 256, .main = multi_main, .priority = 10, .ceiling = 12);
