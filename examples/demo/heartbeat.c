/* SPDX-License-Identifier: MIT */
/*
 * The demo's heartbeat: on a board with a user LED (board_led_set,
 * board.h) a periodic kernel timer toggles it twice a second, so the LED
 * blinks once a second while the demo runs, and on after it has ended.
 * The callback runs in the tick interrupt, not in a thread, so it leaves
 * the scheduler's traces the demo prints unchanged.
 */
#include <stdbool.h>

#include "board.h"
#include "kernel/config.h"
#include "kernel/timer.h"

#include "demo.h"

#define HALF_PERIOD_TICKS (CONFIG_TICK_HZ / 2)

static struct timer heartbeat;
static bool led_on;

static void toggle(struct timer *t, void *arg)
{
	led_on = !led_on;
	board_led_set(led_on);
}

bool heartbeat_start(void)
{
	if (!board_led_set(false))
		return false; /* no LED on this board */
	return timer_init(&heartbeat, toggle, NULL) == 0 &&
	       timer_start(&heartbeat, HALF_PERIOD_TICKS, HALF_PERIOD_TICKS) == 0;
}
