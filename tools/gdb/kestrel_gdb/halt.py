# SPDX-License-Identifier: MIT
"""Stopping where the system ends: a panic, a fault the kernel cannot
contain, or the program's exit all end in arch_halt (which, under QEMU,
exits QEMU through semihosting and would end the session with "No
stack").  A breakpoint there stops first: the report is already printed,
and `bt` shows the failing thread's frames (from a fault, through the
exception frame into the code that faulted).  `continue` then lets the
system end.  `set kestrel stop-at-halt off` turns it off.
"""
import gdb

HALT = "arch_halt"
WHY = {"kernel_panic": "a kernel panic", "kernel_fault": "a fault the kernel cannot contain",
       "_exit": "the program's exit"}


def caller_name(frame):
    older = frame.older()
    while older is not None:
        function = older.function()
        name = function.name if function is not None else older.name()
        if name in WHY:
            return name
        older = older.older()
    return None


class HaltStop(gdb.Breakpoint):
    def __init__(self):
        super().__init__(HALT, internal=True)
        self.silent = False

    def stop(self):
        if not StopAtHalt.on:
            return False
        frame = gdb.newest_frame()
        status = int(gdb.parse_and_eval("$r0")) & 0xFFFFFFFF
        why = WHY.get(caller_name(frame), "arch_halt")
        print(f"\nkestrel: the system is halting: {why}, exit status {status} (its report, "
              "if any, is above).\nkestrel: `bt` shows where it came from; `continue` lets it "
              "end; `set kestrel stop-at-halt off` runs through.")
        return True


class SetShowPrefix(gdb.Command):
    """Kestrel's settings."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_DATA, prefix=True)


def prefixes():
    for name in ("set kestrel", "show kestrel"):
        SetShowPrefix(name)


class StopAtHalt(gdb.Parameter):
    """Whether GDB stops where the system halts (a panic, an uncontained
    fault, the program's exit), before QEMU ends."""
    on = True
    set_doc = "Set whether GDB stops where the system halts."
    show_doc = "Show whether GDB stops where the system halts."

    def __init__(self):
        prefixes()
        super().__init__("kestrel stop-at-halt", gdb.COMMAND_RUNNING, gdb.PARAM_BOOLEAN)
        self.value = True

    def get_set_string(self):
        StopAtHalt.on = bool(self.value)
        return "GDB stops where the system halts." if self.value else \
            "GDB runs through the system's halt."

    def get_show_string(self, value):
        return f"Stopping where the system halts is {value}."


class HaltWatch:
    """Keeps one HaltStop on the image (set once its symbols are read)."""

    def __init__(self):
        self.bp = None

    def arm(self, *_):
        if self.bp is not None and self.bp.is_valid():
            return
        if gdb.lookup_global_symbol(HALT) is None and gdb.lookup_static_symbol(HALT) is None:
            return
        self.bp = HaltStop()
