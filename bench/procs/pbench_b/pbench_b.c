/* SPDX-License-Identifier: MIT */
/*
 * The benchmark image's second process (bench/procs/pbench.h): its main
 * thread B is pbench_a's partner for the yields across processes.  At
 * PBENCH_SETUP it creates its two queues, grants them to pbench_a and
 * replies with pbench_a's handles; then it only serves jobs.
 */
#include "kestrel/user.h"

#include "../ploop.h"

static int pbench_b_main(void)
{
	struct pbench_call c;
	struct pbench_reply r = { 0, 0, 0, 0 };
	uint32_t sender;

	r.pid = (uint32_t)u_getpid();
	int len = u_ipc_receive(&c, sizeof(c), &sender, SYS_FOREVER);
	if (len < 0)
		return 1;
	int jobs = u_queue_create(sizeof(struct pbench_job), 1);
	int results = u_queue_create(sizeof(struct pbench_result), 1);
	int jobs_a = -1, results_a = -1;
	if (len != sizeof(c) || c.kind != PBENCH_SETUP)
		r.status = ERR_INVALID;
	else if (jobs < 0 || results < 0)
		r.status = jobs < 0 ? jobs : results;
	else if ((jobs_a = u_handle_grant(jobs, (int)c.arg)) < 0)
		r.status = jobs_a;
	else if ((results_a = u_handle_grant(results, (int)c.arg)) < 0)
		r.status = results_a;
	r.value = (uint32_t)jobs_a;
	r.value2 = (uint32_t)results_a;
	u_ipc_reply(sender, &r, sizeof(r));
	if (r.status != 0)
		return 1;
	pbench_partner(jobs, results);
	return 1;
}

PROCESS(pbench_b, 1, 1024, 256, .main = pbench_b_main, .priority = PBENCH_PRIORITY,
	.ceiling = PBENCH_PRIORITY);
