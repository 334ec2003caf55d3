# SPDX-License-Identifier: MIT
# TI Stellaris EK-LM3S6965: Cortex-M3 at 50 MHz, PMSAv7 MPU (8 regions).
# QEMU ignores bus errors on this machine (unmapped reads return 0).
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
BOARD_IRQS   := 64
BOARD_SRCS   := boards/drivers/uart_pl011.c
QEMU_MACHINE := lm3s6965evb
REAL_BOARD   := TI EK-LM3S6965 (on-board FTDI JTAG)
OPENOCD_ARGS := -f board/ek-lm3s6965.cfg
# Timer 0 is the alarm and SysTick, free-running, the clock under it:
# tickless idle (Makefile).
BOARD_TICKLESS := 1
BOARD_TICKLESS_SYSTICK := clock
# Timer 1 stays free: the tests' own interrupt (tests/lib/test_timer.h).
BOARD_CPPFLAGS += -DBOARD_TEST_TIMER_GPTM=0x40031000u -DBOARD_TEST_TIMER_IRQ=21
