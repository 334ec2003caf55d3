/* SPDX-License-Identifier: MIT */
/* Memory-mapped register access for board drivers. */
#ifndef BOARD_DRIVERS_MMIO_H
#define BOARD_DRIVERS_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

#endif
