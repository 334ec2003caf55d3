# SPDX-License-Identifier: MIT
"""How backtraces and stops read: a frame filter and a stop note.

The frame filter (applies to `bt`) fixes two things:

- The bottom of every thread.  A thread starts with lr = the kernel's
  exit function (thread_return: arch_stack_frame_init), so when its
  entry function is the outermost frame, GDB takes that function's first
  instruction for a return address, names the function before it, and
  unwinds on into garbage.  The filter shows the frame as thread_return
  ("where the entry function returns") and ends the backtrace there.
- Functions without debug information (the assembly of arch/*/*.S has
  line information only): GDB's frame decorator names them by the symbol
  at the return address, which after a call that ends a function (the
  ARMv6-M fault entry) is the next function; the filter names them by the
  symbol holding the call.
- Functions near address 0.  The DWARF of functions that --gc-sections
  removed says they start at 0, and on boards whose code starts at 0 GDB
  can give the first functions after the vector table (idle_entry) the
  name and arguments of a removed one.  Where the debug information and
  the ELF symbol table disagree, the filter uses the symbol table's name
  and shows no arguments.

The pointer printer (applies wherever GDB prints a pointer: print, frame
arguments, structure fields, info registers): GDB names a pointer by the
symbol at its address, and two symbols sit where a pointer often points
without meaning them: vector_table at address 0 (on boards whose flash
starts at 0), so NULL would print as "0x0 <vector_table>"; and the first
variable of .data at __msp_stack_top, the top of the MSP stack just below
it, so an empty MSP would print as "<next_token>" (or whatever variable
comes first).  NULL is printed as 0x0, and a `void *` (the type of $sp,
$msp, $psp) at the top of the MSP stack as <__msp_stack_top>.  A
printer replaces GDB's own printing, so a top-level `print` of NULL
shows no "(type *)" before it.

The stop note: when a single step ends in another thread (a step through
isr_pendsv, where sched_current changes), GDB reports "received signal
SIGTRAP" for the new thread; and a `next` or `finish` over a switch
(arch_switch_direct, sched_switch) ends only when the thread runs again,
after the other threads have run.  The note says what happened in both.
"""
import gdb
from gdb.FrameDecorator import FrameDecorator

from .cpu import gdb_thread_for_tid, proxy_info
from .records import symbol_address, u32
from .unwind import is_switch_frame

EXIT_FUNCTION = "thread_return"


def elf_name(pc):
    """The ELF symbol containing pc, or None."""
    text = gdb.execute(f"info symbol {pc:#x}", to_string=True).strip()
    if text.startswith("No symbol"):
        return None
    return text.split(" in section")[0].split(" + ")[0]


class Renamed(FrameDecorator):
    """A frame shown under the ELF symbol's name, without arguments (they
    would be another function's), and with the source line only where
    the line table agrees with the symbol's file."""

    def __init__(self, base, name, pc=None):
        super().__init__(base)
        self._name = name
        self._sal = None
        if pc is not None:
            sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
            sal = gdb.find_pc_line(pc)
            if sym is not None and sym.symtab is not None and sal.symtab is not None and \
                    sal.symtab.filename == sym.symtab.filename:
                self._sal = sal

    def function(self):
        return self._name

    def frame_args(self):
        return None

    def frame_locals(self):
        return None

    def filename(self):
        return self._sal.symtab.filename if self._sal else None

    def line(self):
        return self._sal.line if self._sal else None


class Named(FrameDecorator):
    """A frame with no function in the debug information, named by the
    ELF symbol that holds it; its source line is GDB's own."""

    def __init__(self, base, name):
        super().__init__(base)
        self._name = name

    def function(self):
        return self._name


class SignalFrame(FrameDecorator):
    """An exception frame, printed as close to GDB's own way as a frame
    filter can (no address)."""

    def address(self):
        return None

    def function(self):
        return "<signal handler called>"

    def frame_args(self):
        return None


class KestrelFrameFilter:
    def __init__(self):
        self.name = "kestrel"
        self.priority = 100
        self.enabled = True
        self.exit_pc = None
        gdb.frame_filters[self.name] = self

    def forget(self, _event=None):
        self.exit_pc = None

    def filter(self, frames):
        if self.exit_pc is None:
            self.exit_pc = symbol_address(EXIT_FUNCTION) or 0
        return self.frames(frames)

    def frames(self, frames):
        for decorator in frames:
            frame = decorator.inferior_frame()
            pc = u32(frame.pc())
            if frame.level() > 0 and self.exit_pc and pc & ~1 == self.exit_pc:
                yield Renamed(decorator, EXIT_FUNCTION, pc & ~1)
                return
            yield self.checked(decorator, frame, pc)
            if frame.level() > 0 and self.never_ran(frame, pc):
                return

    @staticmethod
    def never_ran(frame, pc):
        """A thread switched in for the first time, seen from inside the
        switch: it is at its entry's first instruction, and has no caller
        yet (GDB would unwind that frame as if it had been called)."""
        newer = frame.newer()
        if newer is None or not (newer.type() == gdb.SIGTRAMP_FRAME or is_switch_frame(newer)):
            return False
        # (frame.function() is looked up at pc - 1, in the function before.)
        block = gdb.block_for_pc(pc & ~1)
        return block is not None and block.function is not None and block.start == pc & ~1

    @staticmethod
    def checked(decorator, frame, pc):
        if frame.type() == gdb.SIGTRAMP_FRAME:
            return SignalFrame(decorator)
        if frame.type() != gdb.NORMAL_FRAME:
            return decorator
        function = frame.function()
        lookup = pc if frame.level() == 0 else pc - 1
        newer = frame.newer()
        if newer is not None and (newer.type() == gdb.SIGTRAMP_FRAME or is_switch_frame(newer)):
            lookup = pc  # interrupted there, not called: pc is exact
        name = elf_name(lookup)
        if function is not None and name and function.name != name:
            return Renamed(decorator, name, lookup)
        if function is None:
            # No function in the debug information (assembly): the
            # decorator would name the frame by the symbol at pc, which
            # for a call as a function's last instruction is the next one.
            return Named(decorator, name or "??")  # as GDB's own: "0x40000000 in ?? ()"
        return decorator


def switches_in_now():
    """sched_current->switches_in, or None (before the scheduler starts,
    or an image without it)."""
    try:
        return int(gdb.parse_and_eval("sched_current->switches_in"))
    except gdb.error:
        return None


class StopNote:
    """Explains a step (stepi, next, finish, until...) whose stop surprises:
    one that ends in another thread, which GDB reports as SIGTRAP; and one
    that ends in the same thread after it was switched out and back in
    (next or finish over a switch: the call returns only when the thread
    runs again, after the others have run)."""

    def __init__(self):
        self.last = None
        self.last_switches = None

    def __call__(self, event):
        info = proxy_info()
        if info is None:
            return  # without the proxy GDB sees one thread
        tid = int(info.get("live", "0"), 16)
        thread = gdb_thread_for_tid(tid)
        switches = switches_in_now()
        # A step's stop is a plain StopEvent (GDB makes no SignalEvent for
        # SIGTRAP); breakpoints and Ctrl-C have their own kinds.
        if type(event) is gdb.StopEvent and self.last is not None:
            name = thread.name if thread is not None else "?"
            if tid != self.last:
                print(f"kestrel: the step ended in thread {tid} ('{name}'): the kernel "
                      "switched threads (sched_current changed), and GDB reports that as "
                      "SIGTRAP.")
            elif None not in (switches, self.last_switches) and switches != self.last_switches:
                print(f"kestrel: thread {tid} ('{name}') was switched out during this step and "
                      f"has just come back ({switches - self.last_switches} switch(es) in): "
                      "other threads ran meanwhile. To follow a switch itself, use stepi or "
                      "kestrel switch.")
        self.last = tid
        self.last_switches = switches

    def forget(self, _event=None):
        self.last = None
        self.last_switches = None


class _Text:
    """Prints text, or with an explicit format (info registers' raw
    column, print/x) only the address, as GDB would."""

    def __init__(self, address, text):
        self.address, self.text = address, text

    def to_string(self):
        if gdb.print_options().get("format"):
            return f"{self.address:#x}"
        return self.text


class PointerPrinter:
    """The pointer printer (see the top of this file): a lookup function
    for gdb.pretty_printers."""

    def __init__(self):
        self.__name__ = "kestrel-pointers"
        self.msp_top = None

    def forget(self, _event=None):
        self.msp_top = None

    def __call__(self, value):
        try:
            t = value.type.strip_typedefs()
            if t.code != gdb.TYPE_CODE_PTR or value.is_optimized_out:
                return None
            address = u32(value)
        except (gdb.error, RuntimeError):
            return None
        if address == 0:
            return _Text(0, "0x0")
        if t.target().strip_typedefs().code != gdb.TYPE_CODE_VOID:
            return None
        if self.msp_top is None:
            self.msp_top = symbol_address("__msp_stack_top") or 0
        if address == self.msp_top:
            return _Text(address, f"{address:#x} <__msp_stack_top>")
        return None
