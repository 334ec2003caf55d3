/*
 * ARMv7-M registers beyond the common set (ARM DDI 0403 §B3.2, §B3.5,
 * and the FP extension §B3.2.20): fault status, coprocessor access, FP
 * context control and the PMSAv7 MPU.
 */
#ifndef ARCH_ARMV7M_H
#define ARCH_ARMV7M_H

#include "cortex_m.h"

/* 1 when this build uses the FP extension (hard or softfp ABI). */
#ifdef __ARM_FP
#define ARCH_FPU 1
#else
#define ARCH_FPU 0
#endif

#define SCB_CFSR REG32(0xe000ed28u)
#define SCB_HFSR REG32(0xe000ed2cu)
#define SCB_MMFAR REG32(0xe000ed34u)
#define SCB_BFAR REG32(0xe000ed38u)
#define SCB_CPACR REG32(0xe000ed88u)
#define FPU_FPCCR REG32(0xe000ef34u)

#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define CCR_DIV_0_TRP (1u << 4)
#define CCR_STKALIGN (1u << 9)
#define CPACR_CP10_CP11_FULL (0xfu << 20)
#define FPCCR_ASPEN (1u << 31)
#define FPCCR_LSPEN (1u << 30)

#define CFSR_MSTKERR (1u << 4)
#define CFSR_MMARVALID (1u << 7)
#define CFSR_STKERR (1u << 12)
#define CFSR_BFARVALID (1u << 15)

/* PMSAv7 MPU (§B3.5). */
#define MPU_TYPE REG32(0xe000ed90u)
#define MPU_CTRL REG32(0xe000ed94u)
#define MPU_RNR REG32(0xe000ed98u)
#define MPU_RBAR REG32(0xe000ed9cu)
#define MPU_RASR REG32(0xe000eda0u)

#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define MPU_RBAR_VALID (1u << 4)
#define MPU_RASR_ENABLE (1u << 0)
#define MPU_RASR_SIZE(log2) (((log2) - 1u) << 1)
#define MPU_RASR_AP_NONE (0u << 24)
#define MPU_RASR_XN (1u << 28)

#endif
