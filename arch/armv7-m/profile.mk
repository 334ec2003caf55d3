# SPDX-License-Identifier: MIT
# Code this profile shares with other profiles (Makefile: ARCH_SHARED).
# arch/mainline: what ARMv7-M and ARMv8-M Mainline have in common.
ARCH_SHARED := arch/mainline
