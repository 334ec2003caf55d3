# SPDX-License-Identifier: MIT
# examples/cmsis is written only against the CMSIS-RTOS2 API: it links the
# layer (compat/cmsis-rtos2).
APP_SRCS += $(CMSIS_RTOS2_SRCS)
