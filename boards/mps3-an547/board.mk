# SPDX-License-Identifier: MIT
# ARM MPS3 with the AN547 FPGA image (SSE-300 subsystem): Cortex-M55 at
# 32 MHz with the double-precision FPU and the M-profile vector extension
# (MVE; both enabled at reset through CPACR, lazy stacking), PMSAv8 MPU
# (16 regions), Security Extension.  The kernel runs in Secure state, as
# QEMU boots the core: code in the ITCM at its Secure alias 0x10000000,
# data in the DTCM, peripherals at their Secure aliases.
ARCH         := armv8-m
CPU_FLAGS    := -mcpu=cortex-m55 -mthumb -mfloat-abi=hard
BOARD_IRQS   := 128
BOARD_SRCS   := boards/drivers/uart_cmsdk.c
QEMU_MACHINE := mps3-an547
REAL_BOARD   := (FPGA image; QEMU only here)
# The SSE-300 system counter keeps time on the core clock and System
# Timer 0 is the alarm on it: tickless idle (Makefile).
BOARD_TICKLESS := 1
# System Timer 1 stays free: the tests' own interrupt (tests/lib/test_timer.h).
BOARD_CPPFLAGS += -DBOARD_TEST_TIMER_SSE=0x58001000u -DBOARD_TEST_TIMER_IRQ=4
