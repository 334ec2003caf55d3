/* SPDX-License-Identifier: MIT */
/* process_lifecycle: receives a PID, creates a mutex, grants it to that
 * process, locks it, replies with the granted handle and blocks for good
 * (until it is killed holding the mutex). */
#include "kestrel/user.h"

static int holder_main(void)
{
	uint32_t pid = 0, sender;
	int32_t answer;

	if (u_ipc_receive(&pid, sizeof(pid), &sender, SYS_FOREVER) != 4)
		return 1;
	int m = u_mutex_create(0);
	answer = m < 0 ? m : u_handle_grant(m, (int)pid);
	if (answer >= 0 && u_mutex_lock(m, SYS_NO_WAIT) != 0)
		answer = -1000;
	u_ipc_reply(sender, &answer, sizeof(answer));
	for (;;)
		u_sleep(0x7fffffffu);
	return 0;
}

PROCESS(holder, 1, 1024, 256, .main = holder_main, .priority = 10, .ceiling = 12);
