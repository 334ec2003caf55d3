/* SPDX-License-Identifier: MIT */
/*
 * ARMv8-M special-register readers for debuggers (see debug_readers.h).
 * ARMv8-M adds the stack limits, PSPLIM and MSPLIM, for calling from GDB
 * (`p/x arch_debug_psplim()`); the tools do not step them.
 */
#include "debug_readers.h"

uint32_t arch_debug_psplim(void);
uint32_t arch_debug_msplim(void);

__asm__(DEBUG_READERS_BEGIN
	DEBUG_READER(arch_debug_msp, msp)
	DEBUG_READER(arch_debug_psp, psp)
	DEBUG_READER(arch_debug_control, control)
	DEBUG_READER(arch_debug_primask, primask)
	DEBUG_READER(arch_debug_basepri, basepri)
	DEBUG_READER(arch_debug_faultmask, faultmask)
	DEBUG_READER(arch_debug_psplim, psplim)
	DEBUG_READER(arch_debug_msplim, msplim)
	DEBUG_READERS_END);
