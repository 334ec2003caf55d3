/* SPDX-License-Identifier: MIT */
/* process_lifecycle: spawns `orphan` and exits with its PID, leaving it
 * without a parent. */
#include "kestrel/user.h"

static int parent_main(void)
{
	return u_spawn("orphan");
}

PROCESS(parent, 1, 1024, 256, .main = parent_main, .priority = 10, .ceiling = 12,
	.permissions = PERM_SPAWN);
