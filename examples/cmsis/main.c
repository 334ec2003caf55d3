/* SPDX-License-Identifier: MIT */
/*
 * An application written only against the CMSIS-RTOS2 API (cmsis_os2.h),
 * as it would be for any kernel that implements it: main initializes the
 * kernel, creates a thread and starts the kernel, which never returns.
 *
 * The thread starts the weather station (station.c: a timer, three
 * threads, a message queue with priorities, thread flags and event flags),
 * logs what the station's logger takes out of the queue, and ends the run
 * once the logger has drained it ROUNDS times.
 *
 *	make run APP=cmsis [BOARD=<board>]
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmsis_os2.h"
#include "station.h"

#define ROUNDS 4

static void log_message(uint32_t now, const struct station_msg *m, uint8_t prio)
{
	if (m->kind == STATION_ALARM)
		printf("%6lu  prio %u  ALARM %u: a reading above %d degrees\n", (unsigned long)now,
		       (unsigned)prio, (unsigned)m->seq, STATION_THRESHOLD);
	else
		printf("%6lu  prio %u  reading %u: %d degrees (sampled at %lu)\n",
		       (unsigned long)now, (unsigned)prio, (unsigned)m->seq, m->value,
		       (unsigned long)m->tick);
}

static void app_main(void *arg)
{
	osEventFlagsId_t done = arg;
	char id[32];
	osVersion_t version;

	osKernelGetInfo(&version, id, sizeof(id));
	printf("%s, CMSIS-RTOS2 API %lu.%lu.%lu; tick %lu Hz\n", id,
	       (unsigned long)(version.api / 10000000u), (unsigned long)(version.api / 10000u % 1000u),
	       (unsigned long)(version.api % 10000u), (unsigned long)osKernelGetTickFreq());
	printf("every %u ms a timer samples the sensor; every %u ms the logger drains the queue\n",
	       STATION_SAMPLE_MS, STATION_LOG_MS);
	printf("  tick  queue   message\n");
	if (station_start(ROUNDS, log_message, done) != 0) {
		printf("the station could not start\n");
		exit(1);
	}
	osEventFlagsWait(done, STATION_DONE, osFlagsWaitAny, osWaitForever);

	const struct station_result *r = station_result();
	printf("%lu rounds: %lu readings, %lu alarms, every alarm ahead of the readings: %s\n",
	       (unsigned long)r->rounds, (unsigned long)r->readings, (unsigned long)r->alarms,
	       r->out_of_order == 0 ? "yes" : "NO");
	exit(r->out_of_order == 0 && r->alarms > 0 ? 0 : 1);
}

int main(void)
{
	static const osThreadAttr_t app_attr = { .name = "app", .stack_size = 1024 };

	osKernelInitialize();
	osEventFlagsId_t done = osEventFlagsNew(NULL);
	if (done == NULL || osThreadNew(app_main, done, &app_attr) == NULL)
		return 1;
	osKernelStart(); /* does not return */
	return 1;
}
