# SPDX-License-Identifier: MIT
# ARM MPS2+ with the AN505 FPGA image (SSE-200 subsystem): Cortex-M33 at
# 20 MHz, single-precision FPU (enabled at reset, lazy stacking), PMSAv8
# MPU (16 regions), Security Extension.  The kernel runs in Secure state,
# as QEMU boots the core: code at the Secure alias 0x10000000 (an image
# linked at 0x0 does not boot), peripherals at their Secure aliases.
# QEMU implements 124 IRQ lines; the vector table names 128.
ARCH         := armv8-m
CPU_FLAGS    := -mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard
BOARD_IRQS   := 128
BOARD_SRCS   := boards/drivers/uart_cmsdk.c boards/drivers/cmsdk_timer.c
QEMU_MACHINE := mps2-an505
REAL_BOARD   := (FPGA image; QEMU only here)
# TIMER0 keeps time on the core clock, TIMER1 is the alarm: tickless idle (Makefile).
BOARD_TICKLESS := 1
# The SSE-200's dual timer stays free: the tests' own interrupt
# (tests/lib/test_timer.h).
BOARD_CPPFLAGS += -DBOARD_TEST_TIMER_DUAL=0x50002000u -DBOARD_TEST_TIMER_IRQ=5
