/* SPDX-License-Identifier: MIT */
#ifndef TESTS_HOST_HOST_PANIC_H
#define TESTS_HOST_HOST_PANIC_H

/* Called first by kernel_panic when set.  A test that makes a call which
 * never returns on the target sets it for the length of that call, to
 * take back the panic the call reaches on the host instead (host_sched.c:
 * thread_exit's "ran again"); for any other panic it returns, and the
 * panic goes on: the message, then abort(). */
extern void (*host_panic_hook)(void);

#endif
