/* SPDX-License-Identifier: MIT */
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

/* isr_irq0 .. isr_irq127, declared and listed sixteen at a time. */
#define IRQ_ROW0 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
#define IRQ_ROW1 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
#define IRQ_ROW2 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47
#define IRQ_ROW3 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63
#define IRQ_ROW4 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79
#define IRQ_ROW5 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95
#define IRQ_ROW6 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111
#define IRQ_ROW7 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127

#define IRQ_DECL16(...) IRQ_DECL16_(__VA_ARGS__)
#define IRQ_DECL16_(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)                          \
	WEAK_ISR(isr_irq##a); WEAK_ISR(isr_irq##b); WEAK_ISR(isr_irq##c); WEAK_ISR(isr_irq##d); \
	WEAK_ISR(isr_irq##e); WEAK_ISR(isr_irq##f); WEAK_ISR(isr_irq##g); WEAK_ISR(isr_irq##h); \
	WEAK_ISR(isr_irq##i); WEAK_ISR(isr_irq##j); WEAK_ISR(isr_irq##k); WEAK_ISR(isr_irq##l); \
	WEAK_ISR(isr_irq##m); WEAK_ISR(isr_irq##n); WEAK_ISR(isr_irq##o); WEAK_ISR(isr_irq##p)
#define IRQ_LIST16(...) IRQ_LIST16_(__VA_ARGS__)
#define IRQ_LIST16_(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)                      \
	isr_irq##a, isr_irq##b, isr_irq##c, isr_irq##d, isr_irq##e, isr_irq##f, isr_irq##g, \
	isr_irq##h, isr_irq##i, isr_irq##j, isr_irq##k, isr_irq##l, isr_irq##m, isr_irq##n, \
	isr_irq##o, isr_irq##p

IRQ_DECL16(IRQ_ROW0);
IRQ_DECL16(IRQ_ROW1);
IRQ_DECL16(IRQ_ROW2);
IRQ_DECL16(IRQ_ROW3);
IRQ_DECL16(IRQ_ROW4);
IRQ_DECL16(IRQ_ROW5);
IRQ_DECL16(IRQ_ROW6);
IRQ_DECL16(IRQ_ROW7);

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
	IRQ_LIST16(IRQ_ROW0),
#endif
#if BOARD_IRQS > 16
	IRQ_LIST16(IRQ_ROW1),
#endif
#if BOARD_IRQS > 32
	IRQ_LIST16(IRQ_ROW2),
#endif
#if BOARD_IRQS > 48
	IRQ_LIST16(IRQ_ROW3),
#endif
#if BOARD_IRQS > 64
	IRQ_LIST16(IRQ_ROW4),
#endif
#if BOARD_IRQS > 80
	IRQ_LIST16(IRQ_ROW5),
#endif
#if BOARD_IRQS > 96
	IRQ_LIST16(IRQ_ROW6),
#endif
#if BOARD_IRQS > 112
	IRQ_LIST16(IRQ_ROW7),
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
