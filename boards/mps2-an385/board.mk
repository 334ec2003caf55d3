# SPDX-License-Identifier: MIT
# ARM MPS2 with the AN385 FPGA image: Cortex-M3, no FPU, PMSAv7 MPU (8 regions).
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
BOARD_IRQS   := 32
BOARD_SRCS   := boards/drivers/mps2.c boards/drivers/uart_cmsdk.c
QEMU_MACHINE := mps2-an385
REAL_BOARD   := (FPGA image; QEMU only here)
