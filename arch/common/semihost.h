/* SPDX-License-Identifier: MIT */
/*
 * ARM semihosting (ARM IHI 0087): a BKPT 0xAB trap the debugger or QEMU
 * answers.  Without a debugger attached the trap is a HardFault on real
 * hardware, so the build only uses it when CONFIG_SEMIHOSTING is set.
 */
#ifndef ARCH_SEMIHOST_H
#define ARCH_SEMIHOST_H

/* Ends the session: QEMU exits with this status. */
__attribute__((noreturn)) void semihost_exit(int status);

#endif
