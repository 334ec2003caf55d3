/* SPDX-License-Identifier: MIT */
/* A process the GDB tests (tests/gdb/test_process.py) look at: its main
 * thread is below spinner's priority, so it is READY at gdb_checkpoint
 * and has never run.  Its context is the first one the kernel built, as
 * the switch keeps any unprivileged thread stopped in its own code: on
 * its kernel stack, with the hardware frame on its own stack. */
#include "kestrel/user.h"

static volatile uint32_t gdbidle_runs;

static int gdbidle_main(void)
{
	for (;;)
		gdbidle_runs++;
	return 0;
}

PROCESS(gdbidle, 1, 512, 64, .main = gdbidle_main, .priority = 7, .ceiling = 7);
