# SPDX-License-Identifier: MIT
# BBC micro:bit v2: Nordic nRF52833, Cortex-M4F at 64 MHz, single-precision
# FPU, PMSAv7 MPU (8 regions), 512 KiB flash, 128 KiB RAM.  QEMU models
# no nRF52 (its microbit machine is the v1's nRF51), so this board is
# built and checked statically, not run.  Documentation:
# docs/boards/microbit-v2.md.
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
BOARD_IRQS   := 48
BOARD_SRCS   := boards/drivers/uart_nrf51.c boards/drivers/nrf_timer.c
REAL_BOARD   := BBC micro:bit v2 (on-board DAPLink: CMSIS-DAP probe, USB serial port and USB drive)
OPENOCD_ARGS := -f interface/cmsis-dap.cfg -f target/nrf52.cfg
# make flash also names the .hex to copy to the board's USB drive.
FLASH_DRIVE  := MICROBIT
FLASH_DRIVE_FILE := hex
# The part, for the static image checks (tools/image_check.py).
IMAGE_PART   := nrf52833
# TIMER0 keeps time and its compare is the alarm: tickless idle (Makefile).
BOARD_TICKLESS := 1
