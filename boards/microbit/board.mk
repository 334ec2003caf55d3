# SPDX-License-Identifier: MIT
# BBC micro:bit v1: Nordic nRF51822, Cortex-M0 at 16 MHz, 256 KiB flash,
# 16 KiB RAM.  No FPU, no MPU (processes run unisolated), no hardware
# stack guard.  QEMU models a SysTick; the real nRF51 has none.
ARCH         := armv6-m
CPU_FLAGS    := -mcpu=cortex-m0 -mthumb -mfloat-abi=soft
BOARD_IRQS   := 32
BOARD_SRCS   := boards/drivers/uart_nrf51.c boards/drivers/nrf_timer.c
# 16 KiB of RAM: newlib-nano by default (NANO=0 on the command line
# overrides; full newlib's data leaves too little heap for stdout's
# buffer, and unbuffered printf takes over 1 KiB more stack in every
# thread that prints), and smaller interrupt, main and pool stacks.
NANO         := 1
# No MPU, so no processes: only the kernel's and init's PCBs.  The idle
# thread only sleeps (no FP frames on ARMv6-M): 320 bytes.  main: the demo
# uses about 700 of its 1536 bytes.  Console input: a 32-byte ring (128
# elsewhere), which leaves examples/trace the heap for its ring.
BOARD_CPPFLAGS := -DCONFIG_MAIN_STACK_BYTES=1536 -DCONFIG_THREAD_POOL_SIZE=4 \
                  -DCONFIG_POOL_STACK_BYTES=512 -DCONFIG_PROCESS_MAX=2 -DCONFIG_KOBJECTS=1 \
                  -DCONFIG_PROCESS_HANDLES=1 -DCONFIG_IDLE_STACK_BYTES=320 \
                  -DCONFIG_CONSOLE_RX_BYTES=32 -DCONFIG_STDOUT_BUFFER_BYTES=128
BOARD_LDFLAGS  := -Wl,--defsym=__msp_stack_bytes=2048
QEMU_MACHINE := microbit
REAL_BOARD   := BBC micro:bit v1.x (on-board DAPLink: CMSIS-DAP probe and USB drive)
OPENOCD_ARGS := -f interface/cmsis-dap.cfg -f target/nrf51.cfg
# make flash also names the .hex to copy to the board's USB drive.
FLASH_DRIVE  := MICROBIT
FLASH_DRIVE_FILE := hex
# TIMER0 keeps time on the core clock and its compare is the alarm:
# tickless idle (Makefile).
BOARD_TICKLESS := 1
# TIMER2 stays free: the tests' own interrupt (tests/lib/test_timer.h).
BOARD_CPPFLAGS += -DBOARD_TEST_TIMER_NRF=0x4000a000u -DBOARD_TEST_TIMER_IRQ=10
