/* SPDX-License-Identifier: MIT */
/* Host tests of the wrap-safe tick comparisons and ms-to-ticks conversion
 * (kernel/time.h). */
#include <stdint.h>

#include "kernel/time.h"
#include "ktest.h"

static uint32_t rng_state = 0x2545f491u;

static uint32_t xorshift32(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rng_state = x;
	return x;
}

static void test_reached_across_wrap(void)
{
	const uint32_t start = 0xfffffff0u;
	const uint32_t deadline = start + 100u; /* wraps to 0x54 */

	CHECK_EQ(deadline, 0x54u);
	/* Every tick from start up to deadline-1, including the wrap itself. */
	for (uint32_t d = 0; d < 100u; d++) {
		uint32_t now = start + d;

		if (!CHECK(!tick_reached(now, deadline)))
			break;
		if (!CHECK(tick_before(now, deadline)))
			break;
		if (!CHECK(!tick_before(deadline, now)))
			break;
	}
	CHECK(!tick_reached(0xffffffffu, deadline));
	CHECK(!tick_reached(0u, deadline));
	CHECK(tick_reached(deadline, deadline));
	CHECK(!tick_before(deadline, deadline));
	/* Reached at and after the deadline, up to 2^31-1 ticks late. */
	for (uint32_t late = 0; late < 100000u; late++) {
		if (!CHECK(tick_reached(deadline + late, deadline)))
			break;
		if (!CHECK(!tick_before(deadline + late, deadline)))
			break;
	}
	CHECK(tick_reached(deadline + 0x7fffffffu, deadline));
}

static void test_reached_without_wrap(void)
{
	CHECK(tick_reached(0u, 0u));
	CHECK(!tick_reached(0u, 1u));
	CHECK(tick_reached(1u, 0u));
	CHECK(!tick_reached(999u, 1000u));
	CHECK(tick_reached(1000u, 1000u));
	CHECK(tick_reached(1001u, 1000u));
	CHECK(!tick_before(5u, 5u));
	CHECK(tick_before(4u, 5u));
	CHECK(!tick_before(6u, 5u));
}

/*
 * For any base and any distance d with 0 < d < 2^31, base+d is after base:
 * tick_before(base, base+d) and not the reverse, tick_reached(base+d, base)
 * and not tick_reached(base, base+d).  Sampled across the whole range,
 * with the edge distances (1, 2^31-1) and bases (0, wrap points) always
 * included.
 */
static bool ordered(uint32_t base, uint32_t d)
{
	uint32_t later = base + d;

	return tick_before(base, later) && !tick_before(later, base) &&
	       tick_reached(later, base) && !tick_reached(base, later);
}

static void test_antisymmetry(void)
{
	static const uint32_t bases[] = {
		0u, 1u, 0x7ffffffeu, 0x7fffffffu, 0x80000000u, 0x80000001u,
		0xfffffff0u, 0xfffffffeu, 0xffffffffu,
	};
	static const uint32_t distances[] = {
		1u, 2u, 100u, 0x10000u, 0x3fffffffu, 0x40000000u, 0x7ffffffeu, 0x7fffffffu,
	};
	int failures = 0;

	for (unsigned i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
		for (unsigned j = 0; j < sizeof(distances) / sizeof(distances[0]); j++)
			if (!ordered(bases[i], distances[j]) && failures++ < 5)
				CHECK(ordered(bases[i], distances[j]));

	for (int n = 0; n < 1000000; n++) {
		uint32_t base = xorshift32();
		uint32_t d = xorshift32() & 0x7fffffffu;

		if (d == 0)
			d = 1;
		if (!ordered(base, d) && failures++ < 5)
			CHECK(ordered(base, d));
		/* Both edges from a random base. */
		if (!ordered(base, 0x7fffffffu) && failures++ < 5)
			CHECK(ordered(base, 0x7fffffffu));
		if (!ordered(base, 1u) && failures++ < 5)
			CHECK(ordered(base, 1u));
	}
	CHECK_EQ(failures, 0);
}

static void test_equal_ticks(void)
{
	/* Equal ticks: reached, and neither before the other. */
	for (int n = 0; n < 100000; n++) {
		uint32_t t = xorshift32();

		if (!CHECK(tick_reached(t, t) && !tick_before(t, t)))
			break;
	}
	CHECK(tick_reached(0xffffffffu, 0xffffffffu));
}

static void test_half_range_limit(void)
{
	/* The longest timeout still lies in the future and is reached on
	 * time.  Past it the order breaks down: at 2^31 the signed difference
	 * is INT32_MIN (ambiguous), and at 2^31+1 a deadline ahead reads as
	 * long past.  That is why timeouts are capped at TIMEOUT_MAX_TICKS. */
	CHECK_EQ(TIMEOUT_MAX_TICKS, 0x7fffffffu);
	CHECK(!tick_reached(1000u, 1000u + TIMEOUT_MAX_TICKS));
	CHECK(!tick_reached(1000u + TIMEOUT_MAX_TICKS - 1u, 1000u + TIMEOUT_MAX_TICKS));
	CHECK(tick_reached(1000u + TIMEOUT_MAX_TICKS, 1000u + TIMEOUT_MAX_TICKS));
	CHECK(!tick_reached(0xfffffff0u, 0xfffffff0u + TIMEOUT_MAX_TICKS));
	CHECK(tick_reached(1000u, 1000u + TIMEOUT_MAX_TICKS + 2u));
}

static void test_ms_to_ticks(void)
{
	CHECK_EQ(time_ms_to_ticks(0, 1000), 0);
	CHECK_EQ(time_ms_to_ticks(0, 100), 0);
	CHECK_EQ(time_ms_to_ticks(1, 1000), 1);
	CHECK_EQ(time_ms_to_ticks(1, 100), 1);
	CHECK_EQ(time_ms_to_ticks(10, 100), 1);
	CHECK_EQ(time_ms_to_ticks(11, 100), 2);
	CHECK_EQ(time_ms_to_ticks(15, 100), 2);
	CHECK_EQ(time_ms_to_ticks(20, 100), 2);
	CHECK_EQ(time_ms_to_ticks(21, 100), 3);
	CHECK_EQ(time_ms_to_ticks(1000, 1000), 1000);
	CHECK_EQ(time_ms_to_ticks(1, 32768), 33);
	CHECK_EQ(time_ms_to_ticks(1000, 32768), 32768);
	CHECK_EQ(time_ms_to_ticks(1, 1), 1);
	CHECK_EQ(time_ms_to_ticks(999, 1), 1);
	CHECK_EQ(time_ms_to_ticks(1001, 1), 2);
	/* The largest input does not overflow: the product is done in 64 bits. */
	uint64_t max_ticks = time_ms_to_ticks(0xffffffffu, 1000);
	CHECK(max_ticks == 4294967295ull);
	/* The largest product, (2^32-1)^2 + 999, still fits in 64 bits. */
	CHECK(time_ms_to_ticks(0xffffffffu, 0xffffffffu) == 18446744065119618ull);
}

static void test_ms_to_ticks_rounds_up(void)
{
	/* For each rate, the result is the least tick count covering ms:
	 * ticks*1000 >= ms*hz and (ticks-1)*1000 < ms*hz. */
	static const uint32_t rates[] = {1, 10, 100, 128, 250, 1000, 1024, 32768, 1000000};
	int failures = 0;

	for (unsigned r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		for (uint32_t ms = 0; ms < 5000u; ms++) {
			uint64_t want_scaled = (uint64_t)ms * rates[r];
			uint64_t ticks = time_ms_to_ticks(ms, rates[r]);
			bool ok = ticks * 1000u >= want_scaled &&
				  (ticks == 0 || (ticks - 1) * 1000u < want_scaled);

			if (!ok && failures++ < 5)
				CHECK(ok);
		}
	}
	CHECK_EQ(failures, 0);
}

int main(void)
{
	ktest_run("time.reached_across_wrap", test_reached_across_wrap);
	ktest_run("time.reached_without_wrap", test_reached_without_wrap);
	ktest_run("time.antisymmetry", test_antisymmetry);
	ktest_run("time.equal_ticks", test_equal_ticks);
	ktest_run("time.half_range_limit", test_half_range_limit);
	ktest_run("time.ms_to_ticks", test_ms_to_ticks);
	ktest_run("time.ms_to_ticks_rounds_up", test_ms_to_ticks_rounds_up);
	return ktest_finish();
}
