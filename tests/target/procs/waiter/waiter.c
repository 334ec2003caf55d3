/* SPDX-License-Identifier: MIT */
/* process_lifecycle: receives a mutex handle, replies, and locks it,
 * waiting as long as it takes.  Exits with minus what the lock returned
 * (ERR_OWNER_DIED: 18). */
#include "kestrel/user.h"

static int waiter_main(void)
{
	int32_t h = -1;
	uint32_t sender, zero = 0;

	if (u_ipc_receive(&h, sizeof(h), &sender, SYS_FOREVER) != 4)
		return 1000;
	u_ipc_reply(sender, &zero, sizeof(zero));
	int r = u_mutex_lock(h, SYS_FOREVER);
	u_printf("waiter: lock returned %s\n", u_strerror(r));
	return -r;
}

PROCESS(waiter, 1, 1024, 256, .main = waiter_main, .priority = 10, .ceiling = 12);
