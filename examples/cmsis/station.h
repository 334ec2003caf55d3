/* SPDX-License-Identifier: MIT */
/*
 * A small weather station on the CMSIS-RTOS2 API (station.c): a timer
 * samples a sensor, alarms jump the queue, a logger drains it.
 */
#ifndef STATION_H
#define STATION_H

#include <stdint.h>

#include "cmsis_os2.h"

#define STATION_SAMPLE_MS 50u   /* the sampling timer's period */
#define STATION_LOG_MS 200u     /* the logger drains the queue this often */
#define STATION_THRESHOLD 30    /* a reading above it raises an alarm */

enum station_kind { STATION_READING, STATION_ALARM };

/* One message of the queue: 8 bytes. */
struct station_msg {
	uint16_t seq;   /* the reading's number, from 1 */
	uint8_t kind;   /* enum station_kind */
	int8_t value;   /* degrees */
	uint32_t tick;  /* osKernelGetTickCount() when it was sampled */
};

/* Called by the logger for each message it takes, in the order it takes
 * them (prio: the message's priority in the queue). */
typedef void (*station_log_fn)(uint32_t now, const struct station_msg *m, uint8_t prio);

struct station_result {
	uint32_t rounds;        /* queue drains */
	uint32_t readings;      /* readings logged */
	uint32_t alarms;        /* alarms logged */
	uint32_t out_of_order;  /* a batch in which an alarm came after a reading,
	                         * or readings not in their sampling order */
};

/* Creates the station's objects and threads (before or after
 * osKernelStart); after `rounds` drains the logger sets the event flag
 * STATION_DONE on `done` and stops everything. */
#define STATION_DONE 0x1u
int station_start(uint32_t rounds, station_log_fn log, osEventFlagsId_t done);

/* What the logger saw (valid once STATION_DONE is set). */
const struct station_result *station_result(void);

#endif
