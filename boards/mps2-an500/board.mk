# SPDX-License-Identifier: MIT
# ARM MPS2 with the AN500 FPGA image: Cortex-M7, double-precision FPU
# (enabled at reset, lazy stacking), PMSAv7 MPU (8 regions).  QEMU models
# no caches; the cache maintenance registers are no-ops there.
ARCH         := armv7-m
CPU_FLAGS    := -mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard
BOARD_IRQS   := 32
BOARD_SRCS   := boards/drivers/mps2.c boards/drivers/uart_cmsdk.c
QEMU_MACHINE := mps2-an500
REAL_BOARD   := (FPGA image; QEMU only here)
