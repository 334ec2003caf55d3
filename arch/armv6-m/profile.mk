# SPDX-License-Identifier: MIT
# Code this profile shares with other profiles (Makefile: ARCH_SHARED).
# None: ARMv6-M has only what arch/common covers.
ARCH_SHARED :=
