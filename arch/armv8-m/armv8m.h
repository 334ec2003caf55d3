/* SPDX-License-Identifier: MIT */
/*
 * ARMv8-M Mainline registers beyond those it shares with ARMv7-M
 * (mainline.h), from ARM DDI 0553: the PMSAv8 MPU (base/limit
 * regions, 32-byte granular, no overlaps allowed), the Security
 * Extension's fault status, and the stack limit registers (PSPLIM and
 * MSPLIM, reached with MRS/MSR).
 */
#ifndef ARCH_ARMV8M_H
#define ARCH_ARMV8M_H

#include "mainline.h"

/* PMSAv8 MPU. */
#define MPU_TYPE REG32(0xe000ed90u)
#define MPU_RNR REG32(0xe000ed98u)
#define MPU_RBAR REG32(0xe000ed9cu)
#define MPU_RLAR REG32(0xe000eda0u)
#define MPU_MAIR0 REG32(0xe000edc0u)

#define MPU_TYPE_DREGION(type) (((type) >> 8) & 0xffu)
#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define MPU_RLAR_EN (1u << 0)
#define MPU_RBAR_XN (1u << 0)
#define MPU_RBAR_AP_RW_ANY (1u << 1) /* read-write, privileged and not */
#define MPU_RBAR_AP_RO_ANY (3u << 1) /* read-only, privileged and not */
/* MAIR0 attribute 0: normal memory, write-back non-transient, read and
 * write allocate; attribute 1: device nGnRE (peripherals). */
#define MPU_MAIR0_DEFAULT (0xffu | (0x04u << 8))

/* Security Extension. */
#define SCB_SFSR REG32(0xe000ede4u)
#define SCB_SFAR REG32(0xe000ede8u)
#define SHCSR_SECUREFAULTENA (1u << 19)
#define SFSR_SFARVALID (1u << 6)

#endif
