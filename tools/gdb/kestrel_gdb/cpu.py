# SPDX-License-Identifier: MIT
"""The CPU's registers, including the special registers QEMU's GDB
server does not have, and which GDB thread holds them.

With tools/gdb/rsp_proxy.py the special registers are ordinary GDB
registers ($msp, $psp, $control...).  Straight to QEMU, they are read by
pointing pc at the firmware helper arch_debug_<reg> (arch/armv7-m/
debug.c), whose first instruction is `mrs r0, <reg>`, single-stepping it
with raw remote packets (QEMU steps with interrupts and timers held) and
writing r0, pc and xPSR back, so GDB's view of the registers does not
change.  One instruction of virtual time passes per register.
"""
import re

import gdb

from .records import SPECIAL_REGS, XPSR_IT_BITS, kernel, symbol_address, u32

# QEMU's remote register numbers (target description arm-m-profile.xml).
REMOTE_R0, REMOTE_PC, REMOTE_XPSR = 0, 15, 25
WFI = 0xBF30

# -------------------------------------------------------- the CPU state --

_cache = {}


def forget_state(_event=None):
    _cache.clear()


def remote_packet(text):
    """Sends a raw packet to the remote target; returns the reply."""
    out = gdb.execute(f"maint packet {text}", to_string=True)
    m = re.search(r'received: "(.*)"', out, re.S)
    return m.group(1) if m else ""


def proxy_info():
    """The proxy's answer to qKestrel, or None without the proxy."""
    if "proxy" not in _cache:
        info = None
        try:
            reply = remote_packet("qKestrel")
            if reply.startswith("kestrel-proxy"):
                info = dict(part.split("=", 1) for part in reply.split(";")[1:] if "=" in part)
        except gdb.error:
            pass
        _cache["proxy"] = info
    return _cache["proxy"]


def gdb_thread_for_tid(tid):
    for th in gdb.selected_inferior().threads():
        if th.ptid[1] == tid or th.ptid[2] == tid:
            return th
    return None


class on_thread:
    """Selects a GDB thread (and frame 0) for a while, then restores the
    thread and frame that were selected."""

    def __init__(self, thread):
        self.thread = thread

    def __enter__(self):
        self.saved_thread = gdb.selected_thread()
        try:
            self.saved_level = gdb.selected_frame().level()
        except gdb.error:
            self.saved_level = None
        if self.thread is not None and self.thread != self.saved_thread:
            self.thread.switch()
        return self

    def __exit__(self, *exc):
        if self.saved_thread is not None and self.saved_thread.is_valid():
            self.saved_thread.switch()
            if self.saved_level:
                gdb.execute(f"frame {self.saved_level}", to_string=True)
        return False


def cpu_thread():
    """The GDB thread whose registers are the CPU's."""
    info = proxy_info()
    if info and int(info.get("live", "0"), 16):
        th = gdb_thread_for_tid(int(info["live"], 16))
        if th is not None:
            return th
    return gdb.selected_thread()


def cpu_registers():
    """r0-r15 and xPSR of the CPU (not of the selected thread)."""
    if "cpu" not in _cache:
        with on_thread(cpu_thread()):
            frame = gdb.newest_frame()
            _cache["cpu"] = {name: u32(frame.read_register(name))
                             for name in ["r0", "r1", "sp", "lr", "pc", "xpsr"]}
    return _cache["cpu"]


def halted_in_wfi(pc):
    try:
        half = bytes(gdb.selected_inferior().read_memory((pc & ~1) - 2, 2))
        return int.from_bytes(half, "little") == WFI
    except gdb.MemoryError:
        return False


def step_read_special():
    """Reads the special registers by single-stepping the firmware helpers
    with raw packets (no proxy).  name -> value; {} if not possible."""
    helpers = {r: symbol_address(f"arch_debug_{r}") for r in SPECIAL_REGS}
    if not all(helpers.values()):
        return {}
    cpu = cpu_registers()
    if halted_in_wfi(cpu["pc"]):
        return {}
    r0, pc, xpsr = cpu["r0"], cpu["pc"], cpu["xpsr"]

    def put(regnum, value):
        return remote_packet(f"P{regnum:x}={value.to_bytes(4, 'little').hex()}") == "OK"

    values = {}
    try:
        if not put(REMOTE_XPSR, (xpsr & ~XPSR_IT_BITS) | (1 << 24)):
            return {}
        for name in SPECIAL_REGS:
            if not put(REMOTE_PC, helpers[name]):
                break
            stop = remote_packet("s")
            if not stop.startswith(("T", "S")):
                break
            reply = remote_packet(f"p{REMOTE_R0:x}")
            values[name] = int.from_bytes(bytes.fromhex(reply), "little")
    finally:
        put(REMOTE_R0, r0)
        put(REMOTE_PC, pc)
        put(REMOTE_XPSR, xpsr)
    return values


def special_registers():
    """name -> (value or None, how it was obtained)."""
    if "special" in _cache:
        return _cache["special"]
    result = {}
    info = proxy_info()
    arch = gdb.selected_inferior().architecture()
    names = {r.name for r in arch.registers()}
    if info is not None:
        hows = {"stepped": "exact: mrs stepped by the proxy", "server": "from the GDB server",
                "derived": "derived from sp and the kernel's invariants (no mrs could be stepped)",
                "unknown": "unknown (no mrs could be stepped)"}
        for part in remote_packet("qKestrelSpecial").split(";"):
            name, _, rest = part.partition("=")
            value, _, how = rest.partition(":")
            if name in SPECIAL_REGS:
                result[name] = (None if value == "?" else int(value, 16), hows.get(how, how))
    elif "psp" in names:
        with on_thread(cpu_thread()):
            frame = gdb.newest_frame()
            for name in SPECIAL_REGS:
                try:
                    value = frame.read_register(name)
                    result[name] = (None if value.is_optimized_out else u32(value),
                                    "from the GDB server")
                except (gdb.error, ValueError):
                    result[name] = (None, "not available")
    else:
        stepped = step_read_special()
        for name in SPECIAL_REGS:
            if name in stepped:
                result[name] = (stepped[name], "exact: mrs stepped in arch_debug_" + name)
    cpu = cpu_registers()
    handler = cpu["xpsr"] & 0x1FF
    started = kernel().current() is not None
    for name in SPECIAL_REGS:
        if result.get(name, (None,))[0] is not None:
            continue
        if name == "msp" and handler:
            result[name] = (cpu["sp"], "derived: sp, handler mode runs on MSP")
        elif name == "psp" and not handler and started:
            result[name] = (cpu["sp"], "derived: sp, threads run on PSP")
        elif name == "msp" and not handler and started and symbol_address("__msp_stack_top"):
            result[name] = (symbol_address("__msp_stack_top"),
                            "derived: __msp_stack_top, MSP is empty in thread mode")
        elif name == "control" and not handler and started:
            result[name] = (None, "unknown (SPSEL=1 in thread mode; nPRIV, FPCA unknown)")
        else:
            result[name] = (None, "unknown: no helper to step, or the core is halted in WFI")
    _cache["special"] = result
    return result



def cpu_tid(k):
    """TID of the thread on the CPU: sched_current (see rsp_proxy.py)."""
    current = k.current()
    return None if current is None else int(current["tid"])
