# SPDX-License-Identifier: MIT
"""Kestrel's GDB extension (loaded by tools/gdb/kestrel.py; see there)."""
import gdb
import gdb.unwinder

from .commands import COMMANDS, KestrelCommand, KestrelLayout, KestrelPrefix
from .cpu import forget_state
from .display import KestrelFrameFilter, PointerPrinter, StopNote
from .halt import HaltWatch, StopAtHalt
from .records import forget_kernel
from .unwind import SwitchUnwinder


def register():
    KestrelPrefix()
    for name, (fn, doc) in COMMANDS.items():
        KestrelCommand(name, fn, doc)
        KestrelCommand(name, fn, doc + f" (alias of kestrel {name})", alias=f"k{name}")
    KestrelLayout()
    for event in (gdb.events.stop, gdb.events.cont, gdb.events.memory_changed,
                  gdb.events.register_changed, gdb.events.inferior_call):
        event.connect(forget_state)
    gdb.events.new_objfile.connect(forget_kernel)
    gdb.events.clear_objfiles.connect(forget_kernel)
    unwinder = SwitchUnwinder()
    gdb.unwinder.register_unwinder(None, unwinder, replace=True)
    gdb.events.new_objfile.connect(unwinder.forget)
    gdb.events.clear_objfiles.connect(unwinder.forget)
    frames = KestrelFrameFilter()
    gdb.events.new_objfile.connect(frames.forget)
    pointers = PointerPrinter()
    gdb.pretty_printers.append(pointers)
    gdb.events.new_objfile.connect(pointers.forget)
    gdb.events.clear_objfiles.connect(pointers.forget)
    note = StopNote()
    gdb.events.stop.connect(note)
    gdb.events.exited.connect(note.forget)
    StopAtHalt()
    halt = HaltWatch()
    halt.arm()
    gdb.events.new_objfile.connect(halt.arm)


register()
