/* SPDX-License-Identifier: MIT */
/*
 * The default demo (make run): the scheduler's rules, the classic
 * threading demos, then isolated processes, one part after another (see
 * demo.h for the parts and the file that holds each).
 */
#include <stdio.h>

#include "demo.h"

int main(void)
{
	scheduling_demo();
	logging_demo();
	counter_demo();
	inversion_demo();
	if (processes_demo())
		printf("\nDone: all six parts ran.\n");
	else
		printf("\nDone: parts 1 to 5 ran; part 6 did not run (the reason is above).\n");
	return 0;
}
