# SPDX-License-Identifier: MIT
"""The extension connected straight to QEMU, without the proxy: kestrel
threads, kestrel bt (loads a saved context into the CPU registers and
puts them back) and kestrel regs (single-steps the arch_debug_* readers
with raw packets and puts r0, pc and xPSR back)."""
import re

import gdb
from gdbtest import CORE_REGS, EXPECTED_THREADS, case, check, check_eq, connect, done, \
    functions_in, reg, regs, run, run_to, stepi, symbol


def kestrel_regs():
    """kestrel regs -> {name: (value or None, how)}."""
    out = run("kestrel regs")
    values = {}
    for line in out.splitlines():
        m = re.match(r"^(MSP|PSP|PRIMASK|BASEPRI|FAULTMASK|CONTROL)\s+(0x[0-9a-f]+|\?)\S*\s+.*?"
                     r"(exact|derived|unknown|read by|from the).*$", line)
        if m:
            values[m.group(1).lower()] = (None if m.group(2) == "?" else int(m.group(2), 16),
                                          line)
    return values


connect(proxy=False)
run_to("gdb_checkpoint")


@case("direct_kestrel_threads")  # without the proxy GDB sees one thread and kestrel threads sees all
def _():
    check_eq(len(gdb.selected_inferior().threads()), 1, "GDB threads straight from QEMU")
    out = run("kestrel threads")
    tids = [int(l.split()[1]) if l.startswith("*") else int(l.split()[0])
            for l in out.splitlines()[1:] if re.match(r"^\*?\s*\d+\s", l)]
    check_eq(sorted(tids), sorted(EXPECTED_THREADS), "TIDs")


@case("direct_kestrel_bt_restores_registers")  # kestrel bt of a blocked thread, registers put back exactly
def _():
    before = regs()
    out = run("kestrel bt 3")
    functions = functions_in(out)
    check("gdb_sleep_here" in functions and "thread_sleep" in functions, f"sleeper: {functions}")
    check_eq(regs(fresh=True), before, "CPU registers after kestrel bt")
    check_eq(gdb.selected_frame().name(), "gdb_checkpoint", "selected frame")


@case("direct_regs_thread_mode")  # kestrel regs in thread mode
def _():
    before = regs()
    values = kestrel_regs()
    check_eq(regs(fresh=True), before, "CPU registers after kestrel regs")
    check_eq(values.get("psp", (None,))[0], reg("sp"), "PSP is sp in thread mode")
    check_eq(values.get("msp", (None,))[0], symbol("__msp_stack_top"), "MSP, empty")
    check_eq((values.get("control", (0,))[0] or 0) & 3, 2, "CONTROL: privileged, on PSP")
    check_eq(values.get("basepri", (None,))[0], 0, "BASEPRI outside the kernel lock")
    for name, (value, line) in values.items():
        check("exact" in line, f"{name} read exactly: {line}")


@case("direct_regs_handler_mode")  # kestrel regs in the switch handler
def _():
    run_to("*switch_save")
    before = regs()
    values = kestrel_regs()
    check_eq(regs(fresh=True), before, "CPU registers after kestrel regs")
    check_eq(values.get("msp", (None,))[0], reg("sp"), "MSP is sp in handler mode")
    check_eq((values.get("control", (None,))[0] or 0) & 2, 0, "CONTROL.SPSEL reads 0 in handler mode")
    stepi()  # mrs r0, psp
    check_eq(values.get("psp", (None,))[0], reg("r0"), "PSP against the switch's own mrs")


@case("direct_program_runs_on")  # the program runs on correctly after these reads
def _():
    out = run("kestrel switch")
    check("leaves" in out and "enters" in out, out)
    run_to("gdb_main_sleep")
    check_eq(gdb.selected_frame().name(), "gdb_main_sleep", "main runs again")


done()
