/* SPDX-License-Identifier: MIT */
/*
 * The demo's crasher process (part 6): works a little, then writes to
 * the start of RAM (the board's memory map, linker/cortex-m.ld): the
 * bottom of the kernel's exception stack (MSP), outside every region of
 * this process.  The MPU refuses the store: a MemManage fault, which the
 * kernel contains by ending this process only.  A supervisor in main's
 * process restarts it (process_supervise).
 */
#include <stdint.h>

#include "kestrel/user.h"

/* The address only: a process may name the board's memory map. */
extern char __ram_origin[];
#define KERNEL_RAM ((volatile uint32_t *)__ram_origin)

static int crasher_main(void)
{
	int pid = u_getpid();
	uint32_t sum = 0;

	for (uint32_t step = 1; step <= 3; step++) {
		sum += step * step;
		u_sleep(3);
	}
	u_printf("  crasher (pid %d): worked (sum %lu); now writing to kernel RAM at %p\n", pid,
		 (unsigned long)sum, (void *)KERNEL_RAM);
	*KERNEL_RAM = sum;
	u_printf("  crasher (pid %d): the write went through!\n", pid);
	return 1;
}

PROCESS(crasher, 1, 1024, 512, .main = crasher_main, .priority = 9, .ceiling = 12);
