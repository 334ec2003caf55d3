# SPDX-License-Identifier: MIT
"""The program's own end stops in GDB too (kestrel_gdb/halt.py): after
gdb_checkpoint main sleeps a few ticks and exits 0; GDB stops in
arch_halt with exit() in the backtrace, and with the stop turned off
(set kestrel stop-at-halt off) `continue` runs through the halt and QEMU
ends normally."""
import gdb
from gdbtest import case, check, check_eq, connect, done, functions_in, run, run_to

connect()
run_to("gdb_checkpoint")


@case("halt_stops_at_the_exit")
def _():
    out = run("continue")
    check("kestrel: the system is halting: the program's exit, exit status 0" in out, out[-600:])
    check_eq(gdb.selected_frame().name(), "arch_halt", "stopped in arch_halt")
    check("_exit" in functions_in(run("bt")), "exit in the backtrace")


@case("halt_stop_can_be_turned_off")
def _():
    run("set kestrel stop-at-halt off")
    codes = []
    gdb.events.exited.connect(lambda e: codes.append(getattr(e, "exit_code", None)))
    out = run("continue")
    check_eq(codes, [0], "QEMU's exit status")
    check("system is halting" not in out, out[-300:])


done()
