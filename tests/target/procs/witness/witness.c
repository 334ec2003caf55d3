/* SPDX-License-Identifier: MIT */
/* The syscall_fuzz test's bystander: answers every call with the number
 * of calls it has answered, plus the first word of the message. */
#include "kestrel/user.h"

static int witness_main(void)
{
	uint32_t msg[SYS_IPC_MAX_BYTES / 4], sender, answered = 0;

	while (answered != 0xffffffffu) {
		msg[0] = 0;
		int n = u_ipc_receive(msg, sizeof(msg), &sender, SYS_FOREVER);
		if (n < 0)
			continue;
		uint32_t reply = ++answered + msg[0];
		u_ipc_reply(sender, &reply, sizeof(reply));
	}
	return 0;
}

PROCESS(witness, 1, 1024, 256, .main = witness_main, .priority = 10, .ceiling = 12);
