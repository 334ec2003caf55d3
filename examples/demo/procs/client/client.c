/* SPDX-License-Identifier: MIT */
/*
 * The demo's client process (part 6): asks the server to square a few
 * numbers, one call every 20 ticks.
 *
 * It learns whom to ask from its first message: main calls it with the
 * server's PID (4 bytes) and gets an empty reply.  Its exit status is
 * the number of answers it got.
 */
#include <stdint.h>

#include "kestrel/user.h"

static const uint32_t numbers[] = { 3, 7, 12, 25, 100 };

static int client_main(void)
{
	int pid = u_getpid();
	int32_t server;
	uint32_t sender;
	int answers = 0;

	u_printf("  client (pid %d): waiting to be told the server's PID\n", pid);
	int len = u_ipc_receive(&server, sizeof(server), &sender, SYS_FOREVER);
	if (len != (int)sizeof(server)) {
		u_printf("  client: no server PID (%d)\n", len);
		return -1;
	}
	u_ipc_reply(sender, &server, 0); /* an empty reply: got it */
	u_printf("  client (pid %d): the server is pid %ld\n", pid, (long)server);

	for (unsigned i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		uint32_t square;
		int r = u_ipc_call(server, &numbers[i], sizeof(numbers[i]), &square, sizeof(square),
				   100);
		if (r == (int)sizeof(square)) {
			u_printf("  client: the server says %lu * %lu = %lu\n",
				 (unsigned long)numbers[i], (unsigned long)numbers[i],
				 (unsigned long)square);
			answers++;
		} else {
			u_printf("  client: call failed: %s\n", u_strerror(r));
		}
		u_sleep(20);
	}
	u_printf("  client (pid %d): done, %d answers\n", pid, answers);
	return answers;
}

PROCESS(client, 1, 1024, 512, .main = client_main, .priority = 10, .ceiling = 12);
