/* SPDX-License-Identifier: MIT */
/*
 * The ready queue's host tests (test_readyq.c) on the 32-level queue of
 * CONFIG_PRIORITY_LEVELS=32 (tests/host/host.mk builds this and
 * kernel/readyq.c with it): one bitmap word instead of two.
 */
#include "test_readyq.c"

_Static_assert(PRIORITY_LEVELS == 32 && READYQ_WORDS == 1, "built with CONFIG_PRIORITY_LEVELS=32");
