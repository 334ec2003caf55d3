/* SPDX-License-Identifier: MIT */
/* ARMv7-M special-register readers for debuggers (see debug_readers.h). */
#include "debug_readers.h"

__asm__(DEBUG_READERS_BEGIN
	DEBUG_READER(arch_debug_msp, msp)
	DEBUG_READER(arch_debug_psp, psp)
	DEBUG_READER(arch_debug_control, control)
	DEBUG_READER(arch_debug_primask, primask)
	DEBUG_READER(arch_debug_basepri, basepri)
	DEBUG_READER(arch_debug_faultmask, faultmask)
	DEBUG_READERS_END);
