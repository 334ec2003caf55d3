/* SPDX-License-Identifier: MIT */
/*
 * The host tests' random sequences: a 32-bit xorshift, so a failing seed
 * repeats on any host.  Each test file that includes it has its own
 * state; set host_seed (never 0) before a sequence.
 */
#ifndef HOST_RANDOM_H
#define HOST_RANDOM_H

#include <stdint.h>

static uint32_t host_seed = 1;

/* A number in [0, n). */
static inline uint32_t rnd(uint32_t n)
{
	host_seed ^= host_seed << 13;
	host_seed ^= host_seed >> 17;
	host_seed ^= host_seed << 5;
	return host_seed % n;
}

#endif
