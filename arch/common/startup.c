/*
 * Reset and the vector table, common to all Cortex-M profiles.
 *
 * The table sits at the start of flash (where QEMU and the cores fetch the
 * reset SP and PC).  Every exception and interrupt has a weak handler that
 * reports it as unexpected; kernel, arch and drivers override the ones they
 * use by defining a function of the same name (isr_systick, isr_irq5, ...).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "board.h"
#include "cortex_m.h"
#include "kernel/panic.h"

#ifndef BOARD_IRQS
#error "BOARD_IRQS must be set by the board (board.mk)"
#endif

typedef void (*isr_t)(void);

extern uint32_t __msp_stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];

extern void __libc_init_array(void);
extern int kernel_start(void);

void isr_reset(void);
void isr_unexpected(void);

#define WEAK_ISR(name) void name(void) __attribute__((weak, alias("isr_unexpected")))
WEAK_ISR(isr_nmi);
WEAK_ISR(isr_hardfault);
WEAK_ISR(isr_memmanage);
WEAK_ISR(isr_busfault);
WEAK_ISR(isr_usagefault);
WEAK_ISR(isr_securefault);
WEAK_ISR(isr_svcall);
WEAK_ISR(isr_debugmon);
WEAK_ISR(isr_pendsv);
WEAK_ISR(isr_systick);

#define IRQ_DECL4(n) WEAK_ISR(isr_irq##n##0); WEAK_ISR(isr_irq##n##1); \
	WEAK_ISR(isr_irq##n##2); WEAK_ISR(isr_irq##n##3)
#define IRQ_DECL16(n) IRQ_DECL4(n##0); IRQ_DECL4(n##1); IRQ_DECL4(n##2); IRQ_DECL4(n##3)
#define IRQ_ROW4(n) isr_irq##n##0, isr_irq##n##1, isr_irq##n##2, isr_irq##n##3
#define IRQ_ROW16(n) IRQ_ROW4(n##0), IRQ_ROW4(n##1), IRQ_ROW4(n##2), IRQ_ROW4(n##3)

/* isr_irq000 .. isr_irq127: IRQ numbers in three decimal digits. */
IRQ_DECL16(0);
IRQ_DECL16(1);
IRQ_DECL16(2);
IRQ_DECL16(3);
IRQ_DECL16(4);
IRQ_DECL16(5);
IRQ_DECL16(6);
IRQ_DECL16(7);

_Static_assert(BOARD_IRQS <= 128, "more IRQs than the table can name");
_Static_assert(BOARD_IRQS % 16 == 0, "BOARD_IRQS: round the board's IRQ count up to 16");

__attribute__((section(".vectors"), used)) const isr_t vector_table[] = {
	(isr_t)(uintptr_t)__msp_stack_top,
	isr_reset,
	isr_nmi,
	isr_hardfault,
	isr_memmanage,
	isr_busfault,
	isr_usagefault,
	isr_securefault,
	0,
	0,
	0,
	isr_svcall,
	isr_debugmon,
	0,
	isr_pendsv,
	isr_systick,
#if BOARD_IRQS > 0
	IRQ_ROW16(0),
#endif
#if BOARD_IRQS > 16
	IRQ_ROW16(1),
#endif
#if BOARD_IRQS > 32
	IRQ_ROW16(2),
#endif
#if BOARD_IRQS > 48
	IRQ_ROW16(3),
#endif
#if BOARD_IRQS > 64
	IRQ_ROW16(4),
#endif
#if BOARD_IRQS > 80
	IRQ_ROW16(5),
#endif
#if BOARD_IRQS > 96
	IRQ_ROW16(6),
#endif
#if BOARD_IRQS > 112
	IRQ_ROW16(7),
#endif
};
_Static_assert(sizeof(vector_table) == sizeof(isr_t) * (EXC_IRQ0 + BOARD_IRQS),
	       "vector table size");

void isr_unexpected(void)
{
	panic("unexpected exception %lu (no handler installed)",
	      (unsigned long)(SCB_ICSR & ICSR_VECTACTIVE_MASK));
}

void isr_reset(void)
{
	arch_reset_init();

	size_t data_bytes = (size_t)((uintptr_t)__data_end - (uintptr_t)__data_start);
	size_t bss_bytes = (size_t)((uintptr_t)__bss_end - (uintptr_t)__bss_start);
	memcpy(__data_start, __data_load, data_bytes);
	memset(__bss_start, 0, bss_bytes);

	SCB_VTOR = (uint32_t)(uintptr_t)vector_table;
	__asm__ volatile("dsb\n\tisb" ::: "memory");

	board_init();
	arch_init();
	__libc_init_array();
	exit(kernel_start());
}
