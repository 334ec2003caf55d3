/* SPDX-License-Identifier: MIT */
/* A process that says hello, and checks its data was initialised. */
#include "kestrel/user.h"

static int counter = 41;
static int zeroed;

static int hello_main(void)
{
	counter++;
	u_printf("hello from pid %d: counter %d zeroed %d\n", u_getpid(), counter, zeroed);
	return counter + zeroed;
}

PROCESS(hello, 2, 1024, 1024, .main = hello_main, .priority = 10, .ceiling = 12);
