/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M special-register readers for debuggers (see debug_readers.h).
 * ARMv6-M has no BASEPRI and no FAULTMASK (nothing is masked by them):
 * their readers' first instruction puts 0 in r0 instead.
 */
#include "debug_readers.h"

__asm__(DEBUG_READERS_BEGIN
	DEBUG_READER(arch_debug_msp, msp)
	DEBUG_READER(arch_debug_psp, psp)
	DEBUG_READER(arch_debug_control, control)
	DEBUG_READER(arch_debug_primask, primask)
	DEBUG_ZERO(arch_debug_basepri)
	DEBUG_ZERO(arch_debug_faultmask)
	DEBUG_READERS_END);
