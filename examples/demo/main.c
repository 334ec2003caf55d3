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
	processes_demo();
	printf("\nDone: all six parts ran.\n");
	return 0;
}
