# SPDX-License-Identifier: MIT
"""Helpers for the GDB test scripts (tests/gdb/test_*.py), which run inside
gdb-multiarch against a fresh QEMU started by tools/gdb/gdb_tests.py.

A script calls connect(), then checks with check() inside functions run by
case(), and ends with done(), which prints ktest's protocol for
tools/run_tests.py:

    PASS <case>
    FAIL <case>: <what>
    KTEST DONE passed=<n> failed=<n>

Environment (set by the runner): KESTREL_GDB_PORT, QEMU's GDB port;
KESTREL_ELF, the image; KESTREL_ROOT, the repository.
"""
import os
import re
import sys
import traceback

import gdb

ROOT = os.environ.get("KESTREL_ROOT", os.getcwd())
ELF = os.environ.get("KESTREL_ELF", "")
PORT = os.environ.get("KESTREL_GDB_PORT", "1234")

_results = {"passed": 0, "failed": 0}
_case = {"name": None, "ok": True, "why": []}

# The image's threads at gdb_checkpoint (tests/gdb/image/gdb_image.c):
# tid -> (name, process, base priority, effective priority, state, wait reason).
EXPECTED_THREADS = {
    1: ("idle", "kernel", 0, 0, "ready", None),
    2: ("main", "init", 16, 20, "running", None),
    3: ("sleeper", "init", 12, 12, "blocked", "sleep"),
    4: ("joiner", "init", 14, 14, "blocked", "join"),
    5: ("locker", "init", 20, 20, "blocked", "mutex"),
    6: ("receiver", "init", 18, 18, "blocked", "queue receive"),
    7: ("taker", "init", 17, 17, "blocked", "semaphore"),
    8: ("parked", "init", 6, 6, "suspended", None),
    9: ("spinner", "init", 8, 8, "ready", None),
}


# Where a thread that blocked or yielded in kernel code was switched out:
# the direct switch returns into kernel_unlock (after its call to
# sched_unlock_switch); a PendSV is taken at the ISB of arch_irq_unlock.
UNLOCK_FRAMES = ("kernel_unlock", "arch_irq_unlock")


def in_elf(name):
    """True if the image defines the symbol (no target needed)."""
    try:
        gdb.parse_and_eval(f"(unsigned int)&{name}")
        return True
    except gdb.error:
        return False


# The unprivileged process gdbproc (PID 2): only on cores with an MPU; the
# build gives the image no processes elsewhere.  Its main thread is
# blocked inside a syscall (u_ipc_receive) at gdb_checkpoint.
HAS_PROCESS = in_elf("__process_image_gdbproc")
PROCESS_TID = 10
if HAS_PROCESS:
    EXPECTED_THREADS[PROCESS_TID] = ("main", "gdbproc", 10, 10, "blocked", "ipc receive")

# The unprivileged process gdbcrash (PID 3), on the same cores: its one
# thread (TID 11, created after all the others) wrote through NULL and
# the process ended; nobody waits for it, so at gdb_checkpoint it is a
# zombie with no threads (no thread 11 exists) and its fault recorded.
HAS_CRASHED = in_elf("__process_image_gdbcrash")
CRASH_PID = 3
CRASH_TID = 11

# The unprivileged process gdbidle (PID 4), on the same cores: its one
# thread (TID 12) is below spinner's priority and has never run.
HAS_IDLE_PROCESS = in_elf("__process_image_gdbidle")
IDLE_PID = 4
IDLE_TID = 12
if HAS_IDLE_PROCESS:
    EXPECTED_THREADS[IDLE_TID] = ("main", "gdbidle", 7, 7, "ready", None)
CORE_REGS = [f"r{i}" for i in range(13)] + ["sp", "lr", "pc", "xpsr"]


def run(command):
    """Runs a GDB command and returns what it printed."""
    return gdb.execute(command, to_string=True)


def connect(proxy=True):
    run("set pagination off")
    run("set confirm off")
    # On a loaded machine the first answers can take longer than GDB's
    # default 2 s: GDB would send packets again (the proxy drops the
    # copies: test_proxy_protocol) and give up after a few.
    run("set remotetimeout 30")
    if proxy:
        command = (f"/usr/bin/python3 {ROOT}/tools/gdb/rsp_proxy.py --stdio "
                   f"--connect 127.0.0.1:{PORT} --elf {ELF}")
        run(f"target remote | {command}")
    else:
        run(f"target remote 127.0.0.1:{PORT}")


def check(ok, what):
    if not ok:
        _case["ok"] = False
        _case["why"].append(what)
    return ok


def check_eq(actual, expected, what):
    return check(actual == expected, f"{what}: got {fmt(actual)}, expected {fmt(expected)}")


def fmt(value):
    return hex(value) if isinstance(value, int) and not isinstance(value, bool) else repr(value)


def case(name):
    """Decorator: runs the function at once as one test case.  The name
    is one word (run_tests.py reads "PASS <name>")."""
    assert " " not in name, name

    def wrap(fn):
        _case.update(name=name, ok=True, why=[])
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - any error fails the case
            _case["ok"] = False
            _case["why"].append(f"{type(e).__name__}: {e}")
            traceback.print_exc(file=sys.stdout)
        if _case["ok"]:
            _results["passed"] += 1
            print(f"PASS {name}", flush=True)
        else:
            _results["failed"] += 1
            print(f"FAIL {name}: " + "; ".join(_case["why"]), flush=True)
        return fn
    return wrap


def done():
    print(f"KTEST DONE passed={_results['passed']} failed={_results['failed']}", flush=True)
    try:
        run("kill")
    except gdb.error:
        pass
    gdb.execute(f"quit {1 if _results['failed'] else 0}")


# ---------------------------------------------------------------- target --

def u32(value):
    return int(value) & 0xFFFFFFFF


def reg(name, frame=None):
    frame = frame or gdb.newest_frame()
    return u32(frame.read_register(name))


def flush_registers():
    """Makes GDB read the registers from the target again (a tool that
    changes them behind GDB's back would otherwise go unseen)."""
    run("maint flush register-cache")


def regs(names=CORE_REGS, fresh=False):
    """Registers of frame 0 of the selected thread; None if unavailable.
    fresh: read them from the target, not from GDB's cache."""
    if fresh:
        flush_registers()
    frame = gdb.newest_frame()
    values = {}
    for n in names:
        value = frame.read_register(n)
        if value.is_optimized_out:
            values[n] = None
            continue
        try:
            values[n] = int(value) & ((1 << (8 * value.type.sizeof)) - 1)
        except gdb.error:  # <unavailable>
            values[n] = None
    return values


def symbol(name):
    return u32(gdb.parse_and_eval(f"(unsigned int)&{name}"))


def word(address):
    return u32(gdb.parse_and_eval(f"*(unsigned int *){address:#x}"))


def run_to(location):
    """Continues to a temporary breakpoint; returns the stop pc."""
    run(f"tbreak {location}")
    run("continue")
    return reg("pc")


def stepi():
    run("stepi")
    return reg("pc")


def handler_mode():
    return reg("xpsr") & 0x1FF != 0


def current_tcb():
    return u32(gdb.parse_and_eval("(unsigned int)sched_current"))


def current_tid():
    return int(gdb.parse_and_eval("sched_current->tid"))


def tcb_of(tid):
    value = gdb.parse_and_eval("thread_all.next")
    head = symbol("thread_all")
    offset = int(gdb.parse_and_eval("(unsigned int)&((struct thread *)0)->all_node"))
    node = u32(value)
    while node != head:
        tcb = node - offset
        if int(gdb.parse_and_eval(f"((struct thread *){tcb:#x})->tid")) == tid:
            return tcb
        node = word(node)
    raise KeyError(f"no thread {tid}")


def gdb_threads():
    return list(gdb.selected_inferior().threads())


def gdb_thread(tid):
    for th in gdb_threads():
        if th.ptid[1] == tid or th.ptid[2] == tid:
            return th
    raise KeyError(f"GDB has no thread for TID {tid}")


def thread_regs(tid, names=CORE_REGS):
    """A thread's registers as GDB shows them after `thread N`."""
    before = gdb.selected_thread()
    gdb_thread(tid).switch()
    try:
        return regs(names)
    finally:
        before.switch()


def backtrace(tid=None):
    if tid is None:
        return run("bt")
    before = gdb.selected_thread()
    gdb_thread(tid).switch()
    try:
        return run("bt")
    finally:
        before.switch()


def functions_in(bt_text):
    return re.findall(r"^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(", bt_text, re.M)


def has_fpu():
    names = {r.name for r in gdb.selected_inferior().architecture().registers()}
    return "d0" in names
