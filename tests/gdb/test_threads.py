# SPDX-License-Identifier: MIT
"""The threads, processes and objects a user sees at gdb_checkpoint, through
the proxy: GDB's own `info threads` and `thread N`, and the kestrel
commands, against what tests/gdb/image/gdb_image.c created."""
import re

import gdb
from gdbtest import UNLOCK_FRAMES, EXPECTED_THREADS, HAS_CRASHED, HAS_IDLE_PROCESS, HAS_PROCESS, case, check, \
    check_eq, connect, done, gdb_thread, reg, regs, run, run_to, symbol

connect(proxy=True)
run_to("gdb_checkpoint")
INFO = run("info threads")
# "* 2    Thread 2 "main" (running, prio 16->20) gdb_checkpoint () at ..."
ROWS = {}
for line in INFO.splitlines():
    m = re.match(r'^(\*?)\s*(\d+)\s+Thread (\d+) "([^"]*)" \(([^)]*)\)\s*(.*)$', line)
    if m:
        ROWS[int(m.group(3))] = (m.group(1) == "*", int(m.group(2)), m.group(4), m.group(5),
                                 m.group(6))


@case("info_threads_lists_created_threads")  # gdb info threads lists the threads the image created
def _():
    check_eq(sorted(ROWS), sorted(EXPECTED_THREADS), "TIDs in info threads")
    for tid, (name, *_rest) in EXPECTED_THREADS.items():
        if tid in ROWS:
            check_eq(ROWS[tid][2], name, f"name of thread {tid}")
    current = [tid for tid, row in ROWS.items() if row[0]]
    check_eq(current, [2], "the selected (current) thread")
    check_eq(len(gdb.selected_inferior().threads()), len(EXPECTED_THREADS), "GDB thread count")


@case("info_threads_states_and_priorities")  # gdb info threads shows each thread's state, wait and priority
def _():
    for tid, (name, _proc, base, prio, state, reason) in EXPECTED_THREADS.items():
        if tid not in ROWS:
            continue
        extra = ROWS[tid][3]
        text = state + (f": {reason}" if reason else "")
        check(extra.startswith(text), f"thread {name}: '{extra}' should start with '{text}'")
        want = f"prio {base}" if base == prio else f"prio {base}->{prio}"
        check(want in extra, f"thread {name}: '{extra}' should say '{want}'")


@case("thread_n_selects_thread")  # gdb thread N selects a thread and shows where it is
def _():
    expected_frames = {3: UNLOCK_FRAMES, 8: ("spinner_entry",), 2: ("gdb_checkpoint",)}
    for tid, functions in expected_frames.items():
        run(f"thread {ROWS[tid][1]}")
        check_eq(gdb.selected_thread().ptid[1], tid, f"TID after 'thread {ROWS[tid][1]}'")
        frame = gdb.selected_frame()
        check(frame.name() in functions, f"frame 0 of thread {tid}: {frame.name()}")
    run("thread 2")
    check_eq(gdb.selected_frame().name(), "gdb_checkpoint", "back on main")


@case("kestrel_threads")  # kestrel threads matches the image's threads
def _():
    out = run("kestrel threads")
    rows = {}
    for line in out.splitlines():
        cols = line.split()
        if cols and cols[0] == "*":
            cols = cols[1:] + ["*"]
        if len(cols) >= 6 and cols[0].isdigit():
            rows[int(cols[0])] = (cols, line)
    check_eq(sorted(rows), sorted(EXPECTED_THREADS), "TIDs in kestrel threads")
    for tid, (name, proc, base, prio, state, reason) in EXPECTED_THREADS.items():
        if tid not in rows:
            continue
        cols, line = rows[tid]
        check_eq(cols[1:5], [name, proc, state, str(base) if base == prio else f"{base}/{prio}"],
                 f"name, process, state, priority of thread {tid}")
        used, size = (int(x) for x in cols[5].split("/"))
        check(0 < used < size, f"thread {name}: stack {cols[5]} should be partly used")
        if reason:
            check(f" {reason}" in line, f"thread {name} should wait on '{reason}': {line}")
    check("*" in rows.get(2, ([], ""))[0], "main is marked as on the CPU")
    pcs = [re.split(r"\s{2,}", row[1].strip())[-1] for row in rows.values()]
    check(not any("gdb_sleep_here" in pc for pc in pcs), f"PC column shows frame 0: {pcs}")
    check("join 'sleeper' (tid 3)" in rows.get(4, ([], ""))[1], "joiner waits on sleeper")
    check("mutex gdb_mutex (owner 'main')" in rows.get(5, ([], ""))[1], "locker waits on gdb_mutex")


@case("kestrel_ps")  # kestrel ps shows the process tree with threads and regions
def _():
    out = run("kestrel ps")
    check(re.search(r"^PID 0 kernel\s+parent -\s+state alive\s+threads 1\b", out, re.M),
          "kernel process line: " + out.splitlines()[0])
    check(re.search(r"^  PID 1 init\s+parent 0\s+state alive\s+threads 8\b", out, re.M),
          "init is a child of the kernel with 8 threads")
    # kernel, init [, gdbproc, gdbcrash (a zombie keeps its regions), gdbidle]
    processes = 2 + HAS_PROCESS + HAS_CRASHED + HAS_IDLE_PROCESS
    for region in ("code", "data", "heap"):
        check_eq(len(re.findall(rf"^\s+{region}\s+0x", out, re.M)), processes,
                 f"{region} regions, one per process")
    check_eq(len(re.findall(r"^\s+stacks\s+0x", out, re.M)), processes - 2,
             "stacks regions, one per unprivileged process")
    stacks = re.findall(r"stack\s+(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+(\d+) bytes rw-\s+thread (\d+)", out)
    check_eq(sorted(int(s[3]) for s in stacks), sorted(EXPECTED_THREADS), "one stack per thread")
    sleeper = [s for s in stacks if s[3] == "3"]
    if sleeper:
        base = int(sleeper[0][0], 16)
        check_eq(base, symbol("stacks") + 0 * 1024, "sleeper's stack is stacks[0]")


@case("kestrel_objects")  # kestrel objects lists owners and waiters
def _():
    out = run("kestrel objects")
    lines = {}
    for line in out.splitlines()[1:]:
        for name in ("gdb_mutex", "gdb_sem", "gdb_queue", "gdb_events"):
            if f" {name} " in line:
                lines[name] = line
    check("owner 'main' (2), depth 1" in lines.get("gdb_mutex", ""), "gdb_mutex owner: "
          + lines.get("gdb_mutex", "missing"))
    check("'locker' (5, prio 20)" in lines.get("gdb_mutex", ""), "gdb_mutex waiter locker")
    check("count 0/3" in lines.get("gdb_sem", "") and "'taker' (7" in lines.get("gdb_sem", ""),
          "gdb_sem: " + lines.get("gdb_sem", "missing"))
    check("0/4 items of 4 bytes" in lines.get("gdb_queue", "")
          and "receivers: 'receiver' (6" in lines.get("gdb_queue", ""),
          "gdb_queue: " + lines.get("gdb_queue", "missing"))
    check("bits 0x00000005" in lines.get("gdb_events", ""), "gdb_events: "
          + lines.get("gdb_events", "missing"))
    pooled = [l for l in out.splitlines() if "owner 'sleeper' (3)" in l]
    check_eq(len(pooled), 1, "one mutex (from the pool) owned by sleeper")
    check(pooled and "mutex.c:pool_storage[0]" in pooled[0], f"named by its pool slot: {pooled}")
    data = symbol("__data_start")
    for line in out.splitlines()[1:]:
        m = re.search(r"\s(0x[0-9a-f]{8})\s", line)
        if m:
            check(int(m.group(1), 16) >= data, f"an object outside RAM: {line}")


@case("special_registers_through_proxy")  # $msp, $psp, $control... of the CPU and of a thread
def _():
    before = regs(fresh=True)
    special = {n: reg(n) for n in ("msp", "psp", "control", "primask", "basepri", "faultmask")}
    check_eq(regs(fresh=True), before, "registers after reading the special ones")
    check_eq(special["psp"], before["sp"], "PSP of the running thread is its sp")
    check_eq(special["msp"], symbol("__msp_stack_top"), "MSP is empty in thread mode")
    check_eq(special["control"] & 3, 2, "CONTROL: privileged, on PSP")
    check_eq([special[n] for n in ("primask", "basepri", "faultmask")], [0, 0, 0], "masks")
    gdb_thread(3).switch()
    try:
        check_eq(reg("psp"), reg("sp"), "PSP of a switched-out thread is its saved sp")
        check_eq(reg("control") & 3, 2, "CONTROL of a switched-out thread")
    finally:
        gdb_thread(2).switch()


done()
