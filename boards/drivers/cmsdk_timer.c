/* SPDX-License-Identifier: MIT */
/* The ARM CMSDK APB timer (cmsdk_timer.h). */
#include "cmsdk_timer.h"

#include "arch.h"
#include "mmio.h"

#define TIMER_CTRL 0x0u /* bit 0: enable, bit 3: interrupt enable */
#define TIMER_VALUE 0x4u
#define TIMER_RELOAD 0x8u
#define TIMER_INTCLEAR 0xcu
#define CTRL_ENABLE (1u << 0)
#define CTRL_IRQ_ENABLE (1u << 3)

void cmsdk_timer_free_run(uintptr_t base)
{
	mmio_write(base + TIMER_CTRL, 0);
	mmio_write(base + TIMER_RELOAD, 0xffffffffu);
	mmio_write(base + TIMER_VALUE, 0xffffffffu);
	mmio_write(base + TIMER_CTRL, CTRL_ENABLE);
}

uint32_t cmsdk_timer_count(uintptr_t base)
{
	return ~mmio_read(base + TIMER_VALUE);
}

void cmsdk_alarm_start(uintptr_t base, unsigned irq)
{
	cmsdk_timer_free_run(base); /* after an alarm: far away */
	mmio_write(base + TIMER_INTCLEAR, 1);
	mmio_write(base + TIMER_CTRL, CTRL_IRQ_ENABLE | CTRL_ENABLE);
	arch_irq_set_priority(irq, ARCH_TICK_PRIORITY);
	arch_irq_enable(irq);
}

void cmsdk_alarm_in(uintptr_t base, unsigned irq, int32_t counts)
{
	/* An alarm that came and was not taken is done with: dropped first
	 * (should the old count end just after, its interrupt only finds the
	 * tick caught up). */
	mmio_write(base + TIMER_INTCLEAR, 1);
	arch_irq_unpend(irq);
	if (counts > 0)
		mmio_write(base + TIMER_VALUE, (uint32_t)counts);
	else
		arch_irq_trigger(irq); /* due: pending at once */
}

void cmsdk_alarm_ack(uintptr_t base)
{
	mmio_write(base + TIMER_INTCLEAR, 1);
}

void cmsdk_alarm_interrupt(uintptr_t base)
{
	cmsdk_alarm_ack(base);
	arch_tick_alarm_interrupt();
}
