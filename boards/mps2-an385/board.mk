# SPDX-License-Identifier: MIT
# ARM MPS2 with the AN385 FPGA image: Cortex-M3, no FPU, PMSAv7 MPU (8 regions).
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
BOARD_IRQS   := 32
BOARD_SRCS   := boards/drivers/mps2.c boards/drivers/uart_cmsdk.c boards/drivers/cmsdk_timer.c
QEMU_MACHINE := mps2-an385
REAL_BOARD   := (FPGA image; QEMU only here)
# The FPGA counter keeps time on the core clock: tickless idle (Makefile).
BOARD_TICKLESS := 1
# CMSDK TIMER0 stays free: the tests' own interrupt (tests/lib/test_timer.h).
BOARD_CPPFLAGS += -DBOARD_TEST_TIMER_CMSDK=0x40000000u -DBOARD_TEST_TIMER_IRQ=8
