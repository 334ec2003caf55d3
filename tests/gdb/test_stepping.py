# SPDX-License-Identifier: MIT
"""Stepping through a context switch one instruction at a time, from the
first instruction of isr_pendsv to the incoming thread's code, with the
backtrace and the thread GDB names checked on the way."""
import gdb
from gdbtest import case, check, check_eq, connect, current_tid, done, functions_in, \
    handler_mode, reg, run, run_to, stepi, tcb_of, word

connect(proxy=True)
run_to("gdb_checkpoint")
SWITCH_RESTORE = int(gdb.parse_and_eval("(unsigned int)&switch_restore"))


def step_through_switch():
    """From switch_save, stepi until thread mode."""
    r = {"start": run_to("*switch_save"), "out": current_tid(), "steps": 0, "functions": [],
         "bts": {}, "tids": set(), "incoming": None, "incoming_pc": None}
    while handler_mode() and r["steps"] < 3000:
        pc = stepi()
        r["steps"] += 1
        name = gdb.selected_frame().name() or "?"
        if not r["functions"] or r["functions"][-1] != name:
            r["functions"].append(name)
        r["tids"].add(gdb.selected_thread().ptid[1])
        if name == "sched_switch" and "sched_switch" not in r["bts"]:
            r["bts"]["sched_switch"] = functions_in(run("bt"))
        if pc == SWITCH_RESTORE:
            r["bts"]["switch_restore"] = functions_in(run("bt"))
            r["incoming"] = incoming = current_tid()
            saved_sp = word(tcb_of(incoming))
            fp = not (word(saved_sp + 32) & 0x10)
            r["incoming_pc"] = word(saved_sp + 4 * (9 + (16 if fp else 0)) + 24)
    r["final"] = reg("pc")
    return r


# The first switch after the checkpoint that changes threads (a tick may
# wake main before its switch runs, and then main is chosen again).
for _ in range(20):
    R = step_through_switch()
    if R["incoming"] != R["out"]:
        break
START, OUT, steps, functions, bts = R["start"], R["out"], R["steps"], R["functions"], R["bts"]
gdb_tids, incoming, incoming_pc, FINAL = R["tids"], R["incoming"], R["incoming_pc"], R["final"]


@case("stepi_reaches_incoming_thread")  # stepi from isr_pendsv reaches the incoming thread's code
def _():
    check_eq(START, int(gdb.parse_and_eval("(unsigned int)&switch_save")), "start")
    check(not handler_mode(), f"thread mode after {steps} steps")
    check(incoming is not None and incoming != OUT, f"a different thread enters: {incoming}")
    check_eq(FINAL, incoming_pc, "pc: the incoming thread's saved pc")
    check_eq(current_tid(), incoming, "sched_current")
    check_eq(gdb.selected_thread().ptid[1], incoming, "the thread GDB shows")


@case("stepi_passes_named_points")  # the steps pass the named points in order
def _():
    want = ["isr_pendsv", "sched_switch", "isr_pendsv"]
    it = iter(functions)
    check(all(any(f == w for f in it) for w in want), f"functions stepped: {functions}")
    check(steps < 1000, f"{steps} instructions")
    check(gdb_tids == {OUT, incoming}, f"GDB named only the two threads: {gdb_tids}")


@case("stepi_backtraces_inside_switch")  # backtraces inside the switch go through isr_pendsv to the right thread
def _():
    check_eq(bts.get("sched_switch", [])[:2], ["sched_switch", "isr_pendsv"], "in sched_switch")
    check("gdb_main_sleep" in bts.get("sched_switch", []),
          f"before the choice, the outgoing thread: {bts.get('sched_switch')}")
    check("spin" in bts.get("switch_restore", []) or "__aeabi_fadd" in bts.get("switch_restore", []),
          f"after the choice, the incoming thread: {bts.get('switch_restore')}")
    final = functions_in(run("bt"))
    check("spinner_entry" in final, f"after the switch: {final}")


done()
