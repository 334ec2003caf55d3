/* SPDX-License-Identifier: MIT */
/*
 * The CMSIS-RTOS2 example's own code (examples/cmsis/station.c) on the
 * target: three rounds of the weather station, every message it logs,
 * in the order and at the queue priorities the design gives.
 */
#include <stdint.h>

#include "cmsis_os2.h"
#include "cmsis_test.h"
#include "../../examples/cmsis/station.h"

#define ROUNDS 3u
#define SAMPLES_PER_ROUND (STATION_LOG_MS / STATION_SAMPLE_MS)

static struct {
	uint32_t count;
	uint32_t bad_prio;
	uint32_t bad_readings;
	uint16_t last_reading;
	uint32_t last_reading_tick;
	uint32_t last_tick;
} seen;

static void record(uint32_t now, const struct station_msg *m, uint8_t prio)
{
	seen.count++;
	if (prio != (m->kind == STATION_ALARM ? 7 : 0))
		seen.bad_prio++;
	if (m->kind == STATION_READING) {
		/* Readings come in sampling order, one sample period apart. */
		if (m->seq != seen.last_reading + 1 ||
		    (m->seq > 1 && m->tick - seen.last_reading_tick != STATION_SAMPLE_MS))
			seen.bad_readings++;
		seen.last_reading = m->seq;
		seen.last_reading_tick = m->tick;
	}
	seen.last_tick = now;
}

static void test_three_rounds(void)
{
	osEventFlagsId_t done = osEventFlagsNew(NULL);
	uint32_t start = osKernelGetTickCount();

	CHECK(done != NULL);
	CHECK_EQ(station_start(ROUNDS, record, done), 0);
	CHECK_EQ(osEventFlagsWait(done, STATION_DONE, osFlagsWaitAny, 5000), STATION_DONE);

	/* The readings the made-up sensor gives: 20 + 11 seq mod 17 degrees. */
	uint32_t readings = ROUNDS * SAMPLES_PER_ROUND, alarms = 0;
	for (uint32_t seq = 1; seq <= readings; seq++)
		if (20 + (seq * 11) % 17 > STATION_THRESHOLD)
			alarms++;
	const struct station_result *r = station_result();
	CHECK_EQ(r->rounds, ROUNDS);
	CHECK_EQ(r->readings, readings);
	CHECK_EQ(r->alarms, alarms);
	CHECK_EQ(r->out_of_order, 0);
	CHECK_EQ(seen.count, readings + alarms);
	CHECK_EQ(seen.bad_prio, 0);
	CHECK_EQ(seen.bad_readings, 0);
	/* The last drain is a quarter sample period after the last round. */
	CHECK_EQ(seen.last_tick - start, ROUNDS * STATION_LOG_MS + STATION_SAMPLE_MS / 4);
}

static void cases(void)
{
	ktest_run("cmsis_example.three_rounds", test_three_rounds);
}

int main(void)
{
	return cmsis_test_main(cases);
}
