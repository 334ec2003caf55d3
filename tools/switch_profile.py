#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Where a yield's instructions go, stage by stage (make switch-profile).

    switch_profile.py --elf build/<board>-bench/bench.elf [--workload pingpong] -- <qemu>

Starts the benchmark image in QEMU (-icount shift=0, paused, GDB server),
and runs itself inside a batch gdb-multiarch: it stops at thread_yield
when the 2-thread yield benchmark calls it, single-steps until a thread
is back in the benchmark loop, and counts every instruction against the
innermost function GDB names for its address (inlined ones included),
grouped into the stages of the switch (kernel/sched_switch.c).  With
--workload pingpong it counts a whole semaphore ping-pong round trip
(bench/threads.c) per function instead, and with --workload preempt a
whole interrupt-preemption unit (bench/irq.c: the trigger, the handler
resuming a higher thread, the PendSV, that thread suspending itself and
the switch back).  A sample in which an interrupt handler other than the
workload's own ran (the tick) is dropped, and so is a yield sample in
which the benchmark's own code ran (a run ending: a thread leaves the
loop and blocks).  The figure is the median of the samples, which under
-icount are all the same.
"""
import os
import re
import shlex
import subprocess
import sys

SAMPLES = 12
WARMUP = 4

# Function (innermost, inlined included) -> stage.  In switch_stages
# itself the source line's stage comment decides (see line_stages).
STAGES = [
    ("call and lock", {"thread_yield", "kernel_lock", "arch_irq_lock"}),
    ("yield: rotate, request", {"sched_yield_locked", "sched_rotate_locked", "readyq_rotate",
                                "switch_request", "sched_request_locked",
                                "list_is_singular", "list_empty", "list_init",
                                "list_insert_between", "list_push_back", "list_remove"}),
    ("unlock", {"kernel_unlock", "arch_irq_unlock"}),
    ("switch entry and path tests", {"sched_yield", "sched_unlock_switch", "switch_direct",
                                     "arch_switch_direct_ok", "arch_in_isr", "arch_sp", "readyq_first", "list_entry",
                                     "sched_switch", "arch_switch_pend"}),
    ("1. stack check", {"check_stack", "check_stack_slow", "stack_intact"}),
    ("2. pick", {"sched_pick_locked", "sched_switch_to_locked", "set_state", "readyq_highest",
                  "readyq_top_priority", "thread_of", "trace_state"}),
    ("3. errno", {"libc_switch_errno"}),
    ("4. MPU", {"arch_process_activate"}),
    ("5. observers", {"observe_switch", "trace_switch_locked", "stats_switch_locked"}),
    ("6. reclaim", {"thread_reclaim_locked"}),
    ("save and restore (assembly)", {"arch_switch_direct", "isr_pendsv", "switch_direct_resume"}),
]


def stage_of(function, line, line_stages):
    if function == "switch_stages":
        return line_stages.get(line, "switch count")
    for stage, names in STAGES:
        if function in names:
            return stage
    return f"other: {function}"


def line_stages(root):
    """switch_stages' lines marked /* 3. */, /* 4. */, /* 5. */ and the
    lines of the if they open."""
    path = os.path.join(root, "kernel", "sched_switch.c")
    stages = {}
    names = {"3.": "3. errno", "4.": "4. MPU", "5.": "5. observers"}
    with open(path) as f:
        lines = f.read().splitlines()
    current = None
    for number, text in enumerate(lines, 1):
        if text.startswith("static inline void switch_stages"):
            current = "switch count"
            continue
        if current is None:
            continue
        if text.startswith("}"):
            break
        mark = re.search(r"/\* ([3-5]\.) \*/", text)
        if mark:
            current = names[mark.group(1)]
            # A mark on the last line of a statement (an if's body): the
            # statement's first lines belong to the stage too.
            back = number - 1
            while back in stages and not re.sub(r"/\*.*?\*/", "", lines[back - 1]).rstrip() \
                    .endswith((";", "{", "}")):
                stages[back] = current
                back -= 1
        elif text.strip().startswith("next->switches_in"):
            current = "switch count"
        stages[number] = current
    return stages


# ------------------------------------------------------------ in GDB --

def in_gdb():
    import gdb

    root = os.environ["KESTREL_ROOT"]
    by_line = line_stages(root)
    bench_dir = os.path.join(root, "bench") + os.sep
    gdb.execute("set pagination off")
    gdb.execute("set confirm off")
    gdb.execute(f"target remote 127.0.0.1:{os.environ['KESTREL_GDB_PORT']}")
    # QEMU steps with interrupts masked unless told otherwise (0x5: take
    # them, but keep the timers still while stepping): a PendSV
    # the yield pends must be taken inside the step that unmasks it.
    gdb.execute("maintenance packet Qqemu.sstep=0x5", to_string=True)

    def pc():
        return int(gdb.parse_and_eval("$pc")) & ~1

    def function_range(name):
        block = gdb.block_for_pc(int(gdb.parse_and_eval(f"(unsigned int)&{name}")) & ~1)
        while block.function is None:  # a lexical block inside it
            block = block.superblock
        return block.function.value().address, block.end

    workload = os.environ.get("KESTREL_PROFILE", "yield")
    # Where a sample starts (called from loop), the other thread's loop
    # (not the kernel's), and the workload's own interrupt handler.
    entry, loop, other_loop, own_isr = {
        "yield": ("thread_yield", "yield_loop", None, None),
        "pingpong": ("semaphore_give", "pingpong_low_loop", "pingpong_high_loop", None),
        "preempt": ("arch_irq_trigger", "preempting_loop", "preempted_loop", "isr_irq30"),
        "chain": ("thread_resume", "chain_head_loop", "chain_link_loop", None),
    }[workload]
    # A round (until loop calls entry again) or one call (until back in loop).
    round_trip = workload in ("pingpong", "chain")
    loop_low, loop_high = function_range(loop)
    loop_low = int(loop_low) & ~1
    entry_pc = int(gdb.parse_and_eval(f"(unsigned int)&{entry}")) & ~1
    start = gdb.Breakpoint(f"*{entry_pc:#x}", internal=True)  # its first instruction
    samples = []
    seen = 0
    while len(samples) < SAMPLES:
        gdb.execute("continue", to_string=True)
        caller = gdb.selected_frame().older()
        if caller is None or caller.function() is None or caller.function().name != loop:
            continue
        seen += 1
        if seen <= WARMUP:
            continue
        start.enabled = False
        counts, dropped = {}, False
        # The yield: until a thread is back in the loop.  The ping-pong: a
        # round trip, until the low thread's next give (both threads' loop
        # instructions left out).
        starts = 0
        for _ in range(4000):
            here = pc()
            if loop_low <= here < int(loop_high):
                if not round_trip:
                    break
                gdb.execute("stepi", to_string=True)
                continue
            frame = gdb.newest_frame()
            function = frame.function()
            name = function.name if function is not None else (frame.name() or "?")
            if name == other_loop:  # the other thread's loop: not the kernel's
                gdb.execute("stepi", to_string=True)
                continue
            lr = int(gdb.parse_and_eval("$lr")) & ~1
            if round_trip and here == entry_pc and loop_low <= lr < int(loop_high):
                starts += 1  # the low thread's give (the high thread gives too)
                if starts == 2:
                    break
            sal = frame.find_sal()
            key = stage_of(name, sal.line if sal.symtab else 0, by_line) \
                if workload == "yield" else name
            if name.startswith("isr_") and name not in ("isr_pendsv", own_isr):
                dropped = True  # an interrupt or the tick, not part of the workload
            if workload == "yield" and sal.symtab and sal.symtab.fullname().startswith(bench_dir):
                dropped = True  # the benchmark's own code: a run ended, a thread left the loop
            counts[key] = counts.get(key, 0) + 1
            gdb.execute("stepi", to_string=True)
        else:
            dropped = True  # never got back: not a sample
        start.enabled = True
        if not dropped:
            samples.append(counts)
    order = [s for s, _ in STAGES] if workload == "yield" else []
    stages = order + sorted({s for c in samples for s in c if s not in order})
    print("KPROFILE BEGIN")
    for stage in stages:
        values = sorted(c.get(stage, 0) for c in samples)
        median = values[len(values) // 2]
        if median or values[-1]:
            print(f"KPROFILE {median} {values[0]} {values[-1]} {stage}")
    print("KPROFILE END")
    gdb.execute("kill")


# ---------------------------------------------------------- on the host --

def main():
    args = sys.argv[1:]
    if "--elf" not in args or "--" not in args:
        sys.exit(__doc__.split("\n\n")[1])
    elf = args[args.index("--elf") + 1]
    workload = args[args.index("--workload") + 1] if "--workload" in args else "yield"
    qemu = args[args.index("--") + 1:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, os.path.join(root, "tools", "gdb"))
    import launch

    port = launch.free_port()
    server = subprocess.Popen(qemu + ["-icount", "shift=0", "-S", "-gdb", f"tcp:127.0.0.1:{port}",
                                      "-kernel", elf],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        env = dict(os.environ, KESTREL_GDB_PORT=str(port), KESTREL_ROOT=root,
                   KESTREL_PROFILE_IN_GDB="1", KESTREL_PROFILE=workload,
                   PYTHONDONTWRITEBYTECODE="1")
        out = subprocess.run(["gdb-multiarch", "-q", "-batch", "-nx", "-x", os.path.abspath(__file__),
                              os.path.abspath(elf)], stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=600, env=env)
    finally:
        launch.stop(server)
    rows = [line.split(" ", 4)[1:] for line in out.stdout.splitlines()
            if line.startswith("KPROFILE ") and line.split()[1] not in ("BEGIN", "END")]
    if not rows:
        sys.stderr.write(out.stdout + out.stderr)
        sys.exit("switch_profile: no profile")
    what = {"yield": "A yield among equal threads, instructions per stage",
            "pingpong": "A semaphore ping-pong round trip, instructions per function "
                        "(inlined ones apart)",
            "chain": "A round of the preemptive chain (4 activations, 8 switches), "
                     "instructions per function (inlined ones apart)",
            "preempt": "An interrupt preemption (trigger, handler resumes a higher thread, "
                       "it suspends itself), instructions per function (inlined ones apart)",
            }[workload]
    print(f"{what} ({shlex.quote(os.path.relpath(elf))}; median of {SAMPLES} samples, "
          "single-stepped in GDB):")
    print()
    total = 0
    for median, low, high, stage in rows:
        spread = "" if low == high else f"   ({low}..{high})"
        print(f"  {stage:<34}{median:>5}{spread}")
        total += int(median)
    print(f"  {'total':<34}{total:>5}")


if __name__ == "__main__":
    if "KESTREL_PROFILE_IN_GDB" in os.environ:
        in_gdb()
    else:
        main()
