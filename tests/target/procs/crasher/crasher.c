/* SPDX-License-Identifier: MIT */
/* process_lifecycle: faults as soon as it starts (a read through NULL). */
#include "kestrel/user.h"

static int crasher_main(void)
{
	return (int)*(volatile uint32_t *)0;
}

PROCESS(crasher, 1, 1024, 256, .main = crasher_main, .priority = 10, .ceiling = 12);
