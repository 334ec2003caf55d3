# SPDX-License-Identifier: MIT
# Netduino Plus 2: STM32F405RG, Cortex-M4F at 168 MHz, single-precision FPU
# (enabled at reset, lazy stacking), PMSAv7 MPU (8 regions).
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
BOARD_IRQS   := 96
BOARD_SRCS   := boards/drivers/uart_stm32.c
QEMU_MACHINE := netduinoplus2
REAL_BOARD   := Netduino Plus 2 (SWD probe on the debug pads, e.g. ST-LINK/V2)
OPENOCD_ARGS := -f interface/stlink.cfg -f target/stm32f4x.cfg
# TIM2 keeps time on the core clock's source and SysTick is the alarm on
# it: tickless idle (Makefile).
BOARD_TICKLESS := 1
BOARD_TICKLESS_SYSTICK := alarm
