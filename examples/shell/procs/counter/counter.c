/* SPDX-License-Identifier: MIT */
/*
 * A quiet unprivileged process for the shell to spawn and kill: it counts
 * in its own memory, sleeping between steps, and never prints (the
 * console belongs to the shell).  `ps` shows its regions; `kill <pid>`
 * ends it.
 */
#include "kestrel/user.h"

static volatile uint32_t steps;

static int counter_main(void)
{
	while (u_sleep(10) == 0)
		steps++;
	return 1;
}

PROCESS(counter, 1, 512, 256, .main = counter_main, .priority = 4, .ceiling = 8);
