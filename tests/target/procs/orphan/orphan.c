/* SPDX-License-Identifier: MIT */
/* process_lifecycle: waits for one call, replies and exits with 7. */
#include "kestrel/user.h"

static int orphan_main(void)
{
	uint32_t msg, sender, zero = 0;

	if (u_ipc_receive(&msg, sizeof(msg), &sender, SYS_FOREVER) < 0)
		return 1;
	u_ipc_reply(sender, &zero, sizeof(zero));
	return 7;
}

PROCESS(orphan, 1, 1024, 256, .main = orphan_main, .priority = 10, .ceiling = 12);
