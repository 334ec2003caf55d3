/* SPDX-License-Identifier: MIT */
/* The register file and write log of fake_mmio.h. */
#include <stdio.h>
#include <stdlib.h>

#include "fake_mmio.h"

#define REGISTERS 256
#define LOG_ENTRIES 4096

static struct {
	uintptr_t addr;
	uint32_t value;
} regs[REGISTERS], log_[LOG_ENTRIES];
static size_t reg_count, log_count;

void fake_mmio_reset(void)
{
	reg_count = 0;
	log_count = 0;
}

static size_t slot(uintptr_t addr)
{
	for (size_t i = 0; i < reg_count; i++)
		if (regs[i].addr == addr)
			return i;
	if (reg_count == REGISTERS) {
		fprintf(stderr, "fake_mmio: more than %d registers\n", REGISTERS);
		abort();
	}
	regs[reg_count].addr = addr;
	regs[reg_count].value = 0;
	return reg_count++;
}

uint32_t fake_reg(uintptr_t addr)
{
	return regs[slot(addr)].value;
}

void fake_reg_set(uintptr_t addr, uint32_t value)
{
	regs[slot(addr)].value = value;
}

uint32_t mmio_read(uintptr_t addr)
{
	return fake_chip_read(addr);
}

void mmio_write(uintptr_t addr, uint32_t value)
{
	if (log_count == LOG_ENTRIES) {
		fprintf(stderr, "fake_mmio: more than %d writes\n", LOG_ENTRIES);
		abort();
	}
	log_[log_count].addr = addr;
	log_[log_count].value = value;
	log_count++;
	fake_chip_write(addr, value);
}

size_t fake_write_index(uintptr_t addr, uint32_t mask, uint32_t bits, size_t from)
{
	for (size_t i = from; i < log_count; i++)
		if (log_[i].addr == addr && (log_[i].value & mask) == bits)
			return i;
	return FAKE_NEVER;
}

size_t fake_writes_to(uintptr_t base, uintptr_t bytes)
{
	size_t n = 0;

	for (size_t i = 0; i < log_count; i++)
		if (log_[i].addr >= base && log_[i].addr - base < bytes)
			n++;
	return n;
}
