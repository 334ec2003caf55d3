/* SPDX-License-Identifier: MIT */
/*
 * The parts of a fault report every Cortex-M profile prints the same way:
 * the headline, a status register decoded bit by bit, and the frame the
 * hardware stacked.  Each profile's fault.c decides what to print and in
 * which order; the words come from here.  Everything prints through
 * kprintf: no lock, no allocation, safe in any state.
 */
#ifndef ARCH_FAULT_PRINT_H
#define ARCH_FAULT_PRINT_H

#include <stdint.h>

#include "cortex_m.h"

struct fault_bit {
	uint32_t mask;
	const char *what;
};

/* "HardFault", "MemManage fault", ... for exception numbers 3..7. */
const char *fault_name(uint32_t exc);

/* "*** FAULT: <name> (exception <n>) in thread mode on PSP". */
void fault_print_headline(uint32_t exc, uint32_t exc_return);

/* "  <reg> = 0x..." and one line for each set bit that bits describes. */
void fault_print_bits(const char *reg, uint32_t value, const struct fault_bit *bits,
		      unsigned count);

/* r0-r3, r12, pc, lr, xPSR of the stacked frame, EXC_RETURN and where the
 * frame is.  pc and lr get a line each: tools/qemu_run.py adds symbols. */
void fault_print_frame(const struct exception_frame *frame, uint32_t exc_return);

#endif
