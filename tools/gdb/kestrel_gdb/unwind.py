# SPDX-License-Identifier: MIT
"""Unwinding the switch where the CFI cannot: isr_pendsv (see
arch/armv7-m/switch.S) and the restore of arch_switch_direct (see
arch/mainline/switch_direct.S)."""
import gdb
import gdb.unwinder

from .records import read_words, saved_context_at, symbol_address, thread_stopped_unprivileged, \
    u32

CORE = [f"r{i}" for i in range(13)] + ["sp", "lr", "pc", "xpsr"]

class SwitchUnwinder(gdb.unwinder.Unwinder):
    """Unwinds isr_pendsv from switch_choose to its final bx, where no
    register describes the interrupted thread (switch.S marks lr
    undefined there): the caller is sched_current, whose whole context
    is at its saved_sp (stored before switch_choose; read, not changed,
    by the restore).  Before sched_switch updates sched_current that is
    the outgoing thread, after it the incoming one, the same thread that
    rsp_proxy.py reports on the CPU.

    The same for arch_switch_direct from switch_direct_restore to its
    end: sched_current is already the incoming thread there, and its
    context at saved_sp is read by the restore (with interrupts masked
    while it unstacks, so nothing overwrites what it has popped)."""

    def __init__(self):
        global _unwinder
        super().__init__("kestrel-switch")
        self.bounds = None
        _unwinder = self

    def find_bounds(self):
        """[(low, high, frame pc)], the ranges this unwinds, and
        sched_current's address."""
        choose = symbol_address("switch_choose")
        start = symbol_address("isr_pendsv")
        current = symbol_address("sched_current")
        if not (choose and start and current):
            return ([], 0)
        ranges = []
        data = bytes(gdb.selected_inferior().read_memory(choose, 128))
        for offset in range(4, len(data) - 1, 2):
            if int.from_bytes(data[offset:offset + 2], "little") == 0x4770:  # bx lr
                ranges.append((choose, choose + offset, start & ~1))
                break
        restore = symbol_address("switch_direct_restore")
        direct = symbol_address("arch_switch_direct")
        after = symbol_address("switch_direct_resume")  # the next function in switch_direct.S
        if restore and direct and after:
            ranges.append((restore, after & ~1, direct & ~1))
        return (ranges, current)

    def __call__(self, pending_frame):
        try:
            if self.bounds is None:
                self.bounds = self.find_bounds()
            ranges, current = self.bounds
            pc = u32(pending_frame.read_register("pc")) & ~1
            start = next((s for low, high, s in ranges if low <= pc < high), None)
            if start is None:
                return None
            tcb = read_words(current, 1)[0]
            if tcb == 0:
                return None
            ctx = saved_context_at(read_words(tcb, 1)[0], thread_stopped_unprivileged(tcb))
        except (gdb.error, gdb.MemoryError):
            return None
        # The frame is named by the thread's SP, which stays put while the
        # restore moves the stack pointer (arch_switch_direct pops on it).
        info = pending_frame.create_unwind_info(_FrameId(ctx["sp"], start))
        word = gdb.lookup_type("unsigned int")
        double = gdb.lookup_type("unsigned long long")
        names = {r.name for r in pending_frame.architecture().registers()}
        for name in CORE:
            info.add_saved_register(name, gdb.Value(ctx[name]).cast(word))
        done = set(CORE)
        if ctx["fp"]:
            for i in range(16):
                if f"d{i}" in names:
                    value = ctx[f"s{2 * i}"] | (ctx[f"s{2 * i + 1}"] << 32)
                    info.add_saved_register(f"d{i}", gdb.Value(value).cast(double))
                    done.add(f"d{i}")
            if "fpscr" in names:
                info.add_saved_register("fpscr", gdb.Value(ctx["fpscr"]).cast(word))
                done.add("fpscr")
        # The thread runs on PSP in thread mode; every other register
        # (MSP, the masks, FP registers of a thread without FP state) is
        # shown as it is in this frame: a register left out would make GDB
        # stop with "register not saved" further out.
        if "psp" in names:
            info.add_saved_register("psp", gdb.Value(ctx["sp"]).cast(word))
            done.add("psp")
        for name in names - done:
            try:
                value = pending_frame.read_register(name)
                if not value.is_optimized_out:
                    info.add_saved_register(name, value)
            except (gdb.error, ValueError):
                pass
        return info

    def forget(self, _event=None):
        self.bounds = None


_unwinder = None


def is_switch_frame(frame):
    """True for an isr_pendsv frame this module unwinds (its caller's pc
    is where that thread resumes, not a return address)."""
    if _unwinder is None or _unwinder.bounds is None:
        return False
    try:
        pc = u32(frame.pc()) & ~1
    except gdb.error:
        return False
    return any(low <= pc < high for low, high, _ in _unwinder.bounds[0])


class _FrameId:
    """GDB 13 wants the frame id's sp and pc as gdb.Value."""

    def __init__(self, sp, pc):
        self.sp = gdb.Value(sp).cast(gdb.lookup_type("unsigned int"))
        self.pc = gdb.Value(pc).cast(gdb.lookup_type("unsigned int"))

