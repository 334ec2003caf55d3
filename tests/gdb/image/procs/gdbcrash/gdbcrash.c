/* SPDX-License-Identifier: MIT */
/* The process the GDB tests (tests/gdb/test_process.py) find ended: its
 * main thread writes through NULL at once, a MemManage fault that ends
 * the process.  gdb_image.c does not wait for it, so at gdb_checkpoint
 * it is a zombie with no threads and its fault record kept. */
#include "kestrel/user.h"

static int gdbcrash_main(void)
{
	*(volatile uint32_t *)0 = 0xdeadu;
	return 1;
}

PROCESS(gdbcrash, 1, 512, 256, .main = gdbcrash_main, .priority = 11, .ceiling = 12);
