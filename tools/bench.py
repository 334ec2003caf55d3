#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Run the benchmark image under QEMU and turn its counts into figures.

    bench.py --elf BENCH.elf [--elf-os BENCH_Os.elf] [--opt -O2] [--runs N]
             [--json OUT.json] -- qemu-system-arm ARGS...

QEMU runs with -icount shift=0,sleep=off: one guest instruction is one
nanosecond of virtual time, so a board clock of H Hz counts once every
1e9/H instructions and every figure is an instruction count that repeats
exactly.  The image (bench/) prints raw clock counts; this tool does the
arithmetic (bench/bench.h explains the method):

  per operation = (real(2n) - real(n) - stubbed(2n) + stubbed(n)) / ops
                  + stub instructions + one call instruction per call

and exceptions per operation = switches + interrupts + 2 x syscalls (an
unprivileged thread's syscall enters by svc #0 and leaves by svc #1).

where real() and stubbed() are the clock counts of windows of n and 2n
units run with the kernel's functions and with do-nothing stubs.  "loop"
is what the loop itself costs per operation, shown and subtracted.  A
window count is rounded to the clock (40 instructions on MPS2), so a
figure carries an error bound of two counts over the operations timed;
it is printed as a whole number when it is provably one.

The boot figure: on a board whose clock counts from reset (MPS2), main()
first reads the clock 128 times at a fixed spacing; the only start time
and spacing that explain every reading give the exact instruction count
before the first reading, and the disassembly of the straight-line code
from the first thread's entry to that reading turns it into instructions
before the first thread.

Footprints of kernel/ alone, at the given OPT and at -Os: the sections
of every kernel/ object file, whole (size(1)'s text/data/bss), and beside
them what the image links of kernel/ (from its map, with
tools/mapsize.py's parser).

Exits 1 if the image reports a failed check, crashes, or (--runs 2)
prints different figures on two runs.  Missed targets are reported, not
failures.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mapsize  # noqa: E402
import qemu_run  # noqa: E402

TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "300"))

# bench_pendsv (bench/asm.S, BENCH_PENDSV_COUNT_INSNS) counts each PendSV
# in this many instructions, which the figures leave out.
PENDSV_COUNT_INSNS = 6

# The reference table: the same workloads and micro figures, the same
# source for every kernel, on mps2-an385 at -O2 under -icount shift=0
# (guest instructions per operation): FreeRTOS V11.1 (CM3 port, heap_4,
# release configuration), ThreadX 6.4.2 (TX_DISABLE_ERROR_CHECKING, its
# documented release option), ChibiOS/RT 8.0 (debug off).  Their runs
# went through a port wrapper each, so they carry a few instructions more
# than a direct call would.
PEERS = ("FreeRTOS", "ThreadX", "ChibiOS")


class Row:
    """One figure: its peers' instructions per operation, the target, and
    the exceptions per operation of the peer that sets the target (the
    best).  flat_of: the figure must also not grow beyond that row's."""

    def __init__(self, bench_id, label, peers=None, target=None, best_exc=None, flat_of=None):
        self.id, self.label = bench_id, label
        self.peers = dict(zip(PEERS, peers)) if peers else {}
        self.target, self.best_exc, self.flat_of = target, best_exc, flat_of


ROWS = [
    Row("tm_cooperative", "cooperative yield (Thread-Metric, 5 threads)", (58, 66, 57), 57, 0),
    Row("yield_2", "switch, 2 threads yielding", (56, 64, 43), 43, 0),
    Row("yield_16", "switch, 16 threads yielding", None, 43, 0, flat_of="yield_2"),
    Row("yield_64", "switch, 64 threads yielding", (56, 64, 291), 43, 0, flat_of="yield_2"),
    Row("tm_preemptive", "preemptive chain, per activation", (253, 202, 74), 74, 0),
    # ThreadX's interrupt figure takes the interrupt and nothing else.
    Row("tm_interrupt", "interrupt processing", (102, 55, 94), 55, 1),
    Row("tm_interrupt_preemption", "interrupt preemption", (333, 261, 156), 156, 2),
    Row("tm_message", "message send+receive, 16 B", (198, 132, 220), 132, 0),
    Row("tm_synchronization", "semaphore take+give", (114, 47, 47), 47, 0),
    Row("tm_memory", "pool alloc+free, 128 B", (225, 52, 31), 31, 0),
    Row("pingpong_2", "semaphore ping-pong round trip", (716, 315, 156), 156, 0),
    Row("pingpong_16", "ping-pong, 16 ready threads", None, 156, 0, flat_of="pingpong_2"),
    Row("pingpong_64", "ping-pong, 64 ready threads", None, 156, 0, flat_of="pingpong_2"),
    Row("mutex", "mutex lock+unlock, uncontended", (126, 131, 40), 40, 0),
    # Exceptions per sample, the software interrupt included.
    Row("isr_wake", "ISR gives semaphore -> woken thread runs", (217, 146, 123), 123, 2),
    Row("isr_wake_round_trip", "  the same, round trip back to the ISR's thread"),
    Row("create_join", "thread create+join (smallest stack)"),
    # Unprivileged threads of spawned processes (bench/process.c): each
    # syscall is two exceptions (svc #0 in, svc #1 out).
    Row("syscall_null", "syscall, null (getpid), unprivileged"),
    Row("syscall_sem", "syscall sem take+give, by handle"),
    Row("switch_same_process", "u_yield switch, threads of one process"),
    Row("switch_cross_process", "u_yield switch, two processes (MPU reload)"),
]

# What an exception costs that QEMU does not count: entry and return on
# a Cortex-M3 (about 12 + 10 cycles).  A figure meets its target only as
# instructions + EXCEPTION_COST x (its exceptions - the best peer's).
EXCEPTION_COST = 22

# The scheduler and object core of kernel/ (the counterpart of FreeRTOS's
# tasks.c, queue.c, list.c, timers.c): threads and the scheduler with its
# timeouts, wait queues, mutexes, semaphores, queues, software timers.
# The scheduler is sched.c (the core) and sched_switch.c (the switch and
# the tick around it) with time.c; the self-check (check.c, and the
# core's own part of it, sched_check.c), which no peer has a counterpart
# of, is not counted.
KERNEL_CORE = ["thread.c", "sched.c", "sched_switch.c", "time.c", "readyq.c", "waitq.c",
               "mutex.c", "semaphore.c", "queue.c", "timer.c"]
# -Os kernel text linked for the Thread-Metric workload.
KERNEL_TEXT_PEERS = (6395, 6306, 2988)
KERNEL_CORE_TARGET = 3000
# Kernel memory per thread, stack excluded.
TCB_PEERS = (84, 180, 84)
TCB_TARGET = 84
USER_PART_TARGET = 32  # what a process's thread adds to a kernel thread's record

BENCH = re.compile(r"^BENCH (\S+) (.*)$")
LATENCY = re.compile(r"^LATENCY (\S+) (.*)$")
SYSCALLS = re.compile(r"^SYSCALLS (\S+) (.*)$")  # after its BENCH line
INFO = re.compile(r"^INFO (\S+) (.*)$")
FAIL = re.compile(r"^FAIL (.*)$")
SKIP = re.compile(r"^SKIP (\S+): (.*)$")
END = re.compile(r"^BENCH-END failures=(\d+)$")
# What the guest prints that must repeat exactly from run to run.
FIGURE_LINE = re.compile(r"^(BENCH|LATENCY|SYSCALLS|BOOT|STACK|INFO|SKIP|TICKLESS) ")
# The idle wake-up's figures, left out when runs are compared: QEMU with
# -icount sleep=off resumes a CPU from WFI a board clock count earlier or
# later from one run to the next.
WAKE_FIELDS = re.compile(r" wake_ns_(?:min|max|sum)=\d+")


def fields(text):
    """'a=1 b=2,3' -> {'a': '1', 'b': '2,3'}"""
    return dict(item.split("=", 1) for item in text.split())


def pair(text):
    a, b = text.split(",")
    return int(a), int(b)


def run_image(qemu_cmd, elf):
    cmd = qemu_cmd + ["-icount", "shift=0,sleep=off"]
    status, lines = qemu_run.run(cmd, elf, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                                 echo=False)
    return status, lines


# ------------------------------------------------------------- figures --

class Figures:
    def __init__(self, lines):
        self.info = {}
        self.benches = {}
        self.latency = {}
        self.skipped = {}
        self.stack = None
        self.tickless = None
        self.boot = None
        self.failures = []
        self.ended = None
        for line in lines:
            if m := INFO.match(line):
                self.info[m.group(1)] = m.group(2)
            elif m := BENCH.match(line):
                self.benches[m.group(1)] = fields(m.group(2))
            elif m := LATENCY.match(line):
                self.latency[m.group(1)] = fields(m.group(2))
            elif (m := SYSCALLS.match(line)) and m.group(1) in self.benches:
                self.benches[m.group(1)].update(fields(m.group(2)))
            elif m := SKIP.match(line):
                self.skipped[m.group(1)] = m.group(2)
            elif line.startswith("STACK "):
                self.stack = {k: int(v) for k, v in fields(line[6:]).items()}
            elif line.startswith("TICKLESS "):
                self.tickless = {k: int(v) for k, v in fields(line[9:]).items()}
            elif line.startswith("BOOT "):
                self.boot = [int(v) for v in fields(line[5:])["readings"].split(",")]
            elif m := FAIL.match(line):
                self.failures.append(m.group(1))
            elif m := END.match(line):
                self.ended = int(m.group(1))
        self.hz = int(self.info.get("clock_hz", "0"))
        # instructions per clock count
        self.period = Fraction(10**9, self.hz) if self.hz else None


def loop_figure(raw, period):
    """One looped benchmark's figures per operation (Fractions)."""
    n, ops_per_unit = int(raw["n"]), int(raw["ops"])
    r1, r2 = pair(raw["real"])
    s1, s2 = pair(raw["stubbed"])
    w1, w2 = pair(raw["switches"])
    v1, v2 = pair(raw.get("pendsvs", raw["switches"]))
    i1, i2 = pair(raw["irqs"])
    c1, c2 = pair(raw.get("syscalls", "0,0"))
    ops = n * ops_per_unit
    mask = 0xffffffff
    # Per unit first: a unit is the same instructions every time, so its
    # cost is a whole number; each window difference is off by less than
    # one count, so the bound is two counts over the n units.
    # bench_pendsv's own instructions, counting each PendSV, come out.
    real = ((r2 - r1) & mask) * period / n - PENDSV_COUNT_INSNS * Fraction(v2 - v1, n)
    stubbed = ((s2 - s1) & mask) * period / n
    stub, calls = int(raw["stub"]), int(raw["calls"])
    unit = real - stubbed + stub + calls
    loop = stubbed - stub - calls
    bound = 2 * period / n
    if exact(unit, bound) is not None and exact(loop, bound) is not None:
        unit, loop, bound = Fraction(exact(unit, bound)), Fraction(exact(loop, bound)), 0
    return {
        "instructions": unit / ops_per_unit,
        "bound": bound / ops_per_unit,
        "loop": loop / ops_per_unit,
        "switches": Fraction(w2 - w1, ops),
        "pendsvs": Fraction(v2 - v1, ops),
        "irqs": Fraction(i2 - i1, ops),
        "syscalls": Fraction(c2 - c1, ops),
        "n": n,
        "ops": ops,
    }


def latency_figure(raw, period):
    samples = int(raw["samples"])
    pendsvs = int(raw.get("pendsvs", raw["switches"]))
    diff = (int(raw["latency"]) - int(raw["overhead"])) * period / samples \
        - PENDSV_COUNT_INSNS * Fraction(pendsvs, samples)
    return {
        "instructions": diff,
        "bound": Fraction(0),  # exact: the readings cover every clock phase equally
        "loop": None,
        "switches": Fraction(int(raw["switches"]), samples),
        "pendsvs": Fraction(pendsvs, samples),
        "irqs": Fraction(int(raw["irqs"]), samples),
        "syscalls": Fraction(0),
        "n": samples,
        "ops": samples,
        "dither_nops": int(raw["nops"]),
    }


def exact(value, bound):
    """The value as an int when it is provably the nearest whole number,
    else None."""
    nearest = round(value)
    if abs(value - nearest) <= bound < Fraction(1, 2):
        return nearest
    return None


def show(value, bound=Fraction(0)):
    """A whole number when provably one; two decimals when the bound
    allows them (a loop whose operations differ, e.g. a division by a
    library call on the M0); else "~" and the nearest whole number."""
    if value is None:
        return "-"
    whole = exact(value, bound)
    if whole is not None:
        return str(whole)
    if bound < Fraction(1, 200):
        return f"{float(value):.2f}".rstrip("0").rstrip(".")
    return f"~{round(value)}"


def number(value, bound=Fraction(0)):
    """For the JSON: an int when provably whole, else a float."""
    if value is None:
        return None
    whole = exact(value, bound)
    return whole if whole is not None else round(float(value), 3)


# ---------------------------------------------------------------- boot --

def solve_boot(readings, hz):
    """(first, spacing) such that reading j was taken at observed time
    first + j * spacing (instructions, counting the reading one), or a
    list of every candidate when they are not unique."""
    v0 = readings[0]
    # floor(t * hz / 1e9) == v0
    lo = -((-v0 * 10**9) // hz)
    hi = -((-(v0 + 1) * 10**9) // hz)
    found = []
    for spacing in range(3, 1000):
        for first in range(max(lo, 1), hi):
            if all((first + j * spacing) * hz // 10**9 == v for j, v in enumerate(readings)):
                found.append((first, spacing))
    return found


def disassemble(elf):
    out = subprocess.run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn", elf],
                         capture_output=True, text=True, check=True).stdout
    functions, current = {}, None
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <(\S+)>:$", line)
        if m:
            current = functions.setdefault(m.group(1), [])
            continue
        m = re.match(r"^\s+[0-9a-f]+:\s+(\S+)\s*(.*)$", line)
        if m and current is not None:
            current.append((m.group(1), m.group(2)))
    return functions


BRANCH = re.compile(r"^(b|bl|blx|bx|cbz|cbnz|tbb|tbh)(\.[nw])?$|^b[a-z]{2}(\.[nw])?$")


def straight_count(insns, stop):
    """Instructions from the start up to and including the first for which
    stop(mnemonic, operands) holds; None if a branch comes first."""
    for i, (mnemonic, operands) in enumerate(insns):
        if stop(mnemonic, operands):
            return i + 1
        if BRANCH.match(mnemonic) or "pc" in operands.split(",")[0] or mnemonic == "pop" \
                and "pc" in operands:
            return None
    return None


def calls(target):
    return lambda m, o: m.startswith("bl") and f"<{target}>" in o


def boot_offset(elf):
    """Instructions from the first thread's first instruction (main_entry)
    up to the first clock reading in main(), exclusive; None if that code
    is not straight-line."""
    f = disassemble(elf)
    try:
        parts = [
            straight_count(f["main_entry"], calls("main")),
            straight_count(f["main"], calls("bench_clock_trace")),
            straight_count(f["bench_clock_trace"], lambda m, o: m.startswith("blx")),
            straight_count(f["board_clock_now"],
                           lambda m, o: m.startswith("ldr") and re.search(r"\[(r\d+)", o)),
        ]
    except KeyError:
        return None
    if None in parts:
        return None
    return sum(parts) - 1  # the reading instruction itself is not before it


# ----------------------------------------------------------- footprint --

def kernel_objects(obj_dir):
    """{'thread.c': {'text': .., 'data': .., 'bss': ..}, ...}: every object
    of kernel/ whole, unused functions included (the kernel alone)."""
    rows = {}
    for name in sorted(os.listdir(obj_dir)):
        if name.endswith(".c.o"):
            row = rows.setdefault(name[:-2], {"text": 0, "data": 0, "bss": 0})
            for _, size, kind in mapsize.elf_sections(os.path.join(obj_dir, name)):
                row[kind] += size
    return rows


def kernel_linked(map_path, elf_path):
    """The same, as linked into the image: what it uses."""
    original = mapsize.layer_of

    def owner(name):
        m = re.search(r"(?:^|/)obj/kernel/(.+)\.o$", name or "")
        return "kernel/" + m.group(1) if m else original(name)

    mapsize.layer_of = owner
    try:
        contents, sizes, _ = mapsize.parse_map(map_path)
    finally:
        mapsize.layer_of = original
    rows = {}
    for name, size, kind in mapsize.elf_sections(elf_path):
        if name not in sizes:
            continue
        address, _ = sizes[name]
        for key, n in mapsize.placed(contents[name], address + size):
            if key.startswith("kernel/"):
                rows.setdefault(key[7:], {"text": 0, "data": 0, "bss": 0})[kind] += n
    return rows


def total(rows, names=None):
    t = {"text": 0, "data": 0, "bss": 0}
    for name, row in rows.items():
        if names is None or name in names:
            for k in t:
                t[k] += row[k]
    return t


# --------------------------------------------------------------- table --

def judge(value, row, figures, exc, bound):
    """'yes' / 'no (...)' / '' for one row: the target with the exception
    rule, and no growth beyond row.flat_of's figure."""
    if value is None or row.target is None:
        return ""
    whole = exact(value, bound)
    if whole is not None:
        value = Fraction(whole)
    charged = value + EXCEPTION_COST * (exc - row.best_exc)
    misses = []
    if charged > row.target + bound:
        extra = f", {show(exc)} exc" if exc != row.best_exc else ""
        misses.append(f"+{show(charged - row.target, bound)}{extra}")
    other = figures.get(row.flat_of) if row.flat_of else None
    if other is not None:
        grown = value - other["instructions"]
        if grown > bound + other["bound"]:
            misses.append(f"grows +{show(grown, bound + other['bound'])}")
    return "no (" + "; ".join(misses) + ")" if misses else "yes"


def peer_columns(values):
    return "".join(f"{'-' if v is None else v:>9}" for v in values)


def tickless_report(t, tick_hz):
    """The idle-time figures (bench/tickless.c)."""
    mode = "tickless idle" if t["mode"] else "the periodic tick (TICKLESS=0 or not supported)"
    seconds = Fraction(t["asleep_ticks"], tick_hz)
    per_second = Fraction(t["wakeups"]) / seconds
    print()
    print(f"Idle time, with {mode}:")
    print(f"{'idle wake-ups per second, every thread asleep':<48}{float(per_second):>9.2f}"
          f"   ({t['wakeups']} in {seconds} s)")
    print(f"{'sleeps from random points in a tick, woke':<48}{t['late']:>9} late, {t['early']} early"
          f"   (of {t['samples']}; each at exactly start + n ticks)")
    span = "hour" if t["mode"] else "minute"
    print(f"{'ticks in one ' + span + ' of sleeping, timers, running':<48}{t['hour_ticks']:>9}"
          f"   (board clock: {t['hour_clock_ticks']} whole ticks; {t['timer_shots']} timer shots)")
    if not t["mode"] and t["hour_clock_ticks"] != t["hour_ticks"]:
        print(f"{'':<48}{'':>9}   (QEMU 7.2 with -icount sleep=off wakes an idle CPU from WFI"
              f" only at the SysTick period after the one that ended: ticks are lost while idle)")
    wake_mean = t["wake_ns_sum"] // t["wake_samples"]
    print(f"{'tick boundary to the woken sleeper, instructions':<48}{wake_mean:>9}"
          f"   (mean of {t['wake_samples']}; {t['wake_ns_min']} to {t['wake_ns_max']},"
          f" to the clock's {t['clock_ns']} ns; a count more or less from run to run)")
    return {"mode": t["mode"], "wakeups_per_second": float(per_second), "late": t["late"],
            "early": t["early"], "samples": t["samples"], "hour_ticks": t["hour_ticks"],
            "hour_clock_ticks": t["hour_clock_ticks"], "wake_instructions_mean": wake_mean,
            "wake_instructions_min": t["wake_ns_min"], "wake_instructions_max": t["wake_ns_max"]}


def report(fig, args, boot, footprint):
    period = fig.period
    figures = {}
    for bench_id, raw in fig.benches.items():
        figures[bench_id] = loop_figure(raw, period)
    for bench_id, raw in fig.latency.items():
        figures[bench_id] = latency_figure(raw, period)

    info = fig.info
    print()
    print(f"Kestrel benchmarks: {info.get('board')} ({info.get('cpu')}), {args.opt}, "
          f"QEMU -icount shift=0 (1 instruction = 1 ns)")
    print(f"clock: {fig.hz} Hz, {show(period)} instructions per count"
          f"{', from reset' if info.get('clock_from_reset') == '1' else ''}; "
          f"tick {info.get('tick_hz')} Hz, never inside a timing window")
    print("Instructions per operation, the benchmark loop subtracted; exceptions per "
          "operation (a syscall is two SVCs).")
    print("QEMU charges no instructions for exception entry and return (about 12 and 10 "
          f"cycles on a Cortex-M3): met means insn + {EXCEPTION_COST} x (exc - best peer's exc) "
          "<= target.")
    print("Peers, measured the same way: FreeRTOS V11.1, ThreadX 6.4.2, ChibiOS/RT 8.0.")
    print()
    header = f"{'figure':<48}{'Kestrel':>9}{'loop':>6}{'exc':>5}" + \
        "".join(f"{p:>9}" for p in PEERS) + f"{'target (exc)':>16}  met"
    print(header)
    print("-" * len(header))
    rows_json = {}
    for row in ROWS:
        f = figures.get(row.id)
        if f is None:
            why = fig.skipped.get(row.id, "not run")
            print(f"{row.label:<48}{'-':>9}  ({why})")
            rows_json[row.id] = {"label": row.label, "skipped": why}
            continue
        exc = f.get("pendsvs", f["switches"]) + f["irqs"] + 2 * f["syscalls"]
        target_text = "-" if row.target is None else \
            f"<= {row.target} ({row.best_exc})" + (" flat" if row.flat_of else "")
        verdict = judge(f["instructions"], row, figures, exc, f["bound"])
        peers = [row.peers.get(p) for p in PEERS] if row.peers else [None] * len(PEERS)
        print(f"{row.label:<48}{show(f['instructions'], f['bound']):>9}"
              f"{show(f['loop'], f['bound']) if f['loop'] is not None else '-':>6}"
              f"{show(exc):>5}{peer_columns(peers)}"
              f"{target_text:>16}  {verdict}")
        rows_json[row.id] = {
            "label": row.label,
            "instructions_per_op": number(f["instructions"], f["bound"]),
            "error_bound": float(f["bound"]),
            "loop_per_op": number(f["loop"], f["bound"]) if f["loop"] is not None else None,
            "switches_per_op": number(f["switches"]),
            "irqs_per_op": number(f["irqs"]),
            "syscalls_per_op": number(f["syscalls"]),
            "exceptions_per_op": number(exc),
            "operations_timed": f["ops"],
            "peers": row.peers,
            "target": row.target,
            "best_peer_exceptions_per_op": row.best_exc,
            "flat_of": row.flat_of,
            "met": verdict.startswith("yes") if verdict else None,
            "raw": fig.benches.get(row.id) or fig.latency.get(row.id),
        }

    print()
    result = {"board": info.get("board"), "cpu": info.get("cpu"), "opt": args.opt,
              "clock_hz": fig.hz, "instructions_per_count": float(period),
              "figures": rows_json}

    # Sizes.
    tcb = int(info.get("tcb_bytes", 0))
    pcb = int(info.get("pcb_bytes", 0))
    print(f"{'TCB (struct thread), bytes':<48}{tcb:>9}{'':>11}{peer_columns(TCB_PEERS)}"
          f"{'<= ' + str(TCB_TARGET):>16}  "
          f"{'yes' if tcb <= TCB_TARGET else f'no (+{tcb - TCB_TARGET})'}")
    user_part = int(info.get("thread_user_bytes", 0))
    print(f"{'process thread extra (struct thread_user), bytes':<48}{user_part:>9}{'':>11}"
          f"{peer_columns((None, None, None))}{'<= ' + str(USER_PART_TARGET):>16}  "
          f"{'yes' if user_part <= USER_PART_TARGET else f'no (+{user_part - USER_PART_TARGET})'}")
    print(f"{'PCB (struct process), bytes':<48}{pcb:>9}")
    result["tcb_bytes"] = tcb
    result["thread_user_bytes"] = user_part
    result["thread_user_met"] = user_part <= USER_PART_TARGET
    result["pcb_bytes"] = pcb
    result["tcb_met"] = tcb <= TCB_TARGET
    if fig.stack:
        s = fig.stack
        print(f"{'smallest stack (THREAD_STACK_MIN_BYTES), bytes':<48}{s['min']:>9}"
              f"   a thread ran on it: {s['used']} of {s['usable']} usable bytes used")
        result["stack_min"] = s
    if boot:
        if boot.get("first_thread") is not None:
            print(f"{'reset -> first thread, instructions':<48}{boot['first_thread']:>9}"
                  f"   (first clock reading in main(): {boot['first_reading']})")
        elif boot.get("first_reading") is not None:
            print(f"{'reset -> first clock reading in main()':<48}{boot['first_reading']:>9}")
        else:
            print(f"{'reset -> first thread':<48}{'-':>9}   ({boot['why']})")
        result["boot"] = boot
    if fig.tickless:
        result["tickless"] = tickless_report(fig.tickless, int(info.get("tick_hz", "1000")))
    if footprint:
        print()
        print("kernel/ alone, bytes: every object whole; core: "
              f"{', '.join(n[:-2] for n in KERNEL_CORE)}; linked: what this image uses")
        print(f"{'':<12}{'text':>8}{'data':>8}{'bss':>8}{'core text':>11}{'linked text':>13}"
              f"{'target':>8}  met")
        for opt, (rows, linked) in footprint.items():
            t, core = total(rows), total(rows, KERNEL_CORE)
            line = f"{opt:<12}{t['text']:>8}{t['data']:>8}{t['bss']:>8}{core['text']:>11}" \
                   f"{total(linked)['text']:>13}"
            if opt == "-Os":
                met = core["text"] <= KERNEL_CORE_TARGET
                line += f"{KERNEL_CORE_TARGET:>8}  " \
                        f"{'yes' if met else 'no (+%d)' % (core['text'] - KERNEL_CORE_TARGET)}"
                result["kernel_core_text_Os_met"] = met
            print(line)
        print("-Os text linked for the Thread-Metric workload by the peers (the whole kernel): "
              + ", ".join(f"{p} {v}" for p, v in zip(PEERS, KERNEL_TEXT_PEERS)))
        result["footprint"] = {
            opt: {"total": total(rows), "core": total(rows, KERNEL_CORE), "objects": rows,
                  "linked": total(linked), "linked_objects": linked}
            for opt, (rows, linked) in footprint.items()}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--elf", required=True)
    parser.add_argument("--elf-os", help="the same image built at -Os (footprint)")
    parser.add_argument("--opt", default="-O2")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json")
    parser.add_argument("qemu", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    qemu_cmd = args.qemu[1:] if args.qemu and args.qemu[0] == "--" else args.qemu

    outputs = []
    for run in range(max(1, args.runs)):
        status, lines = run_image(qemu_cmd, args.elf)
        fig = Figures(lines)
        if status != 0 or fig.failures or fig.ended is None:
            for line in lines[-60:]:
                print(f"  | {line}")
            for failure in fig.failures:
                print(f"FAIL {failure}")
            why = "timed out" if status == 124 else f"exit status {status}"
            if fig.ended is None:
                print(f"FAIL bench: the image ended before BENCH-END ({why})")
            sys.exit(1)
        outputs.append([WAKE_FIELDS.sub("", line) for line in lines if FIGURE_LINE.match(line)])
    if any(out != outputs[0] for out in outputs[1:]):
        print(f"FAIL bench: {len(outputs)} runs printed different figures")
        sys.exit(1)

    boot = None
    if fig.boot:
        found = solve_boot(fig.boot, fig.hz)
        firsts = sorted({first for first, _ in found})
        if len(firsts) == 1:
            reading = firsts[0] - 1  # instructions before the reading one
            offset = boot_offset(args.elf)
            boot = {"first_reading": reading, "spacing": found[0][1],
                    "first_thread": None if offset is None else reading - offset,
                    "entry_to_reading": offset}
        else:
            boot = {"why": f"{len(firsts)} start times fit the clock readings"}
    elif fig.info.get("clock_from_reset") == "0":
        boot = {"why": "this board's clock does not count from reset"}

    footprint = {}
    for opt, elf in ((args.opt, args.elf), ("-Os", args.elf_os)):
        if elf and opt not in footprint:
            footprint[opt] = (kernel_objects(os.path.join(os.path.dirname(elf), "obj", "kernel")),
                              kernel_linked(os.path.splitext(elf)[0] + ".map", elf))

    result = report(fig, args, boot, footprint)
    if args.runs > 1:
        print(f"\n{args.runs} runs, identical figures.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2, default=str)
            f.write("\n")
        print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
