/* SPDX-License-Identifier: MIT */
/* The isolation test's bystander: answers one call with the address of
 * its counter, then counts one per tick until it is killed. */
#include "kestrel/user.h"

static volatile uint32_t worker_count;

static int worker_main(void)
{
	uint8_t msg[8];
	uint32_t sender;
	uint32_t where = (uint32_t)(uintptr_t)&worker_count;

	if (u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER) < 0)
		return 1;
	u_ipc_reply(sender, &where, sizeof(where));
	for (;;) {
		worker_count++;
		if (worker_count % 1000 == 0)
			u_printf("worker: %lu\n", (unsigned long)worker_count);
		u_sleep(1);
	}
}

PROCESS(worker, 1, 1024, 256, .main = worker_main, .priority = 10, .ceiling = 12);
