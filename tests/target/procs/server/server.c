/* SPDX-License-Identifier: MIT */
/*
 * The ipc test's server.  Answers each call by its first byte:
 *   'B'  a reply of SYS_IPC_MAX_BYTES bytes (the caller's room is smaller)
 *   'S'  replies, then receives nothing for 50 ticks
 *   'L'  receives, sleeps 20 ticks, then replies (the caller gave up by then);
 *        keeps what that late reply returned
 *   'R'  replies with that result (4 bytes)
 *   'K'  receives and keeps the call unanswered; the next call received is
 *        answered only after a reply to the kept one (the caller gave up
 *        by then), whose result 'R' returns in turn
 *   'Z'  replies, then never receives again
 *   else the message with every byte plus one, as long as it came
 */
#include "kestrel/user.h"

static uint8_t msg[SYS_IPC_MAX_BYTES], answer[SYS_IPC_MAX_BYTES];

static int server_main(void)
{
	uint32_t sender, kept = 0;
	int32_t late = 1;

	for (;;) {
		int n = u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER);
		if (n <= 0)
			continue;
		if (kept != 0) {
			/* Its caller timed out and has called again (this call): the
			 * late reply must not reach the new call. */
			late = u_ipc_reply(kept, "stale", 5);
			kept = 0;
		}
		switch (msg[0]) {
		case 'K':
			kept = sender;
			break;
		case 'B':
			for (unsigned i = 0; i < sizeof(answer); i++)
				answer[i] = (uint8_t)i;
			u_ipc_reply(sender, answer, sizeof(answer));
			break;
		case 'S':
			u_ipc_reply(sender, "", 1);
			u_sleep(50);
			break;
		case 'L':
			u_sleep(20);
			late = u_ipc_reply(sender, "late", 4);
			break;
		case 'R':
			u_ipc_reply(sender, &late, sizeof(late));
			break;
		case 'Z':
			u_ipc_reply(sender, "", 1);
			for (;;)
				u_sleep(0x7fffffffu);
		default:
			for (int i = 0; i < n; i++)
				answer[i] = (uint8_t)(msg[i] + 1);
			u_ipc_reply(sender, answer, (uint32_t)n);
			break;
		}
	}
	return 0;
}

PROCESS(server, 1, 1024, 256, .main = server_main, .priority = 10, .ceiling = 12);
