/* SPDX-License-Identifier: MIT */
/*
 * System control space registers common to the Cortex-M profiles
 * (ARMv6-M, ARMv7-M, ARMv8-M), from the ARMv7-M Architecture Reference
 * Manual (ARM DDI 0403) §B3.  Profile-only registers (MPU layouts, fault
 * status, CPACR) live in the profile's own folder.
 */
#ifndef ARCH_CORTEX_M_H
#define ARCH_CORTEX_M_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define REG8(addr) (*(volatile uint8_t *)(addr))

/* SysTick (§B3.3). */
#define SYST_CSR REG32(0xe000e010u)
#define SYST_RVR REG32(0xe000e014u)
#define SYST_CVR REG32(0xe000e018u)
#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)
#define SYST_CSR_COUNTFLAG (1u << 16)

/* NVIC (§B3.4).  Priority registers hold four 8-bit fields per word;
 * ARMv6-M allows only word access to them (NVIC_IPR, SCB_SHPR), the
 * mainline profiles byte access too (NVIC_IPR8, SCB_SHPR8). */
#define NVIC_ISER(n) REG32(0xe000e100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xe000e180u + 4u * (n))
#define NVIC_ISPR(n) REG32(0xe000e200u + 4u * (n))
#define NVIC_STIR    REG32(0xe000ef00u) /* ARMv7-M and ARMv8-M Mainline only */
#define NVIC_ICPR(n) REG32(0xe000e280u + 4u * (n))
#define NVIC_IPR(n) REG32(0xe000e400u + 4u * (n))
#define NVIC_IPR8(irq) REG8(0xe000e400u + (irq))

/* System control block (§B3.2). */
#define SCB_CPUID REG32(0xe000ed00u)
#define SCB_ICSR REG32(0xe000ed04u)
#define SCB_VTOR REG32(0xe000ed08u)
#define SCB_AIRCR REG32(0xe000ed0cu)
#define SCB_SCR REG32(0xe000ed10u)
#define SCB_CCR REG32(0xe000ed14u)
#define SCB_SHPR(n) REG32(0xe000ed18u + 4u * ((n) - 1u)) /* SHPR1..3 */
#define SCB_SHPR8(exc) REG8(0xe000ed18u + (exc) - 4u)     /* exceptions 4..15 */
#define SCB_SHCSR REG32(0xe000ed24u)

#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSTSET (1u << 26)
#define ICSR_PENDSTCLR (1u << 25)
#define ICSR_VECTACTIVE_MASK 0x1ffu
#define AIRCR_VECTKEY (0x05fau << 16)
#define AIRCR_SYSRESETREQ (1u << 2)

/* Exception numbers. */
#define EXC_NMI 2
#define EXC_HARDFAULT 3
#define EXC_MEMMANAGE 4
#define EXC_BUSFAULT 5
#define EXC_USAGEFAULT 6
#define EXC_SECUREFAULT 7
#define EXC_SVCALL 11
#define EXC_DEBUGMON 12
#define EXC_PENDSV 14
#define EXC_SYSTICK 15
#define EXC_IRQ0 16

/* EXC_RETURN (§B1.5.8): the bits every profile defines.  ARMv8-M adds
 * S (bit 6), DCRS (bit 5) and ES (bit 0) for the Security Extension. */
#define EXC_RETURN_SPSEL (1u << 2) /* the frame is on PSP */
#define EXC_RETURN_MODE (1u << 3)  /* returns to thread mode */
#define EXC_RETURN_FTYPE (1u << 4) /* 1: basic frame, 0: extended (FP) frame */

/* The frame the hardware pushes on exception entry (§B1.5.6). */
struct exception_frame {
	uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
};

#endif
