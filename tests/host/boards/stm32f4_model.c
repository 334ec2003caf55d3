/* SPDX-License-Identifier: MIT */
/* The STM32F4 model of stm32f4_model.h. */
#include "fake_mmio.h"
#include "stm32f4_model.h"

#define CR_HSIRDY (1u << 1)
#define CR_HSERDY (1u << 17)
#define CR_PLLRDY (1u << 25)

static struct stm32f4_model chip;

void stm32f4_model_reset(struct stm32f4_model model)
{
	chip = model;
	fake_mmio_reset();
}

uint32_t fake_chip_read(uintptr_t addr)
{
	uint32_t value = fake_reg(addr);

	if (addr >= RCC_CR && addr < RCC_CR + 0x400 && chip.qemu)
		return 0;
	if (addr == RCC_CR) {
		value |= CR_HSIRDY;
		if (chip.hse_present && (value & CR_HSEON))
			value |= CR_HSERDY;
		if (chip.pll_locks && (value & CR_PLLON))
			value |= CR_PLLRDY;
	}
	if (addr == RCC_CFGR)
		value = (value & ~(3u << 2)) | ((value & CFGR_SW_MASK) << 2);
	return value;
}

void fake_chip_write(uintptr_t addr, uint32_t value)
{
	fake_reg_set(addr, value);
}
