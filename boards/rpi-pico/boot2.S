/* SPDX-License-Identifier: MIT */
/*
 * The RP2040's second-stage boot block: the first 256 bytes of flash.
 *
 * The bootrom cannot know the flash chip, so it reads these 256 bytes
 * with plain 03h reads, copies them to SRAM at 0x20041f00, checks the
 * CRC32 in their last four bytes and runs them from there (RP2040
 * Datasheet §2.8.1, "Processor Controlled Boot Sequence", and its flash
 * second stage subsection).  Their one job is to set up the SSI so that
 * the flash appears at 0x10000000 (execute in place), then to enter the
 * image.  tools/rp2040_boot2.py pads this code to 252 bytes and appends
 * the CRC (the Makefile rule is in boards/rpi-pico/board.mk).
 *
 * This block uses the 03h "Read Data" command, one bit per clock, which
 * every SPI NOR flash has (the Pico's W25Q16JV reads with it at up to
 * 50 MHz, its datasheet §9.2.6).  The SSI clock is clk_sys / 4:
 * 31.25 MHz once the board runs at 125 MHz.  Faster modes (quad I/O,
 * continuous read) need commands particular to the chip; not done here.
 *
 * SSI registers (RP2040 Datasheet §4.10.13, base 0x18000000):
 *   CTRLR0 +0x00: DFS_32 bits 20:16 (frame bits - 1), TMOD bits 9:8
 *     (3 = EEPROM read: send the command and address, then receive),
 *     SPI_FRF bits 22:21 (0 = standard SPI).
 *   CTRLR1 +0x04: NDF, data frames to receive - 1.
 *   SSIENR +0x08: the SSI takes configuration only while this is 0.
 *   SER    +0x10: slave select; bit 0 is the flash's chip select.
 *   BAUDR  +0x14: SCK divider, even.
 *   SPI_CTRLR0 +0xf4: XIP_CMD bits 31:24, INST_L bits 9:8 (2 = 8-bit
 *     instruction), ADDR_L bits 5:2 (in 4-bit units: 6 = 24 bits),
 *     WAIT_CYCLES bits 15:11, TRANS_TYPE bits 1:0 (0 = command and
 *     address in standard SPI).
 *
 * Registers: r0-r3 scratch.  No stack is used; everything is position
 * independent (literals are loaded PC-relative).
 */
	.syntax unified
	.cpu cortex-m0plus
	.thumb

#define SSI_BASE 0x18000000
#define SSI_CTRLR0 0x00
#define SSI_CTRLR1 0x04
#define SSI_SSIENR 0x08
#define SSI_SER 0x10
#define SSI_BAUDR 0x14
#define SSI_SPI_CTRLR0 (SSI_BASE + 0xf4)

#define CTRLR0_XIP ((31 << 16) | (3 << 8))          /* 32-bit frames, EEPROM read */
#define SPI_CTRLR0_03H ((0x03 << 24) | (2 << 8) | (6 << 2)) /* 03h, 8-bit cmd, 24-bit address */
#define SCK_DIVIDER 4

#define IMAGE_VECTORS 0x10000100 /* the image starts after this block */
#define PPB_VTOR 0xe000ed08

	.section .text.boot2, "ax"
	.global boot2_entry
	.type boot2_entry, %function
boot2_entry:
	ldr r3, =SSI_BASE
	movs r0, #0
	str r0, [r3, #SSI_SSIENR]
	movs r0, #SCK_DIVIDER
	str r0, [r3, #SSI_BAUDR]
	ldr r0, =CTRLR0_XIP
	str r0, [r3, #SSI_CTRLR0]
	ldr r0, =SPI_CTRLR0_03H
	ldr r1, =SSI_SPI_CTRLR0
	str r0, [r1]
	movs r0, #0
	str r0, [r3, #SSI_CTRLR1]  /* one 32-bit frame per XIP read */
	movs r0, #1
	str r0, [r3, #SSI_SER]     /* the flash is the one slave */
	str r0, [r3, #SSI_SSIENR]

	/* Flash is mapped: enter the image as the core would out of reset,
	 * through its vector table (initial SP, then the reset handler). */
	ldr r0, =IMAGE_VECTORS
	ldr r1, =PPB_VTOR
	str r0, [r1]
	ldmia r0!, {r1, r2}
	msr msp, r1
	bx r2
	.size boot2_entry, . - boot2_entry
	.ltorg
