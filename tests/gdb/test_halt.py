# SPDX-License-Identifier: MIT
"""Where the system ends, GDB stops first (kestrel_gdb/halt.py): a kernel
panic, with its report printed and the panicking thread's frames in
`bt`; then `continue` lets QEMU end with the panic's exit status.  The
panic is a real one: main's stack canary is overwritten, and the switch
that takes main off the CPU finds it."""
import gdb
from gdbtest import case, check, check_eq, connect, done, functions_in, run, run_to

connect()
run_to("gdb_checkpoint")


@case("halt_page_holds_nothing_else")  # QEMU runs a page with a breakpoint slowly
def _():
    start = int(gdb.parse_and_eval("(unsigned)arch_halt")) & ~1
    page = start & ~1023
    others = set()
    for address in range(page, page + 1024, 2):
        where = run(f"info symbol {address:#x}")
        if not where.startswith(("No symbol", "arch_halt")):
            others.add(where.split(" ")[0])
    check_eq(sorted(others), [], f"other code on arch_halt's page {page:#x}")


@case("halt_stops_at_a_panic")
def _():
    run("set var *sched_current->stack_limit = 0")
    out = run("continue")
    check("kestrel: the system is halting: a kernel panic, exit status 3" in out, out[-600:])
    check_eq(gdb.selected_frame().name(), "arch_halt", "stopped in arch_halt")
    functions = functions_in(run("bt"))
    check("kernel_panic" in functions and "report_stack_overflow" in functions,
          f"the panic's frames: {functions}")
    check_eq(run("show kestrel stop-at-halt").strip(), "Stopping where the system halts is on.",
             "the setting")


@case("halt_continue_ends_the_system")
def _():
    codes = []
    gdb.events.exited.connect(lambda e: codes.append(getattr(e, "exit_code", None)))
    run("continue")
    check_eq(codes, [3], "QEMU's exit status: the panic's")


done()
