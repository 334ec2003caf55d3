# SPDX-License-Identifier: MIT
"""How backtraces and stops read: a frame filter and a stop note.

The frame filter (applies to `bt`) fixes two things:

- The bottom of every thread.  A thread starts with lr = the kernel's
  exit function (thread_return: arch_stack_frame_init), so when its
  entry function is the outermost frame, GDB takes that function's first
  instruction for a return address, names the function before it, and
  unwinds on into garbage.  The filter shows the frame as thread_return
  ("where the entry function returns") and ends the backtrace there.
- Functions near address 0.  The DWARF of functions that --gc-sections
  removed says they start at 0, and on boards whose code starts at 0 GDB
  can give the first functions after the vector table (idle_entry) the
  name and arguments of a removed one.  Where the debug information and
  the ELF symbol table disagree, the filter uses the symbol table's name
  and shows no arguments.

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
