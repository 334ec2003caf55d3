# SPDX-License-Identifier: MIT
"""What GDB's own views name, through the proxy: every thread's frame
under the function that holds its pc (the idle thread's idle_entry, with
all the debug information read, where functions removed by --gc-sections
claim address 0), one location for `break isr_pendsv` and no "address
adjusted" at its hits, NULL and the MSP without the symbols that happen
to sit at their addresses, and where each blocked thread waits
(`kestrel threads`, WAITS IN)."""
import re

import gdb
from gdbtest import HAS_PROCESS, PROCESS_TID, case, check, check_eq, connect, done, gdb_thread, \
    gdb_threads, in_elf, reg, run, run_to, symbol, u32

connect(proxy=True)
run_to("gdb_checkpoint")
# Every compilation unit read, so that GDB chooses among all of them
# when it names a pc (it reads them lazily, and then the result depends
# on which were read before).
run("maint expand-symtabs")


def elf_name(pc):
    text = run(f"info symbol {pc:#x}").strip()
    return None if text.startswith("No symbol") else text.split(" in section")[0].split(" + ")[0]


@case("frames_named_by_their_function")  # a thread's frame 0 is the function that holds its pc
def _():
    for th in gdb_threads():
        th.switch()
        frame = gdb.newest_frame()
        while frame.type() == gdb.INLINE_FRAME:  # the ELF names the function it is inlined in
            frame = frame.older()
        pc = reg("pc")
        function = frame.function()
        check(function is None or function.name == elf_name(pc),
              f"thread {th.ptid[1]}: frame 0 at {pc:#x} is in {function}, the ELF says "
              f"{elf_name(pc)}")
    idle = gdb_thread(1)
    out = run(f"thread {idle.num}")
    check("idle_entry (" in out, f"'thread {idle.num}' names the idle thread's function: {out}")
    check_eq(gdb.selected_frame().name(), "idle_entry", "the idle thread's frame 0")
    check(re.search(r"^#0\s.*idle_entry \(", run("bt -no-filters"), re.M),
          "bt without the frame filter names idle_entry")
    row = [l for l in run("info threads").splitlines() if 'Thread 1 "idle"' in l]
    check(row and "idle_entry (" in row[0], f"info threads: {row}")
    gdb_thread(2).switch()


@case("null_and_msp_print_plainly")  # NULL prints as 0x0, an empty MSP as <__msp_stack_top>
def _():
    check_eq(run("print (void *)0").split("=", 1)[1].strip(), "0x0", "print (void *)0")
    check_eq(run("print (struct thread *)0").split("=", 1)[1].strip(), "0x0",
             "print (struct thread *)0")
    check_eq(run("output/x (void *)0"), "0x0", "output/x (void *)0")
    threads = run("info threads")
    check("<vector_table>" not in threads, f"no pointer named vector_table:\n{threads}")
    check("arg=0x0)" in threads, f"spinner's NULL argument:\n{threads}")
    top = symbol("__msp_stack_top")
    msp = [l for l in run("info registers msp").splitlines() if l.startswith("msp")]
    if reg("xpsr") & 0x1FF == 0 and reg("msp") == top:
        check(msp and msp[0].split()[1:] == [f"{top:#x}", f"{top:#x}", "<__msp_stack_top>"],
              f"info registers msp: {msp}")
        check_eq(run("print $msp").split("=", 1)[1].strip(), f"{top:#x} <__msp_stack_top>",
                 "print $msp")
        check_eq(run("print/x $msp").split("=", 1)[1].strip(), f"{top:#x}", "print/x $msp")
    else:
        check(False, f"main should be in thread mode with MSP empty: {msp}")
    work = run("print &gdb_mutex").split("=", 1)[1]
    check("<gdb_mutex>" in work, f"other pointers keep their symbol: {work.strip()}")


# The blocked threads: the kernel call each waits in, and its caller.
WAITS_IN = {
    3: "thread_sleep from gdb_sleep_here",
    4: "thread_join from joiner_entry",
    5: "mutex_lock from locker_entry",
    6: "queue_receive from receiver_entry",
    7: "semaphore_take from taker_entry",
}
if HAS_PROCESS:
    WAITS_IN[PROCESS_TID] = "ipc_receive from sys_ipc_receive"


@case("kestrel_threads_waits_in")  # kestrel threads says where each blocked thread waits
def _():
    out = run("kestrel threads")
    lines = out.splitlines()
    check(lines and "WAITS IN" in lines[0], f"header: {lines[:1]}")
    rows = {int(l.split()[0]): l for l in lines[1:] if l.split() and l.split()[0].isdigit()}
    for tid, text in WAITS_IN.items():
        check(f"  {text}  " in rows.get(tid, ""), f"thread {tid} waits in {text}: "
              f"{rows.get(tid)}")
    for tid in (1, 8, 9):  # ready, suspended, ready: none
        check(" from " not in rows.get(tid, " from "), f"thread {tid}: {rows.get(tid)}")
    before = gdb.selected_thread()
    check_eq(before.ptid[1], 2, "the selected thread is main again")


@case("break_switch_entries_one_location")  # break isr_pendsv: one location, none "adjusted"
def _():
    # GDB adjusts a breakpoint (and warns at every hit) when the debug
    # information puts a function at an odd address (gas's subprogram
    # for a `.type %function` Thumb symbol): none may, and each name
    # gives one location, at the ELF symbol.
    names = [n for n in ("isr_pendsv", "switch_save", "arch_switch_direct", "isr_svcall",
                         "arch_start_first", "isr_hardfault", "isr_memmanage")
             if in_elf(n)]
    for name in names:
        address = symbol(name) & ~1
        sym = gdb.lookup_global_symbol(name)
        if sym is not None and sym.addr_class == gdb.SYMBOL_LOC_BLOCK:
            check_eq(u32(sym.value().address), address, f"{name} in the debug information")
        bp = gdb.Breakpoint(name)
        locations = [u32(loc.address) for loc in bp.locations]
        check_eq(locations, [address], f"locations of break {name}")
        bp.delete()
    hits = []
    gdb.events.stop.connect(lambda e: hits.append(
        [b.location for b in getattr(e, "breakpoints", [])]))
    bp = gdb.Breakpoint("isr_pendsv")
    for _ in range(2):
        run("continue")
        check_eq(reg("pc"), symbol("isr_pendsv") & ~1, "stopped at isr_pendsv")
    check_eq(hits, [["isr_pendsv"], ["isr_pendsv"]], "two hits of the breakpoint")
    check_eq(bp.hit_count, 2, "its hit count")
    bp.delete()

done()
