/* SPDX-License-Identifier: MIT */
/* The register file and write log of fake_mmio.h, and its NVIC. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "fake_mmio.h"

#define REGISTERS 256
#define LOG_ENTRIES 4096

static struct {
	uintptr_t addr;
	uint32_t value;
} regs[REGISTERS], log_[LOG_ENTRIES];
static size_t reg_count, log_count;

struct fake_irq fake_irq[FAKE_IRQS];

void fake_mmio_reset(void)
{
	reg_count = 0;
	log_count = 0;
	memset(fake_irq, 0, sizeof(fake_irq));
}

static struct fake_irq *irq_line(unsigned irq)
{
	if (irq >= FAKE_IRQS) {
		fprintf(stderr, "fake_mmio: IRQ %u out of range\n", irq);
		abort();
	}
	return &fake_irq[irq];
}

void arch_irq_set_priority(unsigned irq, uint8_t priority)
{
	irq_line(irq)->priority = priority;
}

void arch_irq_enable(unsigned irq)
{
	irq_line(irq)->enabled = true;
}

void arch_irq_disable(unsigned irq)
{
	irq_line(irq)->enabled = false;
}

void arch_irq_trigger(unsigned irq)
{
	irq_line(irq)->pending = true;
}

void arch_irq_unpend(unsigned irq)
{
	irq_line(irq)->pending = false;
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
