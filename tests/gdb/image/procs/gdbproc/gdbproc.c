/* SPDX-License-Identifier: MIT */
/* The process the GDB tests (tests/gdb/test_process.py) look at: its
 * main thread waits for a message that never comes, so at gdb_checkpoint
 * it is blocked inside a syscall, on its kernel stack, with the user
 * code's frame on its own stack. */
#include "kestrel/user.h"

static int gdbproc_main(void)
{
	uint32_t message, sender;

	for (;;)
		u_ipc_receive(&message, sizeof(message), &sender, SYS_FOREVER);
	return 0;
}

PROCESS(gdbproc, 1, 1024, 256, .main = gdbproc_main, .priority = 10, .ceiling = 12);
