/*
 * The harness itself: an image that faults must fail its run, with the
 * fault decoded.  tools/run_tests.py counts this image as passed only if
 * it exits non-zero and its console shows every EXPECT-FAIL line's text.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	printf("EXPECT-FAIL: *** FAULT: UsageFault\n");
	printf("EXPECT-FAIL: UNDEFINSTR: undefined instruction\n");
	printf("EXPECT-FAIL: pc 0x\n");
	fflush(stdout);
	__asm__ volatile(".short 0xde00"); /* UDF #0: permanently undefined */
	printf("not reached\n");
	return 0;
}
