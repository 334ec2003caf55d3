/* SPDX-License-Identifier: MIT */
/* MPS2 an500: ARM MPS2 FPGA, AN500 image (Cortex-M7). Clocks and console: boards/drivers/mps2.c. */
#include "board.h"

const struct board_info board_info = {
	.name = "mps2-an500",
	.description = "ARM MPS2 FPGA, AN500 image (Cortex-M7)",
	.console = "CMSDK UART0 @ 0x40004000",
	.console_can_receive = true,
};
