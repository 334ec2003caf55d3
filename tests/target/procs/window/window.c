/* SPDX-License-Identifier: MIT */
/*
 * The process test's device user: its parent grants it one window (a
 * buffer of kernel RAM standing in for a device) at spawn, and sends the
 * window's address.  It adds one to the window's first word, then, if
 * asked, touches the word just past the window, which must fault.
 */
#include "kestrel/user.h"

static int window_main(void)
{
	uint32_t msg[3], sender, ok = 0;

	if (u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER) != sizeof(msg))
		return 100;
	volatile uint32_t *window = (volatile uint32_t *)(uintptr_t)msg[0];
	uint32_t bytes = msg[1];
	window[0] += 1;
	u_ipc_reply(sender, &ok, sizeof(ok));
	if (msg[2]) /* past the end: outside every region of this process */
		window[bytes / 4] = 0xdeadbeefu;
	return 7;
}

PROCESS(window, 1, 512, 128, .main = window_main, .priority = 10, .ceiling = 12);
