# SPDX-License-Identifier: MIT
# The shell reads Ctrl-C itself: QEMU's console must not turn it into
# SIGINT.  With mux=on, Ctrl-A x still quits QEMU (Ctrl-A h lists keys).
QEMU_SERIAL := -chardev stdio,id=console,mux=on,signal=off -serial chardev:console
# make run: QEMU's clock follows the host's.  Under -icount, time while
# the core sleeps in WFI passes at about a tenth of real time with a
# 1 kHz tick, so top's "every second" would take ten.
QEMU_RUN_TIME :=
