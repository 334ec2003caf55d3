/* SPDX-License-Identifier: MIT */
/* MPS2 an386: ARM MPS2 FPGA, AN386 image (Cortex-M4F). Clocks and console: boards/drivers/mps2.c. */
#include "board.h"

const struct board_info board_info = {
	.name = "mps2-an386",
	.description = "ARM MPS2 FPGA, AN386 image (Cortex-M4F)",
	.console = "CMSDK UART0 @ 0x40004000",
	.console_can_receive = true,
};
