# SPDX-License-Identifier: MIT
"""A fault's backtrace names the handler of the fault that was taken
(arch/mainline/fault_entry.S: one entry per fault): main, a privileged
kernel thread, jumps to 0x40000000, in the default memory map's
never-execute device region, so the fetch faults (on the micro:bit a
little later, in its peripherals): a MemManage fault on ARMv7-M and
ARMv8-M Mainline (isr_memmanage, not a neighbouring entry such as
isr_usagefault), a HardFault on ARMv6-M (isr_hardfault).  GDB stops in
arch_halt, and `bt` goes from the handler through the exception frame
to the address."""
import re

import gdb
from gdbtest import case, check, check_eq, connect, done, functions_in, in_elf, run, run_to

connect()
run_to("gdb_checkpoint")
XN_ADDRESS = 0x40000000
# ARMv6-M has no MemManage fault (isr_memmanage is then an alias of the
# default handler, not an entry of mainline/fault_entry.S).
MAINLINE = in_elf("isr_memmanage") and "mainline/fault_entry.S" in run("info line *isr_memmanage")
HANDLER = "isr_memmanage" if MAINLINE else "isr_hardfault"


@case("fault_bt_names_its_handler")
def _():
    run(f"set var $pc = {XN_ADDRESS:#x}")
    out = run("continue")
    check("kestrel: the system is halting: a fault the kernel cannot contain" in out, out[-600:])
    check_eq(gdb.selected_frame().name(), "arch_halt", "stopped in arch_halt")
    bt = run("bt")
    functions = functions_in(bt)
    handlers = [f for f in functions if f.startswith("isr_")]
    check_eq(handlers, [HANDLER], f"the fault handler in the backtrace:\n{bt}")
    check("kernel_fault" in functions and "<signal handler called>" in bt,
          f"through kernel_fault and the exception frame:\n{bt}")
    # (QEMU's micro:bit runs a few halfwords of its peripherals first.)
    check(re.search(r"^#\d+\s+0x[45][0-9a-f]{7} in \?\? \(\)", bt, re.M),
          f"to the faulting address, unnamed:\n{bt}")
    check(functions[-1:] == ["main"], f"and on into main:\n{bt}")


done()
