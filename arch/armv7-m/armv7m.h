/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-M registers beyond those it shares with ARMv8-M Mainline
 * (mainline.h): the PMSAv7 MPU (ARM DDI 0403 §B3.5).
 */
#ifndef ARCH_ARMV7M_H
#define ARCH_ARMV7M_H

#include "mainline.h"

/* PMSAv7 MPU (§B3.5). */
#define MPU_TYPE REG32(0xe000ed90u)
#define MPU_RNR REG32(0xe000ed98u)
#define MPU_RBAR REG32(0xe000ed9cu)
#define MPU_RASR REG32(0xe000eda0u)

#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define MPU_RBAR_VALID (1u << 4)
#define MPU_RASR_ENABLE (1u << 0)
#define MPU_RASR_SIZE(log2) (((log2) - 1u) << 1)
#define MPU_RASR_AP_NONE (0u << 24) /* no access */
#define MPU_RASR_AP_RW (3u << 24)   /* read-write, privileged and not */
#define MPU_RASR_AP_RO (6u << 24)   /* read-only, privileged and not */
#define MPU_RASR_XN (1u << 28)
/* Memory types (TEX, S, C, B): normal write-through (flash), normal
 * write-back (RAM), shareable device. */
#define MPU_RASR_NORMAL_WT (1u << 17)
#define MPU_RASR_NORMAL_WB ((1u << 17) | (1u << 16))
#define MPU_RASR_DEVICE ((1u << 18) | (1u << 16))

#endif
