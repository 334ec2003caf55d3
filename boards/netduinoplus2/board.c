/* SPDX-License-Identifier: MIT */
/*
 * Netduino Plus 2 (STM32F405RG, Cortex-M4F): 168 MHz from the 25 MHz
 * crystal through the main PLL, console on USART1 (PA9 TX, PA10 RX, AF7)
 * at 115200 baud.
 *
 * QEMU models no RCC on this machine (reads 0, writes ignored) and always
 * clocks the core at 168 MHz.  A real STM32 reads HSIRDY = 1 from reset, so
 * HSIRDY = 0 tells the two apart without a build option.  On silicon every
 * wait is bounded: if the crystal or PLL fails the board stays on the
 * 16 MHz HSI and says so.
 *
 * The board clock (board.h) is TIM2, a 32-bit timer counting up with no
 * prescaler, started in board_init.  On silicon it counts the APB1 timer
 * clock (84 MHz with the PLL); QEMU clocks it at 1 GHz whatever the
 * prescalers say, so under -icount shift=0 a count is one instruction.
 *
 * The console's receive interrupt is USART1's, IRQ 37 (RM0090 §12,
 * the vector table; QEMU's stm32f405 model wires USART1 to it).
 */
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "mmio.h"
#include "uart.h"

#define RCC_CR 0x40023800u
#define RCC_PLLCFGR 0x40023804u
#define RCC_CFGR 0x40023808u
#define RCC_AHB1ENR 0x40023830u
#define RCC_APB1ENR 0x40023840u
#define RCC_APB2ENR 0x40023844u
#define FLASH_ACR 0x40023c00u
#define GPIOA_MODER 0x40020000u
#define GPIOA_AFRH 0x40020024u
#define USART1_BASE 0x40011000u
#define USART1_IRQ 37
#define TIM2_BASE 0x40000000u
#define TIM_CR1 0x00u
#define TIM_EGR 0x14u
#define TIM_CNT 0x24u
#define TIM_PSC 0x28u
#define TIM_ARR 0x2cu

#define CR_HSIRDY (1u << 1)
#define CR_HSEON (1u << 16)
#define CR_HSERDY (1u << 17)
#define CR_PLLON (1u << 24)
#define CR_PLLRDY (1u << 25)
/* 25 MHz / M 25 * N 336 / P 2 = 168 MHz; / Q 7 = 48 MHz for USB. */
#define PLLCFGR_168MHZ (25u | (336u << 6) | (0u << 16) | (1u << 22) | (7u << 24))
#define CFGR_SW_PLL 2u
#define CFGR_SWS_MASK (3u << 2)
#define CFGR_SWS_PLL (2u << 2)
#define CFGR_PPRE1_DIV4 (5u << 10)
#define CFGR_PPRE1_SHIFT 10
#define CFGR_PPRE2_DIV2 (4u << 13)
#define ACR_5WS_CACHES (5u | (1u << 8) | (1u << 9) | (1u << 10))

#define HSI_HZ 16000000u
#define QEMU_TIMER_HZ 1000000000u
#define PLL_HZ 168000000u
#define READY_POLLS 100000u
#define CONSOLE_BAUD 115200u

static uint32_t cpu_hz = HSI_HZ;
static uint32_t apb2_hz = HSI_HZ;
static uint32_t timer_hz = HSI_HZ;
static bool on_qemu;
static const char *clock_note = "16 MHz HSI, crystal or PLL failed";

static bool wait_set(uintptr_t reg, uint32_t mask, uint32_t value)
{
	for (uint32_t i = 0; i < READY_POLLS; i++)
		if ((mmio_read(reg) & mask) == value)
			return true;
	return false;
}

static void clock_init(void)
{
	if (!(mmio_read(RCC_CR) & CR_HSIRDY)) {
		cpu_hz = PLL_HZ;
		apb2_hz = PLL_HZ / 2;
		on_qemu = true;
		clock_note = "QEMU: RCC not modelled, core fixed at 168 MHz";
		return;
	}
	mmio_write(RCC_CR, mmio_read(RCC_CR) | CR_HSEON);
	if (!wait_set(RCC_CR, CR_HSERDY, CR_HSERDY))
		return;
	mmio_write(RCC_PLLCFGR, PLLCFGR_168MHZ);
	mmio_write(RCC_CR, mmio_read(RCC_CR) | CR_PLLON);
	if (!wait_set(RCC_CR, CR_PLLRDY, CR_PLLRDY))
		return;
	mmio_write(FLASH_ACR, ACR_5WS_CACHES);
	mmio_write(RCC_CFGR, CFGR_PPRE1_DIV4 | CFGR_PPRE2_DIV2 | CFGR_SW_PLL);
	if (!wait_set(RCC_CFGR, CFGR_SWS_MASK, CFGR_SWS_PLL))
		return;
	cpu_hz = PLL_HZ;
	apb2_hz = PLL_HZ / 2;
	clock_note = "25 MHz crystal, PLL";
}

/* The APB1 timers' clock (RM0090, RCC clocks): the APB1 clock, doubled
 * when its prescaler divides.  QEMU runs its timers at 1 GHz instead. */
static uint32_t apb1_timer_hz(void)
{
	if (on_qemu)
		return QEMU_TIMER_HZ;
	uint32_t ppre1 = (mmio_read(RCC_CFGR) >> CFGR_PPRE1_SHIFT) & 7u;

	return ppre1 < 4 ? cpu_hz : 2 * (cpu_hz >> (ppre1 - 3));
}

static void board_clock_start(void)
{
	mmio_write(RCC_APB1ENR, mmio_read(RCC_APB1ENR) | (1u << 0)); /* TIM2 */
	mmio_write(TIM2_BASE + TIM_PSC, 0);
	mmio_write(TIM2_BASE + TIM_ARR, 0xffffffffu);
	mmio_write(TIM2_BASE + TIM_EGR, 1);  /* UG: load PSC, CNT = 0 */
	mmio_write(TIM2_BASE + TIM_CR1, 1);  /* CEN */
}

void board_init(void)
{
	clock_init();
	timer_hz = apb1_timer_hz();
	board_clock_start();
	mmio_write(RCC_AHB1ENR, mmio_read(RCC_AHB1ENR) | (1u << 0)); /* GPIOA */
	mmio_write(RCC_APB2ENR, mmio_read(RCC_APB2ENR) | (1u << 4)); /* USART1 */
	/* PA9, PA10: alternate function 7 (USART1). */
	mmio_write(GPIOA_MODER, (mmio_read(GPIOA_MODER) & ~(0xfu << 18)) | (0xau << 18));
	mmio_write(GPIOA_AFRH, (mmio_read(GPIOA_AFRH) & ~(0xffu << 4)) | (0x77u << 4));
	stm32_usart_init(USART1_BASE, apb2_hz, CONSOLE_BAUD);
}

void board_console_putc(char c)
{
	stm32_usart_putc(USART1_BASE, c);
}

int board_console_getc(void)
{
	return stm32_usart_getc(USART1_BASE);
}

/* The console's receive interrupt (board.h).  RXNE: reading the data
 * register lowers it (uart_stm32.c). */
unsigned board_console_rx_irq_on(void)
{
	stm32_usart_rx_irq_on(USART1_BASE);
	return USART1_IRQ;
}

void isr_irq37(void) /* USART1 */
{
	console_rx_interrupt();
}

uint32_t board_clock_now(void)
{
	return mmio_read(TIM2_BASE + TIM_CNT);
}

uint32_t board_clock_hz(void)
{
	return timer_hz;
}

bool board_clock_from_reset(void)
{
	return false;
}

uint32_t board_cpu_hz(void)
{
	return cpu_hz;
}

void board_print_banner(void)
{
	printf("clocks:  core %lu Hz (%s), APB2 %lu Hz, SysTick on core clock\n",
	       (unsigned long)cpu_hz, clock_note, (unsigned long)apb2_hz);
}

const struct board_info board_info = {
	.name = "netduinoplus2",
	.description = "Netduino Plus 2 (STM32F405RG, Cortex-M4F)",
	.console = "STM32 USART1 @ 0x40011000 (PA9/PA10)",
	.console_can_receive = true,
};
