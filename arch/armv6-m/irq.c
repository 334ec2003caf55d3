/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M NVIC access: priorities (IPR, word access only, so each write
 * is a read-modify-write under the kernel lock), enable and software
 * trigger (ISPR; ARMv6-M has no STIR).
 */
#include "arch.h"
#include "armv6m.h"

void arch_irq_set_priority(unsigned irq, uint8_t priority)
{
	uint32_t key = arch_irq_lock();

	priority_field_set(&NVIC_IPR(irq / 4), 8 * (irq % 4), priority);
	arch_irq_unlock(key);
}

void arch_irq_enable(unsigned irq)
{
	NVIC_ISER(irq / 32) = 1u << (irq % 32);
}

void arch_irq_disable(unsigned irq)
{
	NVIC_ICER(irq / 32) = 1u << (irq % 32);
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

void arch_irq_trigger(unsigned irq)
{
	NVIC_ISPR(irq / 32) = 1u << (irq % 32);
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

void arch_irq_unpend(unsigned irq)
{
	NVIC_ICPR(irq / 32) = 1u << (irq % 32);
}
