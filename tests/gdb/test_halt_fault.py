# SPDX-License-Identifier: MIT
"""A fault the kernel cannot contain stops in GDB before the system ends
(kestrel_gdb/halt.py): main, a privileged kernel thread, is made to run
an undefined instruction (UDF, written into its own stack below sp); GDB
stops in arch_halt, and `bt` goes from the fault handler through the
exception frame to the instruction that faulted."""
import gdb
from gdbtest import case, check, check_eq, connect, done, reg, run, run_to

connect()
run_to("gdb_checkpoint")


@case("halt_stops_at_a_fault")
def _():
    sp = reg("sp")
    bad = (sp - 64) & ~3
    run(f"set var *(unsigned int *){bad:#x} = 0xde00de00")  # udf #0, twice
    run(f"set var $pc = {bad:#x}")
    out = run("continue")
    check("kestrel: the system is halting: a fault the kernel cannot contain, exit status 3"
          in out, out[-600:])
    check_eq(gdb.selected_frame().name(), "arch_halt", "stopped in arch_halt")
    bt = run("bt")
    check("kernel_fault" in bt, f"the fault's frames:\n{bt}")
    check("<signal handler called>" in bt and f"{bad:#010x}" in bt,
          f"through the exception frame to {bad:#x}:\n{bt}")


done()
