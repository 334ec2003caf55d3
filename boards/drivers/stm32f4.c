/* SPDX-License-Identifier: MIT */
/*
 * STM32F4 clock tree, GPIO pins and TIM2 (stm32f4.h).
 *
 * Facts used, the same in RM0368 (STM32F401, §6 RCC, §3 flash, §8 GPIO,
 * §13 TIM2) and RM0090 (STM32F405/407, §7 RCC, §3 flash, §8 GPIO, §18
 * TIM2):
 *   RCC_CR +0x00: HSIRDY bit 1, HSEON 16, HSERDY 17, HSEBYP 18, PLLON 24,
 *     PLLRDY 25.  HSIRDY reads 1 from reset on silicon (the core runs on
 *     the HSI); QEMU's netduinoplus2 leaves the RCC unimplemented and it
 *     reads 0, which is how the two are told apart.
 *   RCC_PLLCFGR +0x04: PLLM bits 5:0, PLLN 14:6, PLLP 17:16 (0 = /2,
 *     1 = /4, 2 = /6, 3 = /8), PLLSRC bit 22 (1 = HSE), PLLQ 27:24.
 *     VCO input = source / M, 2 MHz recommended "to limit PLL jitter";
 *     VCO = input * N; SYSCLK = VCO / P; the 48 MHz clock = VCO / Q.
 *   RCC_CFGR +0x08: SW bits 1:0 (2 = PLL), SWS 3:2, PPRE1 12:10, PPRE2
 *     15:13 (0xx = /1, 100 = /2, 101 = /4, 110 = /8, 111 = /16).  A timer
 *     on an APB bus whose prescaler divides counts at twice that bus.
 *   RCC_AHB1ENR +0x30 (GPIOx bit x), RCC_APB1ENR +0x40.
 *   FLASH_ACR 0x40023c00: LATENCY bits 3:0, PRFTEN 8, ICEN 9, DCEN 10.
 *     The new latency must be read back before the clock goes up.
 *   GPIO: MODER +0x00 (2 bits a pin: 1 output, 2 alternate), BSRR +0x18
 *     (set bits 15:0, reset bits 31:16), AFRL +0x20, AFRH +0x24 (4 bits
 *     a pin).
 *   TIM2 (32 bits): CR1 +0x00 (CEN bit 0), EGR +0x14 (UG bit 0), CNT
 *     +0x24, PSC +0x28, ARR +0x2c.
 */
#include "mmio.h"
#include "stm32f4.h"

#define RCC_CR 0x40023800u
#define RCC_PLLCFGR 0x40023804u
#define RCC_CFGR 0x40023808u
#define RCC_AHB1ENR 0x40023830u
#define RCC_APB1ENR 0x40023840u
#define FLASH_ACR 0x40023c00u

#define CR_HSIRDY (1u << 1)
#define CR_HSEON (1u << 16)
#define CR_HSERDY (1u << 17)
#define CR_HSEBYP (1u << 18)
#define CR_PLLON (1u << 24)
#define CR_PLLRDY (1u << 25)
#define PLLCFGR_SRC_HSE (1u << 22)
#define CFGR_SW_PLL 2u
#define CFGR_SWS_MASK (3u << 2)
#define CFGR_SWS_PLL (2u << 2)
#define CFGR_PPRE1_SHIFT 10
#define CFGR_PPRE2_SHIFT 13
#define ACR_LATENCY_MASK 0xfu
#define ACR_PRFTEN (1u << 8)
#define ACR_ICEN (1u << 9)
#define ACR_DCEN (1u << 10)

#define GPIO_MODER 0x00u
#define GPIO_BSRR 0x18u
#define GPIO_AFRL 0x20u
#define MODER_OUTPUT 1u
#define MODER_ALTERNATE 2u

#define TIM2_BASE 0x40000000u
#define TIM_CR1 0x00u
#define TIM_EGR 0x14u
#define TIM_CNT 0x24u
#define TIM_PSC 0x28u
#define TIM_ARR 0x2cu

#define HSI_HZ 16000000u
#define VCO_IN_HZ 2000000u
#define USB_HZ 48000000u
#define QEMU_SYS_HZ 168000000u    /* the netduinoplus2 model's fixed clock */
#define QEMU_TIMER_HZ 1000000000u /* QEMU's STM32 timers count at 1 GHz */
#define READY_POLLS 100000u

static bool wait_set(uintptr_t reg, uint32_t mask, uint32_t value)
{
	for (uint32_t i = 0; i < READY_POLLS; i++)
		if ((mmio_read(reg) & mask) == value)
			return true;
	return false;
}

/* The PPRE field for a divider of 1, 2, 4, 8 or 16. */
static uint32_t ppre_bits(uint32_t div)
{
	uint32_t bits = 0;

	if (div == 1)
		return 0;
	while ((2u << bits) < div)
		bits++;
	return 4u | bits;
}

static uint32_t timer_hz(uint32_t apb_hz, uint32_t div)
{
	return div == 1 ? apb_hz : 2 * apb_hz;
}

/* Starts the external clock; true once it is ready. */
static bool hse_start(const struct stm32f4_clock_plan *plan)
{
	uint32_t cr = mmio_read(RCC_CR);

	if (plan->hse_bypass)
		mmio_write(RCC_CR, cr | CR_HSEBYP); /* before HSEON */
	mmio_write(RCC_CR, mmio_read(RCC_CR) | CR_HSEON);
	if (wait_set(RCC_CR, CR_HSERDY, CR_HSERDY))
		return true;
	mmio_write(RCC_CR, mmio_read(RCC_CR) & ~(CR_HSEON | CR_HSEBYP));
	return false;
}

/* Configures and locks the PLL from a source of source_hz. */
static bool pll_start(const struct stm32f4_clock_plan *plan, uint32_t source_hz, bool from_hse)
{
	uint32_t vco_hz = plan->sys_hz * plan->pll_p;
	uint32_t m = source_hz / VCO_IN_HZ;
	uint32_t n = vco_hz / VCO_IN_HZ;
	uint32_t q = (vco_hz + USB_HZ - 1) / USB_HZ; /* 48 MHz at most */

	mmio_write(RCC_PLLCFGR, m | (n << 6) | ((plan->pll_p / 2 - 1) << 16) |
				(from_hse ? PLLCFGR_SRC_HSE : 0) | (q << 24));
	mmio_write(RCC_CR, mmio_read(RCC_CR) | CR_PLLON);
	return wait_set(RCC_CR, CR_PLLRDY, CR_PLLRDY);
}

void stm32f4_clock_init(const struct stm32f4_clock_plan *plan, struct stm32f4_clocks *out)
{
	if (!(mmio_read(RCC_CR) & CR_HSIRDY)) {
		out->sys_hz = QEMU_SYS_HZ;
		out->apb1_hz = QEMU_SYS_HZ / plan->apb1_div;
		out->apb2_hz = QEMU_SYS_HZ / plan->apb2_div;
		out->tim2_hz = QEMU_TIMER_HZ;
		out->source = "QEMU: RCC not modelled, core fixed at 168 MHz";
		return;
	}
	out->sys_hz = out->apb1_hz = out->apb2_hz = out->tim2_hz = HSI_HZ;

	bool from_hse = hse_start(plan);
	if (!pll_start(plan, from_hse ? plan->hse_hz : HSI_HZ, from_hse)) {
		out->source = "16 MHz HSI: the PLL did not lock";
		return;
	}
	/* Wait states first, read back, then the bus dividers, then the
	 * switch (RM0090 §3.5.1, RM0368 §3.4.1). */
	mmio_write(FLASH_ACR, plan->flash_wait_states | ACR_PRFTEN | ACR_ICEN | ACR_DCEN);
	if (!wait_set(FLASH_ACR, ACR_LATENCY_MASK, plan->flash_wait_states)) {
		out->source = "16 MHz HSI: the flash latency did not take";
		return;
	}
	uint32_t cfgr = (ppre_bits(plan->apb1_div) << CFGR_PPRE1_SHIFT) |
			(ppre_bits(plan->apb2_div) << CFGR_PPRE2_SHIFT);
	mmio_write(RCC_CFGR, cfgr);
	mmio_write(RCC_CFGR, cfgr | CFGR_SW_PLL);
	if (!wait_set(RCC_CFGR, CFGR_SWS_MASK, CFGR_SWS_PLL)) {
		out->source = "16 MHz HSI: the switch to the PLL failed";
		return;
	}
	out->sys_hz = plan->sys_hz;
	out->apb1_hz = plan->sys_hz / plan->apb1_div;
	out->apb2_hz = plan->sys_hz / plan->apb2_div;
	out->tim2_hz = timer_hz(out->apb1_hz, plan->apb1_div);
	out->source = from_hse ? plan->hse_source
			       : "PLL from the 16 MHz HSI: the external clock did not start";
}

/* A port ignores writes while its clock is off: enable it first. */
static void gpio_port_enable(uintptr_t port)
{
	unsigned index = (unsigned)((port - STM32F4_GPIOA) / 0x400u);

	mmio_write(RCC_AHB1ENR, mmio_read(RCC_AHB1ENR) | (1u << index));
	(void)mmio_read(RCC_AHB1ENR); /* the clock is on before the port is touched */
}

static void gpio_mode(uintptr_t port, unsigned pin, uint32_t mode)
{
	mmio_write(port + GPIO_MODER,
		   (mmio_read(port + GPIO_MODER) & ~(3u << (2 * pin))) | (mode << (2 * pin)));
}

void stm32f4_gpio_alternate(uintptr_t port, unsigned pin, unsigned af)
{
	uintptr_t afr = port + GPIO_AFRL + 4 * (pin / 8);
	unsigned shift = 4 * (pin % 8);

	gpio_port_enable(port);
	mmio_write(afr, (mmio_read(afr) & ~(0xfu << shift)) | ((uint32_t)af << shift));
	gpio_mode(port, pin, MODER_ALTERNATE);
}

void stm32f4_gpio_output(uintptr_t port, unsigned pin)
{
	gpio_port_enable(port);
	stm32f4_gpio_write(port, pin, false);
	gpio_mode(port, pin, MODER_OUTPUT);
}

void stm32f4_gpio_write(uintptr_t port, unsigned pin, bool high)
{
	mmio_write(port + GPIO_BSRR, high ? 1u << pin : 1u << (pin + 16));
}

void stm32f4_apb1_enable(uint32_t bits)
{
	mmio_write(RCC_APB1ENR, mmio_read(RCC_APB1ENR) | bits);
	(void)mmio_read(RCC_APB1ENR);
}

void stm32f4_tim2_start(void)
{
	stm32f4_apb1_enable(STM32F4_APB1_TIM2);
	mmio_write(TIM2_BASE + TIM_PSC, 0);
	mmio_write(TIM2_BASE + TIM_ARR, 0xffffffffu);
	mmio_write(TIM2_BASE + TIM_EGR, 1); /* UG: load PSC, CNT = 0 */
	mmio_write(TIM2_BASE + TIM_CR1, 1); /* CEN */
}

uint32_t stm32f4_tim2_now(void)
{
	return mmio_read(TIM2_BASE + TIM_CNT);
}
