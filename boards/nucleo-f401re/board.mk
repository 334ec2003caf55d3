# SPDX-License-Identifier: MIT
# ST Nucleo-F401RE: STM32F401RE, Cortex-M4F at 84 MHz, single-precision
# FPU, PMSAv7 MPU (8 regions), 512 KiB flash, 96 KiB RAM.  Flashed and
# debugged through the on-board ST-LINK/V2-1.  Documentation:
# docs/boards/nucleo-f401re.md.
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
BOARD_IRQS   := 96
BOARD_SRCS   := boards/drivers/uart_stm32.c boards/drivers/stm32f4.c
REAL_BOARD   := ST Nucleo-F401RE (on-board ST-LINK/V2-1: SWD probe, virtual COM port)
OPENOCD_ARGS := -f board/st_nucleo_f4.cfg
# The ST-LINK/V2-1 also shows a USB drive that programs a .bin copied to
# it (UM1724 §6.2); make flash names the file.
FLASH_DRIVE  := NODE_F401RE
FLASH_DRIVE_FILE := bin
# QEMU models no Nucleo.  Its netduinoplus2 (an STM32F405: the same core,
# RCC, USART and TIM2 register layout, more flash and RAM) runs this
# board's test images as a smoke test; USART2 is its second serial port.
QEMU_SMOKE_MACHINE := netduinoplus2
QEMU_SMOKE_SERIAL  := -serial null -serial stdio
# The part, for the static image checks (tools/image_check.py).
IMAGE_PART   := stm32f401re
# TIM2 keeps time on the core clock's source and SysTick is the alarm on
# it: tickless idle (Makefile).
BOARD_TICKLESS := 1
BOARD_TICKLESS_SYSTICK := alarm
