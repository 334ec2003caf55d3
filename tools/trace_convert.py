#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Convert kernel traces (KTRACE lines printed by trace_dump) into
Perfetto / Chrome trace-event JSON and PNG timelines.

    trace_convert.py [--out DIR] [--prefix NAME] [--no-png] [--window A:B] [--linear] LOG...
    trace_convert.py --elf IMAGE.elf [options] -- qemu-system-arm ARGS...

The first form reads console logs; the second runs the image under QEMU
(as make trace does), prints the console without the trace lines, keeps
the whole console in DIR/NAME.log, and converts every trace it printed.
Each trace (one KTRACE BEGIN ... END frame, see kernel/trace_export.c)
gives DIR/NAME-LABEL.json and, unless --no-png, DIR/NAME-LABEL.png.

The JSON opens in ui.perfetto.dev or chrome://tracing: one process per
kernel process, one track per thread (tid = the kernel's tid) with its
states as slices (running, ready, blocked on what, suspended), instants
for each switch into it ("switch in", with where from and why), mutex
locks and unlocks and priority changes, a priority counter per thread
whose priority changed, and an "interrupts" track in the kernel process.

The PNG (drawn by tools/trace_picture.py, which says how) shows which
thread ran when: one row per thread, grouped by process, in the thread's
own colour; solid bars where it ran, thin light bars where it was ready,
grey hatched where blocked, a red frame where it ran above its base
priority by inheritance; marks for mutex locks and unlocks and slices
run out; the interrupts on a row of their own; the legend beside the
plot.  Long quiet stretches are cut short (pale bands, their length
written above) so that switches microseconds long are wide enough to
read; --linear draws the time axis uncut.  --window A:B draws only
milliseconds A to B of the trace (times from its first event), its title
counting the switches in the window.

Only the Python standard library is needed, and Debian's
python3-matplotlib for the PNG.
"""
import argparse
import json
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

STATES = ["free", "ready", "running", "blocked", "suspended", "exited"]
REASONS = ["created", "preempted", "yielded", "slice expired", "scheduled", "blocked",
           "woken", "timed out", "suspended", "resumed", "exited", "inherited", "base"]
(T_STATE, T_NAME, T_SWITCH, T_PRIORITY, T_LOCK, T_UNLOCK, T_ISR_ENTER, T_ISR_EXIT,
 T_SPAWN, T_PEXIT, T_PFAULT) = range(11)
IRQ_TICK = -1
ISR_TID = 1000000  # the interrupts track (kernel tids are far below)


class TraceError(Exception):
    pass


def name_of(table, index):
    return table[index] if 0 <= index < len(table) else f"?{index}"


# ---------------------------------------------------------------- parsing --

class Frame:
    """One KTRACE BEGIN ... END block."""

    def __init__(self, label):
        self.label = label
        self.clock_hz = self.tick_hz = self.period = 0
        self.capacity = self.recorded = self.kept = 0
        self.classes = 0
        self.processes = {}   # pid -> (parent, state, name)
        self.live = {}        # (addr, tid) -> dict from a T line
        self.events = []      # dicts, oldest first
        self.complete = False
        self.problems = []
        self.notes = []       # what the reader should know, not a fault


def parse_event(words):
    # E seq tick cycles type addr tid state reason prio object pid text
    seq, tick, cycles, typ = (int(w) for w in words[1:5])
    obj = int(words[10], 16)
    return {
        "seq": seq, "tick": tick, "cycles": cycles, "type": typ,
        "thread": int(words[5], 16), "tid": int(words[6]), "state": int(words[7]),
        "reason": int(words[8]), "priority": int(words[9]),
        "object": obj, "irq": obj - (1 << 32) if obj & 0x80000000 else obj,
        "pid": int(words[11]), "text": words[12] if len(words) > 12 else "-",
    }


def parse_frames(lines):
    """Every frame in a console log; lines that are not KTRACE are ignored."""
    frames, frame = [], None
    for raw in lines:
        line = raw.rstrip("\r\n")
        start = line.find("KTRACE ")
        if start < 0:
            continue
        line = line[start + len("KTRACE "):]
        kind = line.split(" ", 1)[0]
        try:
            if kind == "BEGIN":
                words = line.split(" ")
                if frame is not None:
                    frame.problems.append("no END before the next BEGIN")
                    frames.append(frame)
                frame = Frame(words[1])
                if len(words) > 2 and words[2] != "1":
                    frame.problems.append(f"format version {words[2]}, expected 1")
            elif frame is None:
                continue
            elif kind == "CLOCK":
                frame.clock_hz, frame.tick_hz, frame.period = (int(w) for w in line.split()[1:4])
                if (frame.clock_hz == 0 or frame.period == 0) and frame.tick_hz > 0:
                    # No clock under the tick (a board timer makes the tick,
                    # not SysTick): the events are timed to the tick.
                    frame.clock_hz, frame.period = frame.tick_hz, 1
                    frame.notes.append("no clock under the tick on this board: "
                                       "events are timed to the tick")
            elif kind == "RING":
                (frame.capacity, frame.recorded, frame.kept,
                 frame.classes) = (int(w) for w in line.split()[1:5])
            elif kind == "P":
                words = line.split(" ", 4)
                frame.processes[int(words[1])] = (int(words[2]), int(words[3]), words[4])
            elif kind == "T":
                words = line.split(" ", 10)
                key = (int(words[1], 16), int(words[2]))
                frame.live[key] = {
                    "pid": int(words[3]), "base": int(words[4]), "priority": int(words[5]),
                    "state": int(words[6]), "switches_in": int(words[7]),
                    "ticks_run": int(words[8]), "cycles_run": int(words[9], 16),
                    "name": words[10]}
            elif kind == "E":
                frame.events.append(parse_event(line.split(" ", 12)))
            elif kind == "END":
                words = line.split(" ")
                if int(words[2]) != len(frame.events):
                    frame.problems.append(
                        f"END says {words[2]} events, {len(frame.events)} were read")
                frame.complete = True
                frames.append(frame)
                frame = None
        except (ValueError, IndexError) as err:
            if frame is not None:
                frame.problems.append(f"unreadable line {line[:60]!r}: {err}")
    if frame is not None:
        frame.problems.append("no END: the trace was cut short")
        frames.append(frame)
    for f in frames:
        for i, e in enumerate(f.events):
            if e["seq"] != i:
                f.problems.append(f"event {i} has sequence number {e['seq']}: lines lost")
                break
        if not f.period or not f.clock_hz:
            f.problems.append("no CLOCK line")
    return frames


# ------------------------------------------------------------------ model --

class Thread:
    def __init__(self, key):
        self.key = key          # (address, tid)
        self.tid = key[1]
        self.name = None
        self.pid = None
        self.base = None
        self.segments = []      # (start, end, state, detail dict)
        self.boosts = []        # (start, end, priority)
        self.switches = []      # (time, from key, reason)
        self.marks = []         # (time, kind, text)
        self.priorities = []    # (time, priority)
        self.first_seen = None

    def label(self):
        return f"{self.name or '?'} ({self.tid})"


class Model:
    """A frame turned into per-thread timelines; times in cycles."""

    def __init__(self, frame):
        if frame.problems and not frame.events:
            raise TraceError(f"trace '{frame.label}': " + "; ".join(frame.problems))
        self.frame = frame
        self.threads = {}
        self.by_address = {}    # address -> the latest (address, tid) seen there
        self.isrs = []          # (start, end, irq, depth)
        self.times = []         # each event's time, in order
        self.start = self.end = 0
        self._build()

    def time_of(self, e, base_tick):
        delta = (e["tick"] - base_tick) & 0xffffffff
        return (base_tick + delta) * self.frame.period + e["cycles"]

    def thread(self, e, key=None):
        key = key or (e["thread"], e["tid"])
        t = self.threads.get(key)
        if t is None:
            t = self.threads[key] = Thread(key)
        self.by_address[key[0]] = key
        if (e is not None and e["type"] != T_NAME and t.pid is None
                and key == (e["thread"], e["tid"])):
            t.pid = e["pid"]
        return t

    def _build(self):
        f = self.frame
        events = f.events
        if not events:
            return
        base = events[0]["tick"]
        self.times = [self.time_of(e, base) for e in events]
        self.start, self.end = self.times[0], self.times[-1]
        has_states = any(e["type"] == T_STATE for e in events)
        current = {}            # key -> (since, state, detail)
        boosted = {}            # key -> (since, priority)
        isr_stack = []
        running = None          # switch-based: (key, since)

        def close(key, now):
            if key in current:
                since, state, detail = current.pop(key)
                if now > since or state == 2:
                    self.threads[key].segments.append((since, now, state, detail))

        for e, now in zip(events, self.times):
            typ = e["type"]
            if typ in (T_ISR_ENTER, T_ISR_EXIT):
                if typ == T_ISR_ENTER:
                    isr_stack.append((now, e["irq"]))
                elif isr_stack:
                    since, irq = isr_stack.pop()
                    self.isrs.append((since, now, irq, len(isr_stack)))
                continue
            t = self.thread(e)
            if typ >= T_SPAWN:
                kind = {T_SPAWN: "spawn", T_PEXIT: "process ended",
                        T_PFAULT: "process fault"}.get(typ, "process")
                t.marks.append((now, "process", f"{kind} (PCB 0x{e['object']:08x})"))
                continue
            key = t.key
            if t.first_seen is None:
                t.first_seen = now
            if typ == T_NAME:
                t.name = e["text"]
                t.base = e["priority"]
                if key not in current and has_states:
                    current[key] = (now, e["state"], {})
                continue
            if not t.priorities or t.priorities[-1][1] != e["priority"]:
                t.priorities.append((now, e["priority"]))
            if typ == T_STATE:
                close(key, now)
                detail = {"reason": name_of(REASONS, e["reason"]), "priority": e["priority"]}
                if e["state"] == 3:
                    detail["on"] = e["text"]
                    if e["object"]:
                        detail["object"] = f"0x{e['object']:08x}"
                current[key] = (now, e["state"], detail)
            elif typ == T_SWITCH:
                prev_key = self.by_address.get(e["object"], (e["object"], 0))
                t.switches.append((now, prev_key, name_of(REASONS, e["reason"])))
                if not has_states:
                    if running is not None and running[0] in self.threads:
                        self.threads[running[0]].segments.append(
                            (running[1], now, 2, {"reason": "switched out"}))
                    running = (key, now)
            elif typ == T_PRIORITY:
                if e["reason"] == 11:   # inherited
                    if key in boosted:
                        since, prio = boosted.pop(key)
                        t.boosts.append((since, now, prio))
                    boosted[key] = (now, e["priority"])
                    t.marks.append((now, "boost", f"{e['priority']}"))
                else:
                    if key in boosted:
                        since, prio = boosted.pop(key)
                        t.boosts.append((since, now, prio))
                    t.marks.append((now, "base", f"{e['priority']}"))
                    t.base = e["priority"]
            elif typ in (T_LOCK, T_UNLOCK):
                t.marks.append((now, "lock" if typ == T_LOCK else "unlock",
                                f"0x{e['object']:08x}"))
        for key in list(current):
            close(key, self.end)
        for key, (since, prio) in boosted.items():
            self.threads[key].boosts.append((since, self.end, prio))
        if running is not None and running[0] in self.threads:
            self.threads[running[0]].segments.append((running[1], self.end, 2, {}))
        for since, irq in isr_stack:
            self.isrs.append((since, self.end, irq, 0))
        self._names()

    def _names(self):
        f = self.frame
        for key, t in self.threads.items():
            live = f.live.get(key)
            if live:
                if t.name is None or live["name"].startswith(t.name):
                    t.name = live["name"]
                if t.pid is None:
                    t.pid = live["pid"]
                if t.base is None:
                    t.base = live["base"]
            if t.name is None:
                t.name = f"tid {t.tid}"
            if t.pid is None:
                t.pid = 0

    def us(self, cycles):
        return cycles * 1e6 / self.frame.clock_hz

    def switch_count(self):
        return sum(len(t.switches) for t in self.threads.values())


# ------------------------------------------------------------------- JSON --

def isr_name(irq):
    return "tick" if irq == IRQ_TICK else f"irq {irq}"


def to_json(model):
    f = model.frame
    out = []
    pids = set(t.pid for t in model.threads.values()) | set(f.processes)
    if model.isrs:
        pids.add(0)
    for pid in sorted(pids):
        name = f.processes.get(pid, (0, 0, f"pid {pid}"))[2]
        out.append({"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
                    "args": {"name": f"{name} (pid {pid})"}})
        out.append({"ph": "M", "name": "process_sort_index", "pid": pid, "tid": 0,
                    "args": {"sort_index": pid}})
    ordered = sorted(model.threads.values(),
                     key=lambda t: (t.pid, -(t.base or 0), t.tid))
    for index, t in enumerate(ordered):
        out.append({"ph": "M", "name": "thread_name", "pid": t.pid, "tid": t.tid,
                    "args": {"name": t.name}})
        out.append({"ph": "M", "name": "thread_sort_index", "pid": t.pid, "tid": t.tid,
                    "args": {"sort_index": index}})
    names = {key: t.name for key, t in model.threads.items()}
    for t in ordered:
        for start, end, state, detail in t.segments:
            label = name_of(STATES, state)
            if state == 3 and detail.get("on"):
                label = f"blocked: {detail['on']}"
            out.append({"ph": "X", "cat": "state", "name": label, "pid": t.pid, "tid": t.tid,
                        "ts": model.us(start), "dur": model.us(end - start),
                        "args": dict(detail)})
        for when, prev, reason in t.switches:
            out.append({"ph": "i", "s": "t", "cat": "switch", "name": "switch in",
                        "pid": t.pid, "tid": t.tid, "ts": model.us(when),
                        "args": {"from": names.get(prev, f"0x{prev[0]:08x}"),
                                 "reason": reason}})
        for when, kind, text in t.marks:
            if kind in ("lock", "unlock"):
                name, cat = f"{kind} {text}", "mutex"
            elif kind == "process":
                name, cat = text, "process"
            else:
                name, cat = (f"priority {text} (inherited)" if kind == "boost"
                             else f"priority {text}"), "priority"
            out.append({"ph": "i", "s": "t", "cat": cat, "name": name, "pid": t.pid,
                        "tid": t.tid, "ts": model.us(when)})
        if len(set(p for _, p in t.priorities)) > 1 or t.boosts:
            for when, prio in t.priorities:
                out.append({"ph": "C", "name": f"priority {t.name}", "pid": t.pid,
                            "ts": model.us(when), "args": {"priority": prio}})
    if model.isrs:
        out.append({"ph": "M", "name": "thread_name", "pid": 0, "tid": ISR_TID,
                    "args": {"name": "interrupts"}})
        for start, end, irq, depth in model.isrs:
            out.append({"ph": "X", "cat": "isr", "name": isr_name(irq), "pid": 0,
                        "tid": ISR_TID, "ts": model.us(start), "dur": model.us(end - start),
                        "args": {"irq": irq, "nesting": depth}})
    timed = [e for e in out if "ts" in e]
    timed.sort(key=lambda e: e["ts"])
    meta = [e for e in out if "ts" not in e]
    return {
        "displayTimeUnit": "ns",
        "traceEvents": meta + timed,
        "otherData": {
            "label": f.label, "clock_hz": f.clock_hz, "tick_hz": f.tick_hz,
            "events": len(f.events), "recorded": f.recorded, "capacity": f.capacity,
            "lost": max(0, f.recorded - f.kept), "switches": model.switch_count(),
            "problems": f.problems,
        },
    }


# -------------------------------------------------------------------- PNG --

def to_png(model, path, window=None, cut=True):
    """The timeline picture (tools/trace_picture.py); returns its plan."""
    import trace_picture
    return trace_picture.draw(model, path, window, cut)


# ------------------------------------------------------------------- main --

def check_time_order(model):
    return all(b >= a for a, b in zip(model.times, model.times[1:]))


def convert(frames, out_dir, prefix, png=True, window=None, quiet=False, cut=True):
    """Writes the files; returns [(frame, json path, png path or None)]."""
    os.makedirs(out_dir, exist_ok=True)
    written = []
    used = {}
    for frame in frames:
        model = Model(frame)
        label = frame.label
        used[label] = used.get(label, 0) + 1
        if used[label] > 1:
            label = f"{label}-{used[label]}"
        base = os.path.join(out_dir, f"{prefix}-{label}" if prefix else label)
        with open(base + ".json", "w") as out:
            json.dump(to_json(model), out, separators=(",", ":"))
        png_path = None
        if png:
            png_path = base + ".png"
            to_png(model, png_path, window, cut)
        written.append((frame, base + ".json", png_path))
        if not quiet:
            lost = max(0, frame.recorded - frame.kept)
            span = (model.end - model.start) / frame.clock_hz * 1e3 if frame.clock_hz else 0
            print(f"trace {frame.label}: {len(frame.events)} events"
                  f"{f' ({lost} older ones overwritten)' if lost else ''}, "
                  f"{len(model.threads)} threads, {model.switch_count()} switches, "
                  f"{span:.3f} ms -> {base}.json{' and .png' if png else ''}")
            for note in frame.notes:
                print(f"trace {frame.label}: note: {note}")
            for problem in frame.problems:
                print(f"trace {frame.label}: warning: {problem}")
            if not check_time_order(model):
                print(f"trace {frame.label}: warning: timestamps go backwards")
    return written


def parse_window(text):
    try:
        a, b = text.split(":")
        return float(a), float(b)
    except ValueError:
        raise argparse.ArgumentTypeError("--window wants START:END in milliseconds")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("logs", nargs="*", help="console logs holding KTRACE lines")
    parser.add_argument("--elf", help="run this image under the QEMU command after --")
    parser.add_argument("--out", default=".", help="directory for the files")
    parser.add_argument("--prefix", default="", help="file name prefix")
    parser.add_argument("--no-png", action="store_true")
    parser.add_argument("--window", type=parse_window)
    parser.add_argument("--linear", action="store_true", help="a time axis without cuts")
    parser.add_argument("--timeout", type=float, default=300)
    argv = sys.argv[1:]
    rest = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)

    if args.elf:
        import qemu_run
        if not rest:
            parser.error("--elf needs the QEMU command after --")
        status, lines = qemu_run.run(rest, args.elf, timeout=args.timeout, echo=False)
        os.makedirs(args.out, exist_ok=True)
        log = os.path.join(args.out, f"{args.prefix or 'trace'}.log")
        with open(log, "w") as out:
            out.write("\n".join(lines) + "\n")
        for line in lines:
            if "KTRACE " not in line:
                print(line)
        if status != 0:
            print(f"trace_convert: the image exited with status {status}"
                  f"{' (timed out)' if status == 124 else ''}; console in {log}",
                  file=sys.stderr)
    else:
        if not args.logs:
            parser.error("give console logs, or --elf and a QEMU command")
        lines = []
        for path in args.logs:
            with open(path, errors="replace") as f:
                lines += f.read().splitlines()
        status = 0
    frames = parse_frames(lines)
    if not frames:
        print("trace_convert: no trace in the console output (no KTRACE BEGIN line)",
              file=sys.stderr)
        sys.exit(1)
    try:
        convert(frames, args.out, args.prefix, png=not args.no_png, window=args.window,
                cut=not args.linear)
    except TraceError as err:
        print(f"trace_convert: {err}", file=sys.stderr)
        sys.exit(1)
    sys.exit(1 if status not in (0, None) else 0)


if __name__ == "__main__":
    main()
