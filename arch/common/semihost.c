/* SPDX-License-Identifier: MIT */
/* ARM semihosting calls used by the kernel (see semihost.h). */
#include <stdint.h>

#include "semihost.h"

#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static int semihost_call(uint32_t op, const void *arg)
{
	register uint32_t r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = arg;

	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return (int)r0;
}

void semihost_exit(int status)
{
	const uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };

	semihost_call(SYS_EXIT_EXTENDED, block);
	for (;;)
		__asm__ volatile("wfi");
}
