/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M beyond the registers common to every profile (cortex_m.h), from
 * the ARMv6-M Architecture Reference Manual (ARM DDI 0419).  What the
 * profile lacks shapes this port as much as what it has: no BASEPRI, no
 * configurable faults and no fault status registers, no MPU (optional on
 * the M0+, unused here), no STIR, no CLZ, no FPU, no byte access to the
 * priority registers, and Thumb instructions with few high-register forms.
 */
#ifndef ARCH_ARMV6M_H
#define ARCH_ARMV6M_H

#include <stdint.h>

#include "cortex_m.h"

/* Sets one 8-bit priority field of a word-only priority register (SHPR2-3,
 * NVIC_IPRn); shift is 0, 8, 16 or 24.  Read-modify-write: the caller
 * keeps other writers of the same word out. */
static inline void priority_field_set(volatile uint32_t *reg, unsigned shift, uint8_t value)
{
	*reg = (*reg & ~(0xffu << shift)) | ((uint32_t)value << shift);
}

/* The SHPR word and shift of system exception exc (4..15). */
#define SHPR_OF(exc) (&SCB_SHPR(((exc) - 4u) / 4u + 1u))
#define SHPR_SHIFT(exc) (8u * (((exc) - 4u) % 4u))

#endif
