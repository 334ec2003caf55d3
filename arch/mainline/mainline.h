/* SPDX-License-Identifier: MIT */
/*
 * What ARMv7-M and ARMv8-M Mainline share beyond the registers common to
 * every Cortex-M (cortex_m.h): the configurable faults and their status
 * registers (ARM DDI 0403 §B3.2.15-21; ARM DDI 0553 §D1.2 keeps the same
 * layout and adds STKOF), the fault enables, the CCR traps and the FP
 * extension's access and context control.  ARMv6-M (and ARMv8-M
 * Baseline) has none of these.
 *
 * Code in this folder is built only for the profiles whose profile.mk
 * lists it in ARCH_SHARED.
 */
#ifndef ARCH_MAINLINE_H
#define ARCH_MAINLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "cortex_m.h"

struct fault_info;

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
/* Exceptions pending (set while the hardware could not enter them yet). */
#define SHCSR_USGFAULTPENDED (1u << 12)
#define SHCSR_MEMFAULTPENDED (1u << 13)
#define SHCSR_BUSFAULTPENDED (1u << 14)
#define SHCSR_SVCALLPENDED (1u << 15)
#define SHCSR_SECUREFAULTPENDED (1u << 21) /* ARMv8-M; reserved (0) on ARMv7-M */
#define CCR_DIV_0_TRP (1u << 4)
#define CCR_STKALIGN (1u << 9)
#define CPACR_CP10_CP11_FULL (0xfu << 20)
#define FPCCR_ASPEN (1u << 31)
#define FPCCR_LSPEN (1u << 30)

#define CFSR_IACCVIOL (1u << 0)
#define CFSR_DACCVIOL (1u << 1)
#define CFSR_MUNSTKERR (1u << 3)
#define CFSR_MSTKERR (1u << 4)
#define CFSR_MLSPERR (1u << 5)
#define CFSR_MMARVALID (1u << 7)
#define CFSR_IBUSERR (1u << 8)
#define CFSR_PRECISERR (1u << 9)
#define CFSR_IMPRECISERR (1u << 10)
#define CFSR_UNSTKERR (1u << 11)
#define CFSR_STKERR (1u << 12)
#define CFSR_LSPERR (1u << 13)
#define CFSR_BFARVALID (1u << 15)
#define CFSR_INVPC (1u << 18)
#define CFSR_STKOF (1u << 20) /* ARMv8-M only; reserved (0) on ARMv7-M */

/* The MPU's control register: the same in PMSAv7 and PMSAv8. */
#define MPU_CTRL REG32(0xe000ed94u)

/*
 * A fault report (arch/mainline/fault.c), in the profile's fault_report:
 * mainline_fault_start fills info from the exception and the frame and,
 * for a fault of privileged code (which halts), switches the MPU off so
 * the report may read any memory, then prints the headline;
 * mainline_fault_decode prints CFSR (and HFSR for a HardFault) bit by
 * bit, and MMFAR or BFAR when valid, records the status and the faulting
 * address in info, clears CFSR, and returns the CFSR value it decoded;
 * mainline_fault_finish halts for privileged code (kernel_fault), or
 * hands an unprivileged thread's fault to process_fault and returns the
 * EXC_RETURN to leave the handler by.  Context: fault handler.
 */
struct exception_frame;
void mainline_fault_start(struct fault_info *info, const struct exception_frame *frame,
			  uint32_t exc_return);
uint32_t mainline_fault_decode(uint32_t exc, struct fault_info *info);
uint32_t mainline_fault_finish(struct fault_info *info);
/* Whether the report may read the frame at info->sp: not when stacking it
 * faulted (cfsr: what mainline_fault_decode returned), and for
 * unprivileged code only inside its process's RAM. */
bool mainline_frame_readable(const struct fault_info *info, uint32_t cfsr);

/* Makes g the running thread's stack guard (the profile's thread.c: an
 * MPU region on ARMv7-M, PSPLIM on ARMv8-M).  Used by the syscall entry
 * and exit (user.c), which move a thread between its two stacks. */
struct arch_guard;
void arch_guard_load(const struct arch_guard *g);

#endif
