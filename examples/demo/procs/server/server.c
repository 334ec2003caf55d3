/* SPDX-License-Identifier: MIT */
/*
 * The demo's server process (part 6): squares numbers for whoever calls.
 *
 * Protocol (synchronous IPC, kernel/ipc.h): a call of 4 bytes holds a
 * number, and the reply is its square (4 bytes).  A call of any other
 * length (main sends an empty one) asks the server to stop: it replies
 * with the count of numbers it squared, and exits with that count.
 */
#include <stdint.h>

#include "kestrel/user.h"

static int server_main(void)
{
	int pid = u_getpid();
	uint32_t served = 0;

	u_printf("  server (pid %d): waiting for calls\n", pid);
	for (;;) {
		uint32_t n, sender;
		int len = u_ipc_receive(&n, sizeof(n), &sender, SYS_FOREVER);

		if (len < 0) {
			u_printf("  server: receive failed: %s\n", u_strerror(len));
			return -1;
		}
		if (len != (int)sizeof(n)) {
			u_printf("  server (pid %d): asked to stop after %lu answers\n", pid,
				 (unsigned long)served);
			u_ipc_reply(sender, &served, sizeof(served));
			return (int)served;
		}
		uint32_t square = n * n;
		u_printf("  server: %lu squared is %lu\n", (unsigned long)n, (unsigned long)square);
		served++;
		u_ipc_reply(sender, &square, sizeof(square));
	}
}

PROCESS(server, 1, 1024, 512, .main = server_main, .priority = 11, .ceiling = 12);
