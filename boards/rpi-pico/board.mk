# SPDX-License-Identifier: MIT
# Raspberry Pi Pico: RP2040, Cortex-M0+ (ARMv6-M) at 125 MHz, no FPU,
# 2 MiB of external flash run in place, 264 KiB SRAM.  One of the two
# cores runs the kernel.  The M0+ has an MPU (8 regions, ARMv6-M PMSA),
# but the armv6-m profile does not program it: no processes, no stack
# guard, only the canary.  QEMU models no RP2040, so this board is built
# and checked statically, not run.  Documentation: docs/boards/rpi-pico.md.
ARCH         := armv6-m
CPU_FLAGS    := -mcpu=cortex-m0plus -mthumb -mfloat-abi=soft
BOARD_IRQS   := 32
BOARD_SRCS   := boards/drivers/uart_pl011.c
REAL_BOARD   := Raspberry Pi Pico (SWD through a CMSIS-DAP probe such as the Raspberry Pi Debug Probe; or the BOOTSEL USB drive)
OPENOCD_ARGS := -f interface/cmsis-dap.cfg -c 'adapter speed 5000' -c 'set USE_CORE 0' -f target/rp2040.cfg
# make flash also writes a UF2 file for the BOOTSEL drive.
UF2_FAMILY   := rp2040
FLASH_DRIVE  := RPI-RP2
FLASH_DRIVE_HOW := hold the BOOTSEL button while plugging the Pico into USB
FLASH_DRIVE_FILE := uf2
# The part, for the static image checks (tools/image_check.py).
IMAGE_PART   := rp2040

# The second-stage boot block (boot2.S) is assembled and linked on its
# own, where the bootrom runs it (0x20041f00), sealed with its CRC by
# tools/rp2040_boot2.py, and linked into every image as BOARD_OBJS
# (memory.ld puts its .boot2 section at the start of flash).
BOOT2_BUILD := $(BUILD)/boot2
BOARD_OBJS  := $(BOOT2_BUILD)/boot2_block.o

$(BOOT2_BUILD)/boot2.elf: boards/rpi-pico/boot2.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)$(CC) $(CPU_FLAGS) -nostdlib -Wl,-e,boot2_entry -Wl,-Ttext=0x20041f00 \
		-Wl,--no-warn-rwx-segments -o $@ $<
$(BOOT2_BUILD)/boot2.bin: $(BOOT2_BUILD)/boot2.elf
	$(Q)$(OBJCOPY) -O binary -j .text $< $@
$(BOOT2_BUILD)/boot2_block.S: $(BOOT2_BUILD)/boot2.bin tools/rp2040_boot2.py
	$(call say,BOOT2,$@)$(PYTHON) tools/rp2040_boot2.py seal $< $@
$(BOOT2_BUILD)/boot2_block.o: $(BOOT2_BUILD)/boot2_block.S
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@
# The TIMER keeps time at 1 MHz and its alarm 0 is the alarm: tickless
# idle (Makefile).
BOARD_TICKLESS := 1
