/* SPDX-License-Identifier: MIT */
/* MPS2 an385: ARM MPS2 FPGA, AN385 image (Cortex-M3). Clocks and console: boards/drivers/mps2.c. */
#include "board.h"

const struct board_info board_info = {
	.name = "mps2-an385",
	.description = "ARM MPS2 FPGA, AN385 image (Cortex-M3)",
	.console = "CMSDK UART0 @ 0x40004000",
	.console_can_receive = true,
};
