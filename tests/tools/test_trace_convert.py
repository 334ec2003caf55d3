#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The trace converter (tools/trace_convert.py) on a recorded trace.

    test_trace_convert.py --elf BUILD/BOARD/tests/trace.elf -- qemu-system-arm ARGS...

Runs the trace test image (tests/target/trace.c) under QEMU with -icount
shift=0,sleep=off, takes the trace it prints with the kernel's own switch
count per thread ("TRACE-EXPECT switches <tid> <n>"), converts it and
checks the JSON (it parses; one switch-in per switch the kernel counted,
thread by thread; tracks grouped by process; times never go backwards),
the PNG and its plan, that a second run prints the same trace, and that
damaged input is reported, not fatal.  Speaks ktest's protocol for tools/run_tests.py.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu_run  # noqa: E402
import trace_convert  # noqa: E402
import trace_picture  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402
from test_trace_picture import plan_problems  # noqa: E402

EXPECT = re.compile(r"^TRACE-EXPECT switches (\d+) (\d+)$")


def run_image(elf, qemu):
    status, lines = qemu_run.run(qemu + ["-icount", "shift=0,sleep=off"], elf, timeout=60,
                                 stdin=subprocess.DEVNULL, echo=False)
    return status, lines


def main():
    argv = sys.argv[1:]
    if "--elf" not in argv or "--" not in argv:
        print(__doc__)
        sys.exit(2)
    elf = argv[argv.index("--elf") + 1]
    qemu = argv[argv.index("--") + 1:]

    status, lines = run_image(elf, qemu)
    skips = [line for line in lines if line.startswith("KTEST SKIP: ")]
    if status == 0 and skips:
        # The trace image does not fit this board (it says why): nothing
        # to convert, so the converter's test is skipped too.
        print(skips[0])
        sys.exit(0)
    frames = [f for f in trace_convert.parse_frames(lines) if f.label == "trace-test"]
    case("trace_image_ran", status == 0 and len(frames) == 1,
         f"exit status {status}, {len(frames)} trace-test frames")
    if not frames:
        return
    frame = frames[0]
    case("frame_complete", frame.complete and not frame.problems and frame.kept == frame.recorded
         and len(frame.events) == frame.kept,
         f"complete={frame.complete} problems={frame.problems} kept={frame.kept} "
         f"recorded={frame.recorded} read={len(frame.events)}")

    with tempfile.TemporaryDirectory() as out:
        written = trace_convert.convert([frame], out, "test", png=True, quiet=True)
        _, json_path, png_path = written[0]
        try:
            with open(json_path) as f:
                data = json.load(f)
            events = data["traceEvents"]
            ok = isinstance(events, list) and all("ph" in e and "pid" in e for e in events)
            case("json_parses", ok and len(events) > 50, f"{len(events)} events")
        except (OSError, ValueError, KeyError) as err:
            case("json_parses", False, str(err))
            return

        expected = {}
        for line in lines:
            m = EXPECT.match(line)
            if m:
                expected[int(m.group(1))] = int(m.group(2))
        seen = {}
        for e in events:
            if e.get("name") == "switch in" and e.get("ph") == "i":
                seen[e["tid"]] = seen.get(e["tid"], 0) + 1
        seen_nonzero = {tid: n for tid, n in seen.items() if n}
        want_nonzero = {tid: n for tid, n in expected.items() if n}
        case("switches_match_the_kernels_count",
             len(expected) >= 9 and seen_nonzero == want_nonzero,
             f"kernel {sorted(want_nonzero.items())}, JSON {sorted(seen_nonzero.items())}")
        total = sum(expected.values())
        case("switch_total", data["otherData"]["switches"] == total and total > 20,
             f"JSON {data['otherData']['switches']}, kernel {total}")

        model = trace_convert.Model(frame)
        times = model.times
        case("timestamps_never_go_backwards",
             all(b >= a for a, b in zip(times, times[1:])) and
             all(e["cycles"] < frame.period for e in frame.events),
             "an event is earlier than the one before it, or a fraction exceeds a tick")
        timed = [e["ts"] for e in events if "ts" in e]
        case("json_in_time_order", timed == sorted(timed) and all(
            e.get("dur", 0) >= 0 for e in events), "ts not sorted or a negative duration")

        names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
                 if e["ph"] == "M" and e["name"] == "thread_name"}
        processes = {e["pid"]: e["args"]["name"] for e in events
                     if e["ph"] == "M" and e["name"] == "process_name"}
        tracks = set((e["pid"], e["tid"]) for e in events if e["ph"] in ("X", "i"))
        by_name = {name: pid for (pid, tid), name in names.items()}
        ok = (tracks <= set(names) and set(p for p, _ in tracks) <= set(processes)
              and by_name.get("idle") == 0 and by_name.get("main") == 1
              and all(by_name.get(n) == 1 for n in ("spinner", "sleeper", "rr-a", "low", "high"))
              and "interrupts" in names.values())
        case("one_track_per_thread_grouped_by_process", ok,
             f"threads {sorted(names.items())}, processes {processes}")

        kinds = set((e.get("cat"), e["name"].split(" ")[0]) for e in events if e["ph"] != "M")
        want = {("mutex", "lock"), ("mutex", "unlock"), ("priority", "priority"),
                ("state", "running"), ("state", "blocked:"), ("isr", "tick"), ("isr", "irq")}
        case("event_kinds", want <= kinds, f"missing {sorted(want - kinds)}")

        try:
            with open(png_path, "rb") as f:
                head = f.read(8)
            size = os.path.getsize(png_path)
            case("png_written", head == b"\x89PNG\r\n\x1a\n" and size > 2000,
                 f"{size} bytes, header {head!r}")
        except OSError as err:
            case("png_written", False, str(err))
        # The picture's plan (tests/tools/test_trace_picture.py checks the
        # demos' the same way): marks apart, none lost, the legend as drawn.
        problems = plan_problems(model, trace_picture.plan(model))
        case("picture_marks_apart_and_legend_matches", not problems, "; ".join(problems[:6]))

        # Damaged input: a cut trace, a garbled line, a state-only trace.
        text = [l for l in lines if "KTRACE" in l]
        begin = text.index(next(l for l in text if l.startswith("KTRACE BEGIN trace-test")))
        cut = text[begin:begin + len(text[begin:]) // 2]
        cut_frames = trace_convert.parse_frames(["noise"] + cut + ["KTRACE E 1 2 garbage"])
        ok = len(cut_frames) == 1 and any("no END" in p for p in cut_frames[0].problems)
        try:
            trace_convert.convert(cut_frames, out, "cut", png=False, quiet=True)
        except Exception as err:  # noqa: BLE001: any crash is the failure
            ok = False
            cut_frames[0].problems.append(f"converter raised {err!r}")
        case("damaged_trace_is_reported", ok, f"problems: {cut_frames[0].problems}")

        states_only, seq = [], 0
        for line in text[begin:]:
            words = line.split(" ")
            if words[1] == "E":
                if words[5] != "0":
                    continue
                words[2] = str(seq)
                seq += 1
            elif words[1] == "END":
                words[3] = str(seq)
            states_only.append(" ".join(words))
            if words[1] == "END":
                break
        only = trace_convert.parse_frames(states_only)
        model2 = trace_convert.Model(only[0])
        running = sum(1 for t in model2.threads.values() for s in t.segments if s[2] == 2)
        case("state_only_trace_converts", not only[0].problems and running > 20,
             f"problems {only[0].problems}, {running} running slices")

        # A board whose tick comes from a board timer has no clock under
        # the tick: CLOCK 0 <tick_hz> 0, and every event's cycles 0.
        tickonly = []
        for line in text[begin:]:
            words = line.split(" ")
            if words[1] == "CLOCK":
                words[2], words[4] = "0", "0"
            elif words[1] == "E":
                words[4] = "0"
            tickonly.append(" ".join(words))
            if words[1] == "END":
                break
        coarse = trace_convert.parse_frames(tickonly)
        ok, detail = False, ""
        try:
            written = trace_convert.convert(coarse, out, "tickonly", png=True, quiet=True)
            with open(written[0][1]) as f:
                data = json.load(f)
            tick_us = 1e6 / coarse[0].tick_hz
            stamps = [e["ts"] for e in data["traceEvents"] if "ts" in e]
            ok = (not coarse[0].problems and coarse[0].notes and stamps
                  and all(abs(t / tick_us - round(t / tick_us)) < 1e-6 for t in stamps))
            detail = f"problems {coarse[0].problems}, notes {coarse[0].notes}"
        except Exception as err:  # noqa: BLE001: any crash is the failure
            detail = f"converter raised {err!r}"
        case("trace_without_a_fine_clock_converts", ok, detail)

    status2, lines2 = run_image(elf, qemu)
    same = ([l for l in lines if l.startswith("KTRACE")]
            == [l for l in lines2 if l.startswith("KTRACE")])
    case("timestamps_repeat_under_icount", status2 == 0 and same,
         "a second run printed another trace")


if __name__ == "__main__":
    main()
    finish()
