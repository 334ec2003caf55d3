#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The trace timelines (tools/trace_picture.py) and docs/img/trace-*.png.

    test_trace_picture.py [--update] [--log CONSOLE.log]

Runs `make trace` on mps2-an385 (the classic demos, each traced) and
checks each demo's picture on its plan, the data it is drawn from, not
on pixels: the busy stretches are wide enough to read (the quiet ones
cut short), no two marks in a lane nor two interrupt bars overlap and
none is lost, the legend lists exactly the styles drawn and its running
and ready entries the colours of the rows drawn so, the legend is
outside the plot (rendered: its box meets neither the plot, the axis
label nor the title), and a window counts its own switches, keeps the
interrupts row and its legend outside.  The layout functions are also
tried on made-up input.  Last, docs/img/trace-<demo>.png must be what
make trace draws now: the same plan (a hash kept in the PNG) and, where
it was drawn with this matplotlib, the same bytes.  With --update
(make trace-images) the pictures make trace drew are copied to docs/img
instead.  --log checks the traces of a console log kept from an earlier
make trace rather than running it.  Speaks ktest's protocol for
tools/run_tests.py.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import trace_convert  # noqa: E402
import trace_picture  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

BOARD = "mps2-an385"    # docs/tracing.md shows make trace on this board
DEMOS = ("logging", "counter-race", "inversion", "inheritance")
OUT = os.path.join(ROOT, "build", f"{BOARD}-trace", "trace")
DOCS = os.path.join(ROOT, "docs", "img")


def png_text(path):
    """The tEXt chunks of a PNG, as a dict."""
    with open(path, "rb") as f:
        data = f.read()
    out, at = {}, 8
    while at + 8 <= len(data):
        size, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        if kind == b"tEXt":
            key, _, value = data[at + 8:at + 8 + size].partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        at += 12 + size
    return out


def plan_problems(model, p):
    """What is wrong with plan p of model: overlapping or lost marks,
    overlapping interrupt bars, a legend that does not match the drawing."""
    problems = []
    lanes = {}
    for mark in p.marks:
        lanes.setdefault((mark["y"], mark["lane"]), []).append(mark)
    for (y, lane), marks in lanes.items():
        marks.sort(key=lambda m: m["left"])
        for a, b in zip(marks, marks[1:]):
            if b["left"] < a["right"] - 1e-9:
                problems.append(f"row {y} lane {lane}: marks at {a['x']:.1f} and {b['x']:.1f} "
                                "overlap")
    bars = sorted(p.isrs, key=lambda b: b["x0"])
    problems += [f"interrupt bars at {a['x0']:.1f} and {b['x0']:.1f} overlap"
                 for a, b in zip(bars, bars[1:]) if b["x0"] < a["x1"]]

    ms = lambda c: (c - model.start) * 1e3 / model.frame.clock_hz  # noqa: E731
    lo, hi = p.window or (0.0, ms(model.end))
    want = sum(1 for t in model.threads.values() for w, kind, _ in t.marks
               if kind in ("lock", "unlock") and lo <= ms(w) <= hi)
    want += sum(1 for t in model.threads.values() for w, _, reason in t.switches
                if reason == "slice expired" and lo <= ms(w) <= hi)
    want += sum(1 for t in model.threads.values() for w, kind, _ in t.marks
                if kind == "process" and lo <= ms(w) <= hi)
    drawn_marks = sum(m["count"] for m in p.marks)
    if want != drawn_marks:
        problems.append(f"{want} marks in the window, {drawn_marks} drawn")

    drawn = ({b["style"] for b in p.bars} | {m["kind"] for m in p.marks}
             | {b["style"] for b in p.isrs} | ({"cut"} if p.cuts else set()))
    listed = {e["style"] for e in p.legend}
    if drawn != listed:
        problems.append(f"drawn {sorted(drawn)}, legend {sorted(listed)}")
    row_colour = {row["y"]: row["colour"] for row in p.rows}
    for style in ("running", "ready"):
        used = {b["colour"] for b in p.bars if b["style"] == style}
        entry = next((e["colours"] for e in p.legend if e["style"] == style), [])
        if used != set(entry) or len(entry) != len(set(entry)):
            problems.append(f"{style}: drawn in {sorted(used)}, legend shows {entry}")
        problems += [f"row {b['y']} is drawn {b['colour']}, its swatch {row_colour[b['y']]}"
                     for b in p.bars if b["style"] == style and b["colour"] != row_colour[b["y"]]]
    swatches = [row["colour"] for row in p.rows if row["colour"]]
    if len(swatches) <= len(trace_picture.THREAD_COLORS) and len(set(swatches)) != len(swatches):
        problems.append(f"two rows share a colour: {swatches}")
    return problems


def boxes_problems(boxes, p):
    """The legend must be right of the plot and meet none of the texts."""
    def meet(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    legend = boxes["legend"]
    problems = [f"the legend meets the {name}" for name in ("axes", "xlabel", "title", "ylabels")
                if meet(legend, boxes[name])]
    if legend[0] < boxes["axes"][2]:
        problems.append("the legend is not right of the plot")
    if legend[2] > p.size_in[0] * trace_picture.DPI + 1 or legend[1] < 0:
        problems.append(f"the legend leaves the figure: {legend}")
    return problems


def narrow_runs(model, p):
    """Running stretches of a microsecond or more drawn narrower than 4 px."""
    ms = lambda c: (c - model.start) * 1e3 / model.frame.clock_hz  # noqa: E731
    out = []
    for t in model.threads.values():
        for start, end, state, _ in t.segments:
            if state == trace_picture.RUNNING and ms(end) - ms(start) >= 1e-3:
                width = trace_picture.x_of(p.pieces, ms(end)) - trace_picture.x_of(p.pieces,
                                                                                   ms(start))
                if width < 4:
                    out.append(f"{t.name} at {ms(start):.4f} ms: {width:.2f} px")
    return out


def check_layout_functions():
    pieces = trace_picture.lay_out_axis([0, 0.001, 0.002, 5.0, 5.003, 10.0], 0.0, 10.0)
    ok = (pieces[0][0] == 0.0 and pieces[-1][1] == 10.0 and pieces[0][2] == 0.0
          and abs(pieces[-1][3] - trace_picture.PLOT_PX) < 1e-6
          and all(a[1] == b[0] and abs(a[3] - b[2]) < 1e-9 for a, b in zip(pieces, pieces[1:]))
          and sum(1 for piece in pieces if piece[4]) == 2)
    case("axis_cuts_the_quiet_stretches", ok, f"pieces {pieces}")
    busy = [i / 100 for i in range(1001)]
    pieces = trace_picture.lay_out_axis(busy, 0.0, 10.0)
    case("axis_is_linear_where_busy", len(pieces) == 1 and not pieces[0][4], f"pieces {pieces}")
    instants = [t for t in range(11) for _ in range(5)]     # timed to the tick
    pieces = trace_picture.lay_out_axis(instants, 0.0, 10.0)
    case("axis_is_linear_for_instants", len(pieces) == 1, f"pieces {pieces}")

    crowd = [(100.0 + i * 0.5, "lock" if i % 2 else "unlock", 0) for i in range(12)]
    marks = trace_picture.lay_out_marks(crowd + [(300.0, "slice", 1)])
    ok = (sum(m["count"] for m in marks) == 13 and {m["lane"] for m in marks} == {0, 1}
          and any(m["kind"] == "several" for m in marks))
    for lane in (0, 1):
        row = sorted((m for m in marks if m["lane"] == lane), key=lambda m: m["left"])
        ok = ok and all(b["left"] >= a["right"] for a, b in zip(row, row[1:]))
    case("marks_crowded_join_and_never_overlap", ok, f"marks {marks}")
    bars = trace_picture.lay_out_isrs([(float(x) / 3, float(x) / 3 + 0.2, x != 5)
                                       for x in range(30)])
    ok = (sum(b["count"] for b in bars) == 30 and all(b["x0"] >= a["x1"]
                                                     for a, b in zip(bars, bars[1:]))
          and any(b["style"] == "irq" for b in bars))
    case("interrupts_close_together_join", ok, f"bars {bars}")


def make_trace():
    proc = subprocess.run(["make", "-s", "--no-print-directory", f"-j{os.cpu_count() or 1}",
                           f"BOARD={BOARD}", "trace"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", action="store_true",
                        help="copy the pictures make trace drew to docs/img (make trace-images)")
    parser.add_argument("--log", help="a console log of make trace, instead of running it")
    args = parser.parse_args()
    status, out = make_trace() if not args.log else (0, "")
    # Where make trace wrote (BUILD may be set from outside): its lines end
    # "-> DIR/trace-<demo>.json and .png".
    written = re.findall(r"-> (\S+)/trace-[\w-]+\.json and \.png$", out, re.M)
    out_dir = os.path.join(ROOT, written[0]) if written else OUT
    log = args.log or os.path.join(out_dir, "trace.log")
    if args.update:
        if status != 0:
            print(out[-2000:])
            sys.exit(1)
        for demo in DEMOS:
            shutil.copyfile(os.path.join(out_dir, f"trace-{demo}.png"),
                            os.path.join(DOCS, f"trace-{demo}.png"))
            print(f"docs/img/trace-{demo}.png redrawn")
        return
    frames = []
    if status == 0 and os.path.isfile(log):
        with open(log, errors="replace") as f:
            frames = [fr for fr in trace_convert.parse_frames(f.read().splitlines())
                      if fr.label in DEMOS]
    case("make_trace_draws_the_demos", status == 0 and len(frames) == len(DEMOS),
         f"exit {status}, {len(frames)} demo traces:\n{out[-1500:]}")
    check_layout_functions()
    import matplotlib
    scratch = tempfile.mkdtemp(prefix="trace_picture")
    for frame in frames:
        model = trace_convert.Model(frame)
        name = frame.label.replace("-", "_")
        p = trace_picture.plan(model)
        narrow = narrow_runs(model, p)
        busy = sum(x1 - x0 for _, _, x0, x1, is_cut in p.pieces if not is_cut)
        case(f"{name}_switches_wide_enough", not narrow and busy >= p.width_px / 2,
             f"busy stretches {busy:.0f} of {p.width_px} px; narrow: {narrow[:4]}")
        problems = plan_problems(model, p)
        case(f"{name}_marks_apart_and_legend_matches", not problems, "; ".join(problems[:6]))
        problems = boxes_problems(trace_picture.render(p), p)
        case(f"{name}_legend_outside_the_plot", not problems, "; ".join(problems))

        docs = os.path.join(DOCS, f"trace-{frame.label}.png")
        drawn = os.path.join(scratch, f"trace-{frame.label}.png")
        trace_picture.render(p, drawn)
        ok, detail = False, f"docs/img/trace-{frame.label}.png missing; make trace-images draws it"
        if os.path.isfile(docs):
            kept = png_text(docs)
            same_plan = kept.get("kestrel-plan") == p.digest()
            same_tool = kept.get("kestrel-matplotlib") == matplotlib.__version__
            with open(docs, "rb") as a, open(drawn, "rb") as b:
                same_bytes = a.read() == b.read()
            ok = same_plan and (same_bytes or not same_tool)
            detail = (f"docs/img/trace-{frame.label}.png is stale ("
                      f"{'the pixels differ' if same_plan else 'another plan'}): "
                      "make trace-images redraws it")
        case(f"{name}_docs_image_current", ok, detail)

        if frame.label == "logging":
            check_window(model)
    shutil.rmtree(scratch)


def check_window(model):
    """The logging demo's second tick, where Lee wakes, logs and ends;
    and a stretch where only the idle thread runs."""
    start_us = model.us(model.start)
    lo, hi = 1.9, 2.1
    p = trace_picture.plan(model, (lo, hi))
    switches = [e for e in trace_convert.to_json(model)["traceEvents"]
                if e.get("name") == "switch in" and lo * 1e3 <= e["ts"] - start_us <= hi * 1e3]
    ok = (p.switches == len(switches) > 0 and f": {len(switches)} switches in 200 µs" in p.title
          and p.rows[-1]["label"] == "interrupts" and p.isrs)
    case("window_counts_its_own_switches", ok,
         f"title {p.title!r}, {len(switches)} switches in the JSON, rows {p.rows[-1:]}")
    problems = plan_problems(model, p) + boxes_problems(trace_picture.render(p), p)
    case("window_marks_apart_and_legend_outside", not problems, "; ".join(problems))
    quiet = trace_picture.plan(model, (0.2, 0.8))
    ok = (not quiet.isrs and quiet.rows[-1]["label"] == "interrupts"
          and " 0 switches " in quiet.title)
    case("window_without_interrupts_keeps_their_row", ok,
         f"title {quiet.title!r}, rows {[r['label'] for r in quiet.rows]}")


if __name__ == "__main__":
    main()
    if "--update" not in sys.argv:
        finish()
