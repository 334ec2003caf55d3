/* SPDX-License-Identifier: MIT */
/*
 * The harness itself: an image that faults must fail its run, with the
 * fault decoded.  tools/run_tests.py counts this image as passed only if
 * it exits non-zero and its console shows every EXPECT-FAIL line's text.
 *
 * ARMv6-M has no UsageFault and no fault status registers: the fault is
 * a HardFault, decoded from the instruction at the stacked pc.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
#if defined(__ARM_ARCH_6M__)
	printf("EXPECT-FAIL: *** FAULT: HardFault\n");
	printf("EXPECT-FAIL: UDF: permanently undefined\n");
#else
	printf("EXPECT-FAIL: *** FAULT: UsageFault\n");
	printf("EXPECT-FAIL: UNDEFINSTR: undefined instruction\n");
#endif
	printf("EXPECT-FAIL: pc 0x\n");
	fflush(stdout);
	__asm__ volatile(".short 0xde00"); /* UDF #0: permanently undefined */
	printf("not reached\n");
	return 0;
}
