# SPDX-License-Identifier: MIT
# ARM MPS2 with the AN500 FPGA image: Cortex-M7, double-precision FPU
# (enabled at reset, lazy stacking), PMSAv7 MPU (8 regions).  QEMU models
# no caches; the cache maintenance registers are no-ops there.
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard
BOARD_IRQS   := 32
BOARD_SRCS   := boards/drivers/mps2.c boards/drivers/uart_cmsdk.c boards/drivers/cmsdk_timer.c
QEMU_MACHINE := mps2-an500
REAL_BOARD   := (FPGA image; QEMU only here)
# The FPGA counter keeps time on the core clock: tickless idle (Makefile).
BOARD_TICKLESS := 1
# CMSDK TIMER0 stays free: the tests' own interrupt (tests/lib/test_timer.h).
BOARD_CPPFLAGS += -DBOARD_TEST_TIMER_CMSDK=0x40000000u -DBOARD_TEST_TIMER_IRQ=8
