/* SPDX-License-Identifier: MIT */
/*
 * The weather station: three threads, a timer, a message queue with
 * message priorities, thread flags and event flags, all through the
 * CMSIS-RTOS2 API and nothing else.
 *
 *   timer "sample", every STATION_SAMPLE_MS
 *        | thread flag SAMPLE
 *        v
 *   sensor (osPriorityNormal): reads the sensor and puts a READING into the
 *        queue at priority 0; a reading above STATION_THRESHOLD also sets
 *        the event flag ALARM
 *        | event flag ALARM
 *        v
 *   alarm (osPriorityAboveNormal): puts an ALARM message at priority 7
 *
 *   logger (osPriorityLow): every STATION_LOG_MS, a little after the
 *        samples of that period, takes every queued message; the alarms
 *        come out first although they were put after their readings, and
 *        the readings in the order they were taken.
 *
 * The sensor is a made-up one that gives the same readings every run.
 */
#include <stdbool.h>
#include <stddef.h>

#include "station.h"

#define FLAG_SAMPLE 0x1u /* thread flag of the sensor */
#define EVENT_ALARM 0x1u /* event flag of the alarm thread */

#define PRIO_READING 0u
#define PRIO_ALARM 7u
#define QUEUE_LENGTH 8u

static osMessageQueueId_t queue;
static osEventFlagsId_t alarms;
static osTimerId_t sampler;
static osThreadId_t sensor_thread, alarm_thread;

static uint32_t rounds_wanted;
static station_log_fn log_fn;
static osEventFlagsId_t done_flags;
static struct station_result result;

/* Degrees: 20 to 36, the same sequence every run. */
static int8_t read_sensor(uint16_t seq)
{
	return (int8_t)(20 + (seq * 11) % 17);
}

static uint32_t ms_to_ticks(uint32_t ms)
{
	return ms * osKernelGetTickFreq() / 1000u;
}

/* The timer's callback runs in the timer thread: it only wakes the sensor. */
static void sample_due(void *arg)
{
	(void)arg;
	osThreadFlagsSet(sensor_thread, FLAG_SAMPLE);
}

static void sensor(void *arg)
{
	(void)arg;
	for (uint16_t seq = 1;; seq++) {
		osThreadFlagsWait(FLAG_SAMPLE, osFlagsWaitAny, osWaitForever);
		struct station_msg m = {
			.seq = seq,
			.kind = STATION_READING,
			.value = read_sensor(seq),
			.tick = osKernelGetTickCount(),
		};
		osMessageQueuePut(queue, &m, PRIO_READING, 0);
		if (m.value > STATION_THRESHOLD)
			osEventFlagsSet(alarms, EVENT_ALARM);
	}
}

static void alarm(void *arg)
{
	(void)arg;
	for (uint16_t n = 1;; n++) {
		osEventFlagsWait(alarms, EVENT_ALARM, osFlagsWaitAny, osWaitForever);
		struct station_msg m = {
			.seq = n,
			.kind = STATION_ALARM,
			.value = STATION_THRESHOLD,
			.tick = osKernelGetTickCount(),
		};
		osMessageQueuePut(queue, &m, PRIO_ALARM, 0);
	}
}

/* One drain of the queue: alarms first, then readings in sampling order. */
static void drain(void)
{
	struct station_msg m;
	uint8_t prio;
	bool seen_reading = false;
	uint16_t last_seq = 0;

	while (osMessageQueueGet(queue, &m, &prio, 0) == osOK) {
		if (m.kind == STATION_ALARM) {
			result.alarms++;
			if (seen_reading)
				result.out_of_order++;
		} else {
			result.readings++;
			if (m.seq <= last_seq)
				result.out_of_order++;
			last_seq = m.seq;
			seen_reading = true;
		}
		if (log_fn)
			log_fn(osKernelGetTickCount(), &m, prio);
	}
	result.rounds++;
}

static void logger(void *arg)
{
	(void)arg;
	/* A quarter period after each round of samples, so that none comes
	 * in while the queue is drained. */
	uint32_t next = osKernelGetTickCount() + ms_to_ticks(STATION_SAMPLE_MS) / 4;

	while (result.rounds < rounds_wanted) {
		next += ms_to_ticks(STATION_LOG_MS);
		osDelayUntil(next);
		drain();
	}
	osTimerStop(sampler);
	osThreadTerminate(sensor_thread);
	osThreadTerminate(alarm_thread);
	osEventFlagsSet(done_flags, STATION_DONE);
}

int station_start(uint32_t rounds, station_log_fn log, osEventFlagsId_t done)
{
	static const osThreadAttr_t sensor_attr = {
		.name = "sensor", .stack_size = 768, .priority = osPriorityNormal,
	};
	static const osThreadAttr_t alarm_attr = {
		.name = "alarm", .stack_size = 768, .priority = osPriorityAboveNormal,
	};
	static const osThreadAttr_t logger_attr = {
		.name = "logger", .stack_size = 1024, .priority = osPriorityLow,
	};
	static const osMessageQueueAttr_t queue_attr = { .name = "readings" };
	static const osTimerAttr_t sampler_attr = { .name = "sample" };

	rounds_wanted = rounds;
	log_fn = log;
	done_flags = done;
	result = (struct station_result){ 0 };
	queue = osMessageQueueNew(QUEUE_LENGTH, sizeof(struct station_msg), &queue_attr);
	alarms = osEventFlagsNew(NULL);
	sampler = osTimerNew(sample_due, osTimerPeriodic, NULL, &sampler_attr);
	if (queue == NULL || alarms == NULL || sampler == NULL)
		return -1;
	sensor_thread = osThreadNew(sensor, NULL, &sensor_attr);
	alarm_thread = osThreadNew(alarm, NULL, &alarm_attr);
	if (sensor_thread == NULL || alarm_thread == NULL ||
	    osThreadNew(logger, NULL, &logger_attr) == NULL)
		return -1;
	return osTimerStart(sampler, ms_to_ticks(STATION_SAMPLE_MS)) == osOK ? 0 : -1;
}

const struct station_result *station_result(void)
{
	return &result;
}
