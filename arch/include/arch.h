/*
 * The arch contract: the only way kernel/ reaches the CPU.  Each profile
 * folder (arch/armv7-m, later armv6-m and armv8-m) implements every
 * function here; code shared by all profiles lives in arch/common.
 * Nothing in this header names a register.
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stdint.h>

/* Called first from the reset handler, before .data and .bss exist:
 * enables what compiled C may use at once (the FPU on cores with one). */
void arch_reset_init(void);

/* Exception priorities, fault handlers, trapping of unaligned access and
 * division by zero.  Called once before the kernel starts. */
void arch_init(void);

/* Name of the core read from CPUID, e.g. "Cortex-M3 r2p1". */
const char *arch_cpu_name(void);
uint32_t arch_cpuid(void);

/* Whether the core has a floating-point unit in use by this build. */
bool arch_has_fpu(void);

/* End execution with a status: through semihosting when built for it
 * (QEMU or a debugger), otherwise by halting the core in a WFI loop. */
__attribute__((noreturn)) void arch_halt(int status);

#endif
