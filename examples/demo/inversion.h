/* SPDX-License-Identifier: MIT */
/*
 * Priority inversion, as a function the demo (part 5) and the target
 * test tests/target/inversion.c both run.
 *
 * low (INVERSION_LOW) takes a mutex for INVERSION_LOW_TICKS ticks of
 * work; one tick later high (INVERSION_HIGH) wants it; one tick after
 * that medium (INVERSION_MEDIUM) wakes with INVERSION_MEDIUM_TICKS ticks
 * of work that needs no mutex.  Each thread logs its steps.
 */
#ifndef DEMO_INVERSION_H
#define DEMO_INVERSION_H

#include <stdint.h>

#define INVERSION_LOW 3u
#define INVERSION_MEDIUM 6u
#define INVERSION_HIGH 10u
#define INVERSION_LOW_TICKS 3u     /* low's critical section, CPU time */
#define INVERSION_MEDIUM_TICKS 10u /* medium's job, CPU time */

enum inversion_step {
	INVERSION_LOW_LOCKS,
	INVERSION_HIGH_WAITS,
	INVERSION_MEDIUM_STARTS,
	INVERSION_MEDIUM_DONE,
	INVERSION_LOW_UNLOCKS,
	INVERSION_HIGH_LOCKS,
	INVERSION_STEPS
};

struct inversion_event {
	uint32_t tick;     /* since the run started */
	uint8_t step;      /* enum inversion_step */
	uint8_t priority;  /* the logging thread's effective priority then */
};

struct inversion_result {
	struct inversion_event events[INVERSION_STEPS]; /* in the order they happened */
	unsigned count;
};

/* Runs the three threads with a mutex made with mutex_flags (0, or
 * MUTEX_NO_INHERIT) and logs their steps into *out.  The caller must run
 * above INVERSION_HIGH.
 * Returns: 0; a kernel error code from thread or mutex creation. */
int inversion_run(uint32_t mutex_flags, struct inversion_result *out);

/* The position of step in r's log, or -1 if it never happened. */
int inversion_find(const struct inversion_result *r, enum inversion_step step);

#endif
