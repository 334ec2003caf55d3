/* SPDX-License-Identifier: MIT */
/*
 * The default demo (make run): the scheduler's rules, the classic
 * threading demos, then isolated processes, one part after another (see
 * demo.h for the parts and the file that holds each).  On a board with a
 * user LED it blinks all along (heartbeat.c), and after the last part.
 */
#include <stdio.h>

#include "kernel/config.h"
#include "kernel/thread.h"

#include "demo.h"

int main(void)
{
	bool blinking = heartbeat_start();

	scheduling_demo();
	logging_demo();
	counter_demo();
	inversion_demo();
	if (processes_demo())
		printf("\nDone: all six parts ran.\n");
	else
		printf("\nDone: parts 1 to 5 ran; part 6 did not run (the reason is above).\n");
	if (blinking) {
		/* On a real board there is nothing to return to: the LED
		 * goes on blinking, the sign that the tick still runs. */
		printf("The board's LED blinks on, once a second.\n");
		for (;;)
			thread_sleep(CONFIG_TICK_HZ);
	}
	return 0;
}
