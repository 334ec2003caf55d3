# SPDX-License-Identifier: MIT
"""Backtraces of threads that are not running, from their saved contexts:
GDB's own `thread N` + `bt` through the proxy, and `kestrel bt TID`."""
from gdbtest import UNLOCK_FRAMES, in_elf, backtrace, case, check, check_eq, connect, current_tid, done, functions_in, \
    gdb_thread, regs, run, run_to

connect(proxy=True)
run_to("gdb_checkpoint")

# The blocked threads and the function each blocked in, innermost first.
BLOCKED = {
    3: ["thread_sleep", "gdb_sleep_here", "sleeper_entry"],
    4: ["thread_join", "joiner_entry"],
    5: ["mutex_lock", "locker_entry"],
    6: ["queue_receive", "receiver_entry"],
    7: ["semaphore_take", "taker_entry"],
}


def in_order(functions, wanted):
    """True if wanted appear in functions, in this order."""
    it = iter(functions)
    return all(any(f == w for f in it) for w in wanted)


@case("bt_blocked_shows_function_it_blocked_in")  # gdb bt of a blocked thread shows the function it blocked in
def _():
    for tid, wanted in BLOCKED.items():
        functions = functions_in(backtrace(tid))
        check(in_order(functions, wanted), f"thread {tid}: {functions} should contain {wanted}")
        check(functions and functions[0] in UNLOCK_FRAMES,
              f"thread {tid} was switched out where it unlocked: {functions[:1]}")


@case("bt_preempted_and_never_run")  # gdb bt of the preempted and never-run threads
def _():
    spinner = functions_in(backtrace(9))
    check(in_order(spinner, ["spin", "spinner_entry"]), f"spinner: {spinner}")
    parked = functions_in(backtrace(8))
    check(parked[:1] == ["spinner_entry"], f"parked starts at its entry: {parked}")
    main = functions_in(backtrace(2))
    check_eq(main[:2], ["gdb_checkpoint", "main"], "main, the running thread")


@case("kestrel_bt_same_frames_undisturbed")  # kestrel bt shows the same frames and leaves the program alone
def _():
    before = regs()
    selected = gdb_thread(2)
    for tid, wanted in BLOCKED.items():
        out = run(f"kestrel bt {tid}")
        functions = functions_in(out)
        check(in_order(functions, wanted), f"kestrel bt {tid}: {functions}")
        check_eq(functions, functions_in(backtrace(tid)), f"kestrel bt {tid} against gdb bt")
    check_eq(regs(fresh=True), before, "registers after kestrel bt")
    import gdb
    check(gdb.selected_thread() == selected, "the selected thread is main again")


@case("bt_inside_switch_reaches_thread_code")  # gdb bt from inside the switch reaches the threads' code
def _():
    # main sleeps next: the switch saves main, then restores whoever is
    # chosen (spinner, or main again if a tick woke it meanwhile).  It is
    # the direct switch where the profile and both contexts allow it,
    # else a PendSV.
    run_to("gdb_main_sleep")
    direct = in_elf("arch_switch_direct")
    if direct:
        run("tbreak arch_switch_direct")
    run("tbreak sched_switch")
    run("continue")
    functions = functions_in(backtrace())
    if functions[:1] == ["arch_switch_direct"]:
        check(in_order(functions, ["arch_switch_direct", "thread_sleep", "gdb_main_sleep", "main"]),
              f"in the direct switch, before the restore: {functions}")
        run("delete")
        return
    run("delete")
    check(in_order(functions, ["sched_switch", "isr_pendsv", "thread_sleep", "gdb_main_sleep",
                               "main"]), f"in sched_switch, before the choice: {functions}")
    run_to("*switch_restore")
    incoming = current_tid()
    expected = {2: ["isr_pendsv", "gdb_main_sleep", "main"], 9: ["isr_pendsv", "spinner_entry"]}
    text = backtrace()
    functions = functions_in(text)
    check(in_order(functions, expected.get(incoming, ["?"])),
          f"at switch_restore, thread {incoming} was chosen: {functions}")
    check(functions[-1:] in (["thread_return"], ["main"]) and "0x00000000 in" not in text,
          f"at switch_restore, the backtrace ends in the thread's code:\n{text}")
    if incoming != 2:
        functions = functions_in(backtrace(2))
        check(in_order(functions, ["thread_sleep", "gdb_main_sleep", "main"]),
              f"main, switched out: {functions}")

done()
