# SPDX-License-Identifier: MIT
"""A context switch by value: main (blocking in gdb_main_sleep) leaves and
spinner enters.  The outgoing thread's registers at the moment PendSV
interrupted it must be in its TCB's saved frame and in the proxy's view
of it; the incoming thread's registers as the proxy showed them before
the switch must be the CPU's once it runs again.  Then kestrel switch."""
import gdb
from gdbtest import CORE_REGS, case, check, check_eq, connect, current_tid, done, handler_mode, \
    has_fpu, in_elf, reg, regs, run, run_to, stepi, tcb_of, thread_regs, word

connect(proxy=True)
run_to("gdb_checkpoint")
FP_REGS = [f"d{i}" for i in range(16)] + ["fpscr"] if has_fpu() else []


RETPSR_ONLY = (1 << 9) | (1 << 20)  # stacked xPSR bits that are not the thread's


def words(address, n):
    return [word(address + 4 * i) for i in range(n)]


def record_switch():
    """At switch_save: the outgoing thread's registers as PendSV
    interrupted it, and every other thread as the proxy shows it."""
    r = {"out": current_tid()}
    live = regs([f"r{i}" for i in range(4, 12)] + ["lr"])
    psp = reg("psp")
    r.update(live=live, psp=psp, fp=not (live["lr"] & 0x10), hw=words(psp, 8))
    before = dict(live)
    before.update(zip(["r0", "r1", "r2", "r3", "r12", "lr", "pc", "xpsr"], r["hw"]))
    before["xpsr"] &= ~RETPSR_ONLY
    before["sp"] = psp + 32 + (72 if r["fp"] else 0) + (4 if r["hw"][7] & 0x200 else 0)
    r["before"] = before
    r["callee_fp"] = regs([f"d{i}" for i in range(8, 16)]) if r["fp"] else {}
    r["unwound"] = {}
    frame = gdb.newest_frame()
    while frame is not None and frame.type() != gdb.SIGTRAMP_FRAME:
        frame = frame.older()
    if frame is not None and frame.older() is not None:
        r["unwound"] = {n: int(frame.older().read_register(n)) & 0xFFFFFFFF for n in CORE_REGS}
    r["views"] = {t.ptid[1]: thread_regs(t.ptid[1], CORE_REGS + FP_REGS)
                  for t in gdb.selected_inferior().threads() if t.ptid[1] != r["out"]}
    return r


def next_thread_changing_switch():
    """Runs to the next switch that changes threads; returns its record,
    stopped at switch_restore."""
    for _ in range(20):
        run_to("*switch_save")
        r = record_switch()
        run_to("*switch_restore")
        if current_tid() != r["out"]:
            break
    return r


# The first switch after the checkpoint that changes threads (main
# blocks in gdb_main_sleep; a tick may wake it before the switch runs,
# and then main is chosen again).
R = next_thread_changing_switch()
OUT, IN = R["out"], current_tid()
LIVE, PSP, FP_FRAME, HW = R["live"], R["psp"], R["fp"], R["hw"]
BEFORE, CALLEE_FP, UNWOUND, VIEWS = R["before"], R["callee_fp"], R["unwound"], R["views"]


@case("switch_between_two_threads")  # the switch saves and restores different threads
def _():
    check(OUT != IN, f"a switch from {OUT} to another thread: {IN}")
    check(OUT in (2, 9) and IN in (2, 9), f"main and spinner take turns: {OUT} -> {IN}")
    check(BEFORE["pc"] and UNWOUND, "main's frame below the exception was unwound")
    # GDB shows an unwound xPSR without the Thumb bit; on ARMv8-M the
    # stacked RETPSR also carries SFPA (bit 20), which the live xPSR does
    # not (set when the thread has Secure FP state, e.g. after memcpy).
    unwound = dict(UNWOUND, xpsr=UNWOUND.get("xpsr", 0) & ~(1 << 24) & ~(1 << 20))
    before = dict(BEFORE, xpsr=BEFORE["xpsr"] & ~(1 << 24) & ~(1 << 20))
    check_eq(unwound, before, "GDB's unwinding through the exception frame ($psp)")


@case("outgoing_registers_saved_in_tcb")  # the outgoing thread's registers are in its TCB
def _():
    tcb = tcb_of(OUT)
    saved_sp = word(tcb)
    frame_words = 9 + (16 if FP_FRAME else 0)
    check_eq(saved_sp, PSP - 4 * frame_words, "saved_sp: PSP less the software frame")
    saved = words(saved_sp, 9)
    check_eq(saved[:8], [LIVE[f"r{i}"] for i in range(4, 12)], "r4-r11 in the saved frame")
    check_eq(saved[8], LIVE["lr"], "EXC_RETURN in the saved frame")
    check_eq(words(saved_sp + 4 * frame_words, 8), HW, "hardware frame above it, intact")
    if FP_FRAME:
        fp = words(saved_sp + 36, 16)
        got = {f"d{8 + i}": fp[2 * i] | (fp[2 * i + 1] << 32) for i in range(8)}
        check_eq(got, CALLEE_FP, "s16-s31 in the saved frame")


@case("outgoing_registers_shown_from_tcb")  # the proxy shows the outgoing thread's registers from its TCB
def _():
    check_eq(thread_regs(OUT), BEFORE, "main's registers after it was switched out")


@case("incoming_registers_restored")  # the incoming thread's registers are restored
def _():
    # Virtual time runs on while GDB steps (icount without sleep=off), so
    # on a loaded host a tick can come in while we step out of PendSV and
    # run its handler first, or even choose another thread.  Then the
    # comparison is made on the next switch instead.
    incoming, views = IN, VIEWS
    for _ in range(5):
        for _ in range(400):
            if not handler_mode():
                break
            stepi()
        if not handler_mode() and current_tid() == incoming:
            break
        r = next_thread_changing_switch()
        incoming, views = current_tid(), r["views"]
    check(not handler_mode(), "back in thread mode after the switch")
    check_eq(current_tid(), incoming, "the thread now running")
    names = CORE_REGS + FP_REGS
    expected = views.get(incoming, {})
    resume = int(gdb.parse_and_eval("(unsigned int)&switch_direct_resume")) & ~1 \
        if in_elf("switch_direct_resume") else None
    if reg("pc") == resume:
        # It had left by the direct switch: through switch_direct_resume it
        # returns from that call, where the proxy showed it, with what a
        # call keeps (r0-r3 and r12 are scratch across it).
        for _ in range(3):
            stepi()
        expected = {n: v for n, v in expected.items() if n not in ("r0", "r1", "r2", "r3", "r12")}
    now = regs(names, fresh=True)
    # An FP register is "unavailable" in a view without an FP frame.
    check_eq({n: now[n] for n in expected if expected[n] is not None},
             {n: v for n, v in expected.items() if v is not None},
             "the incoming thread's registers: restored against the proxy's view before the switch")


@case("kestrel_switch_reports_threads")  # kestrel switch reports who leaves and who enters
def _():
    # main's sleep is a direct switch unless spinner's saved context needs
    # the exception return (stopped in an IT block of the soft-float
    # library, say): look for one of each where the image has both.
    want_direct = in_elf("arch_switch_direct") and not has_fpu()
    for _ in range(20):
        run_to("gdb_main_sleep")
        out = run("kestrel switch")
        direct = "(direct switch)" in out
        if "'main' (tid 2) leaves" in out and (direct or not want_direct):
            break
    check(f"switch ({'direct switch' if direct else 'PendSV'}): 'main' (tid 2) leaves, "
          "blocked: sleep" in out, out)
    check("'spinner' (tid 9) enters, resuming at " in out, out)
    label = "switch_direct_restore" if direct else "switch_restore"
    check_eq(reg("pc"), int(gdb.parse_and_eval(f"(unsigned int)&{label}")), f"stopped at {label}")
    check(direct or not want_direct, "main's sleep, in kernel code with no FP state, "
          "is a direct switch at least once in 20 rounds")
    check_eq(current_tid(), 9, "sched_current is the incoming thread")
    check_eq(gdb.selected_thread().ptid[1], 9, "the thread GDB shows")


done()
