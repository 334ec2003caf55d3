/* SPDX-License-Identifier: MIT */
/*
 * The parts of the default demo (make run), each in its own file; main
 * runs them in this order.  Each part prints a short header, runs, prints
 * what happened and returns with every thread it started joined.
 *
 * Context: main's thread (priority CONFIG_MAIN_PRIORITY, above every
 * thread a part starts).
 */
#ifndef DEMO_H
#define DEMO_H

#include <stdbool.h>

void scheduling_demo(void); /* parts 1 and 2: preemption, round robin */
void logging_demo(void);    /* part 3: five threads logging */
void counter_demo(void);    /* part 4: a shared counter, unlocked and locked */
void inversion_demo(void);  /* part 5: priority inversion, without and with inheritance */
/* part 6: processes (procs/): IPC, a contained fault, restarts; false
 * when it did not run (a core without an MPU runs no processes) */
bool processes_demo(void);

/* Blinks the board's LED from a kernel timer (heartbeat.c); false on a
 * board without one. */
bool heartbeat_start(void);

#endif
