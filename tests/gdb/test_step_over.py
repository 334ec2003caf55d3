# SPDX-License-Identifier: MIT
"""next and finish over a switch (kestrel_gdb/display.py's stop note).
Over a call that blocks, or out of the kernel's wait, the step ends only
when the thread runs again, after the others ran; GDB stops in the same
thread, as it should, and after next the note says that the thread was
switched out and back in meanwhile, and how to follow the switch itself."""
import gdb
from gdbtest import case, check, check_eq, connect, current_tid, done, run, run_to

NOTE = "was switched out during this step and has just come back"

connect(proxy=True)
run_to("gdb_checkpoint")
run_to("gdb_main_sleep")


@case("next_over_a_blocking_call")  # next over thread_sleep: back in main, with the note
def _():
    before = int(gdb.parse_and_eval("sched_current->switches_in"))
    out = ""
    for _ in range(4):  # to the line of the sleep, and over it
        out += run("next")
        if int(gdb.parse_and_eval("sched_current->switches_in")) != before:
            break
    check_eq(current_tid(), 2, "still main")
    check(int(gdb.parse_and_eval("sched_current->switches_in")) == before + 1,
          "main was switched out and in once")
    check(NOTE in out, f"the note: {out[-500:]}")


@case("no_note_without_a_switch")  # a next that does not switch says nothing
def _():
    out = run("next")
    check(NOTE not in out, out[-300:])


@case("finish_out_of_the_wait")  # finish from the wait that switches (PendSV or direct): back in main
def _():
    # sched_block unlocks, and the unlock switches: directly, or by the
    # PendSV it takes where the incoming thread has live FP state.  In
    # the PendSV case the tick, more urgent than PendSV, can come in
    # between and end main's one-tick sleep before main was switched
    # out: then there is no switch to finish across, and the next round
    # is tried.  Every finish must come back in main, just after the call.
    switched = 0
    for _ in range(5):
        run("tbreak sched_block if sched_current->tid == 2")
        run("continue")
        check_eq(current_tid(), 2, "main is in its wait")
        before = int(gdb.parse_and_eval("sched_current->switches_in"))
        run("finish")
        check_eq(current_tid(), 2, "main again")
        check_eq(gdb.selected_frame().name(), "thread_sleep", "just after the call")
        switched = int(gdb.parse_and_eval("sched_current->switches_in")) - before
        check(switched in (0, 1), f"switched out and in at most once: {switched}")
        if switched:
            break
    check_eq(switched, 1, "main was switched out and back in")

done()
