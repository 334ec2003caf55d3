/* SPDX-License-Identifier: MIT */
/*
 * The ipc test's client: receives the server's PID, then calls it with
 * messages of several sizes, over the limit, with a small reply room,
 * when it does not receive (timeout), when it receives but answers late,
 * and last a call the server never answers, waiting until the server is
 * killed.  Exits with the number of failed checks (each is printed).
 */
#include <string.h>

#include "kestrel/user.h"
#include "kernel/errors.h"

static int failures;
static uint8_t out[SYS_IPC_MAX_BYTES + 1], in[SYS_IPC_MAX_BYTES + 16];

static void expect(int line, int32_t got, int32_t want)
{
	if (got != want) {
		failures++;
		u_printf("client: line %d: got %ld (%s), want %ld (%s)\n", line, (long)got,
			 u_strerror(got), (long)want, u_strerror(want));
	}
}
#define EXPECT(got, want) expect(__LINE__, (int32_t)(got), (int32_t)(want))

static int client_main(void)
{
	uint32_t server = 0, sender, zero = 0;

	if (u_ipc_receive(&server, sizeof(server), &sender, SYS_FOREVER) != 4)
		return 100;
	u_ipc_reply(sender, &zero, sizeof(zero));

	/* Sizes up to the limit: the server echoes every byte plus one. */
	static const uint32_t sizes[] = { 1, 4, 100, SYS_IPC_MAX_BYTES - 1, SYS_IPC_MAX_BYTES };
	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t len = sizes[k];
		for (uint32_t i = 0; i < len; i++)
			out[i] = (uint8_t)(0x10 + i * 3 + k);
		memset(in, 0xee, sizeof(in));
		EXPECT(u_ipc_call((int)server, out, len, in, SYS_IPC_MAX_BYTES, 100), (int32_t)len);
		unsigned bad = 0;
		for (uint32_t i = 0; i < len; i++)
			bad += in[i] != (uint8_t)(out[i] + 1);
		EXPECT(bad, 0);
		EXPECT(in[len], 0xee); /* nothing past the reply */
	}
	/* Over the limit: refused, nothing sent. */
	EXPECT(u_ipc_call((int)server, out, SYS_IPC_MAX_BYTES + 1, in, sizeof(in), 100), ERR_RANGE);

	/* A reply larger than the room: cut to the room. */
	memset(in, 0xee, sizeof(in));
	EXPECT(u_ipc_call((int)server, "B", 1, in, 10, 100), 10);
	unsigned bad = 0;
	for (unsigned i = 0; i < 10; i++)
		bad += in[i] != i;
	EXPECT(bad, 0);
	EXPECT(in[10], 0xee);
	/* No room at all. */
	EXPECT(u_ipc_call((int)server, "B", 1, in, 0, 100), 0);

	/* Nobody receives: the call times out after its ticks. */
	EXPECT(u_ipc_call((int)server, "S", 1, in, 4, 100), 1);
	uint32_t t0 = u_time();
	EXPECT(u_ipc_call((int)server, "x", 1, in, 4, 5), ERR_TIMEOUT);
	uint32_t dt = u_time() - t0;
	if (dt < 5 || dt > 10) {
		failures++;
		u_printf("client: timeout after %lu ticks\n", (unsigned long)dt);
	}
	u_sleep(60); /* the server receives again */
	/* Received but answered too late: the caller times out, the late
	 * reply finds nobody. */
	EXPECT(u_ipc_call((int)server, "L", 1, in, 4, 5), ERR_TIMEOUT);
	int32_t late = 0;
	EXPECT(u_ipc_call((int)server, "R", 1, &late, 4, 200), 4);
	EXPECT(late, ERR_NO_PROCESS);
	/* Received, kept, and answered late while this thread waits for the
	 * answer to its next call: the late reply names the old call, so it
	 * finds nobody and the new call gets its own answer. */
	EXPECT(u_ipc_call((int)server, "K", 1, in, 8, 5), ERR_TIMEOUT);
	memset(in, 0xee, sizeof(in));
	EXPECT(u_ipc_call((int)server, "ab", 2, in, 8, 100), 2);
	EXPECT(in[0] == 'b' && in[1] == 'c', 1); /* the echo, not "stale" */
	late = 0;
	EXPECT(u_ipc_call((int)server, "R", 1, &late, 4, 200), 4);
	EXPECT(late, ERR_NO_PROCESS);

	/* The server stops answering and is killed while this call waits. */
	EXPECT(u_ipc_call((int)server, "Z", 1, in, 4, 100), 1);
	EXPECT(u_ipc_call((int)server, "y", 1, in, 4, SYS_FOREVER), ERR_NO_PROCESS);
	/* And calls to it now fail at once. */
	EXPECT(u_ipc_call((int)server, "y", 1, in, 4, 100), ERR_NO_PROCESS);
	return failures;
}

PROCESS(client, 1, 1024, 256, .main = client_main, .priority = 10, .ceiling = 12);
