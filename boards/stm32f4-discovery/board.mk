# SPDX-License-Identifier: MIT
# ST STM32F4DISCOVERY: STM32F407VG, Cortex-M4F at 168 MHz, single-precision
# FPU, PMSAv7 MPU (8 regions), 1 MiB flash, 128 KiB RAM (and 64 KiB CCM,
# unused).  Flashed and debugged through the on-board ST-LINK/V2.
# Documentation: docs/boards/stm32f4-discovery.md.
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
BOARD_IRQS   := 96
BOARD_SRCS   := boards/drivers/uart_stm32.c boards/drivers/stm32f4.c
REAL_BOARD   := ST STM32F4DISCOVERY (on-board ST-LINK/V2; console through a USB-serial adapter)
OPENOCD_ARGS := -f board/stm32f4discovery.cfg
# QEMU models no Discovery board.  Its netduinoplus2 (an STM32F405, the
# same die family as the STM32F407 without Ethernet and camera) runs this
# board's test images as a smoke test; USART2 is its second serial port.
QEMU_SMOKE_MACHINE := netduinoplus2
QEMU_SMOKE_SERIAL  := -serial null -serial stdio
# The part, for the static image checks (tools/image_check.py).
IMAGE_PART   := stm32f407vg
# TIM2 keeps time on the core clock's source and SysTick is the alarm on
# it: tickless idle (Makefile).
BOARD_TICKLESS := 1
BOARD_TICKLESS_SYSTICK := alarm
