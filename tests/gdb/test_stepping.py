# SPDX-License-Identifier: MIT
"""Stepping through a context switch one instruction at a time, from the
first instruction of isr_pendsv to the incoming thread's code, with the
backtrace and the thread GDB names checked on the way; and, where the
profile has it, through the direct switch (arch_switch_direct), which
never leaves thread mode."""
import gdb
from gdbtest import case, check, check_eq, connect, current_tid, done, functions_in, \
    handler_mode, has_fpu, in_elf, reg, run, run_to, stepi, tcb_of, word

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
            if word(saved_sp + 32) < 0xFF000000:
                # left by the direct switch: it resumes through the frame
                # restore_direct builds, at switch_direct_resume
                r["incoming_pc"] = int(gdb.parse_and_eval(
                    "(unsigned int)&switch_direct_resume")) & ~1
            else:
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
    # main (2) sleeps, spinner (9) spins: the switch is between the two,
    # either way round (main's sleep may have been a direct switch).
    code = {2: "gdb_main_sleep", 9: "spinner_entry"}
    check_eq(bts.get("sched_switch", [])[:2], ["sched_switch", "isr_pendsv"], "in sched_switch")
    check(code.get(OUT) in bts.get("sched_switch", []),
          f"before the choice, the outgoing thread {OUT}: {bts.get('sched_switch')}")
    check(code.get(incoming) in bts.get("switch_restore", []),
          f"after the choice, the incoming thread {incoming}: {bts.get('switch_restore')}")
    final = functions_in(run("bt"))
    check(code.get(incoming) in final, f"after the switch: {final}")


def step_through_direct_switch():
    """From arch_switch_direct's first instruction, stepi until its
    caller's code runs again, as the incoming thread."""
    r = {"start": run_to("*arch_switch_direct"), "steps": 0, "handler": False,
         "bt": functions_in(run("bt")), "incoming": current_tid()}
    saved_sp = word(int(gdb.parse_and_eval("(unsigned int)$r1")))
    resume = word(saved_sp + 32)
    r["direct"] = resume < 0xFF000000
    r["incoming_pc"] = (resume if r["direct"] else word(saved_sp + 36 + 24)) & ~1
    end = int(gdb.parse_and_eval("(unsigned int)&switch_direct_resume"))
    while r["steps"] < 200:
        pc = stepi()
        r["steps"] += 1
        r["handler"] |= handler_mode()
        if not (r["start"] <= pc < end):
            break
    r["final"] = reg("pc")
    r["final_bt"] = functions_in(run("bt"))
    return r


# Where the spinner uses the FPU its live FP state keeps every switch to
# it a PendSV: the direct switch is stepped where it has none.
if in_elf("arch_switch_direct") and not has_fpu():
    D = step_through_direct_switch()

    @case("stepi_through_direct_switch")  # stepi through arch_switch_direct reaches the incoming thread, in thread mode
    def _():
        check(not D["handler"], "never in a handler")
        check(D["steps"] < 60, f"{D['steps']} instructions")
        check("kernel_unlock" in D["bt"] or "sched_unlock_switch" in D["bt"],
              f"entered from the unlock: {D['bt']}")
        check_eq(D["final"], D["incoming_pc"], "pc: where the incoming thread resumes")
        check_eq(current_tid(), D["incoming"], "sched_current is the incoming thread")
        check_eq(gdb.selected_thread().ptid[1], D["incoming"], "the thread GDB shows")


done()
