/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of syscalls (the ABI is user/include/kestrel/syscall.h;
 * the decoding rules are in kernel/syscall.c).
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/process.h"

/* Whether [addr, addr + len) lies wholly inside p's own memory: its data
 * region, or for reading (write false) also its code region.  Always true
 * for a privileged process. */
bool syscall_range_ok(const struct process *p, uintptr_t addr, uint32_t len, bool write);

/* Runs syscall number with its arguments for the calling thread; called
 * by the arch syscall entry in privileged thread mode on the thread's
 * kernel stack.  Returns the result for the user code. */
int32_t syscall_run(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t number);

#endif
