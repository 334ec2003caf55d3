/* SPDX-License-Identifier: MIT */
/*
 * NVIC access for ARMv7-M and ARMv8-M Mainline: priorities
 * (byte-addressable IPR; ARMv6-M needs whole words), enable and software
 * trigger (STIR, which takes the interrupt's number as it is; ARMv6-M,
 * which has none, sets the interrupt's bit in ISPR).  On ARMv8-M every
 * interrupt targets Secure state, where the kernel runs: NVIC_ITNS resets
 * to 0 and is left so.
 */
#include "arch.h"
#include "cortex_m.h"

void arch_irq_set_priority(unsigned irq, uint8_t priority)
{
	NVIC_IPR8(irq) = priority;
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
	NVIC_STIR = irq; /* privileged: CCR.USERSETMPEND is left clear */
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

void arch_irq_unpend(unsigned irq)
{
	NVIC_ICPR(irq / 32) = 1u << (irq % 32);
}
