/* SPDX-License-Identifier: MIT */
/*
 * A register file in place of boards/drivers/mmio.h, for host tests of
 * board code (tests/host/test_board_*.c).  The Makefile includes this
 * header first in every file of such a test (-include), so its guard
 * makes the board code's own #include "mmio.h" add nothing and every
 * mmio_read and mmio_write lands here.
 *
 * The NVIC calls of arch.h that board code makes (the console's receive
 * interrupt) land here too, in fake_irq: what each line was set to.
 *
 * Each test models its chip in two functions it defines: fake_chip_read
 * (what a read returns, usually fake_reg plus status bits) and
 * fake_chip_write (what a write does, usually fake_reg_set).  Every write
 * is also logged, in order, so a test can check that one write came
 * before another.
 */
#ifndef TESTS_HOST_BOARDS_FAKE_MMIO_H
#define TESTS_HOST_BOARDS_FAKE_MMIO_H
#define BOARD_DRIVERS_MMIO_H /* boards/drivers/mmio.h is replaced */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint32_t mmio_read(uintptr_t addr);
void mmio_write(uintptr_t addr, uint32_t value);

/* The chip model, one per test. */
uint32_t fake_chip_read(uintptr_t addr);
void fake_chip_write(uintptr_t addr, uint32_t value);

/* The NVIC as board code left it (arch_irq_set_priority, _enable,
 * _disable, _trigger, _unpend); fake_mmio_reset clears it. */
#define FAKE_IRQS 128
extern struct fake_irq {
	uint8_t priority;
	bool enabled;
	bool pending;
} fake_irq[FAKE_IRQS];

/* Every register back to 0, the log emptied, the NVIC cleared. */
void fake_mmio_reset(void);
uint32_t fake_reg(uintptr_t addr);
void fake_reg_set(uintptr_t addr, uint32_t value);

#define FAKE_NEVER SIZE_MAX
/* The position in the log of the first write to addr whose value has
 * (value & mask) == bits, at or after position from; FAKE_NEVER if none. */
size_t fake_write_index(uintptr_t addr, uint32_t mask, uint32_t bits, size_t from);
/* The number of writes to any address in [base, base + bytes). */
size_t fake_writes_to(uintptr_t base, uintptr_t bytes);

#endif
