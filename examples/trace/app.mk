# SPDX-License-Identifier: MIT
# examples/trace runs the classic demos' own code (examples/demo).
APP_SRCS += examples/demo/logging.c examples/demo/counter.c examples/demo/inversion.c
