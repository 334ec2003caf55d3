# SPDX-License-Identifier: MIT
"""The PNG timeline of a kernel trace (tools/trace_convert.py draws it).

Two halves: plan(model, window) decides everything the picture shows, as
plain data in pixels (no matplotlib: tests/tools/test_trace_picture.py
checks it); render(plan, path) only draws that plan with matplotlib.

The picture: one row per thread, grouped by process, each thread in its
own colour (a swatch beside its name): a full bar where it ran, a thin
light bar where it was ready, grey hatched where it was blocked (on what,
where there is room) or suspended, a red frame where it ran above its base
priority by inheritance; marks for mutex locks and unlocks, time slices
that ran out and process events; the interrupts on a row of their own
(always there when the trace has any).  The legend sits right of the plot,
outside it, and lists only what is drawn; its running and ready entries
show the colours of the threads drawn.

The time axis is cut where nothing happens.  A trace of ten milliseconds
whose switches take microseconds would draw every switch as a sliver, so
the longest quiet stretches (no event but the tick, each at least a
fiftieth of the span, at most MAX_CUTS of them) are drawn as narrow pale
bands with their length written above, and the stretches with events
share the rest of the width at one scale: a microsecond is as wide in
each.  Where cutting would not widen the busy stretches MIN_GAIN times
(a trace busy throughout, or timed only to the tick), or with cut=False,
the axis is linear.

Marks are laid out in two lanes per row (the bottom and the top edge of
the bar): a mark goes in its preferred lane, else the other, and where
both are taken within a mark's width it joins the mark before it, drawn
as one diamond with a count.  Interrupts closer than a pixel join into
one bar.  No two marks in a lane, and no two interrupt bars, overlap.

Limits: the busy stretches share one scale, so one long busy stretch
narrows the others; a cut's length is written, not drawn to scale (its
width grows only with the log of its length); marks that join say how
many, not what they were (the JSON has each).
"""
import bisect
import hashlib
import json
import math

# Colours for the threads' bars: no red (inheritance), no grey (blocked,
# interrupts) and no orange-brown close to "other interrupt".
THREAD_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
                 "#bcbd22", "#17becf", "#393b79", "#637939"]
BOOST_COLOR = "crimson"
BLOCKED_FACE, BLOCKED_EDGE = "0.9", "0.65"
TICK_COLOR, IRQ_COLOR = "dimgray", "darkorange"
IRQ_TICK = -1                   # the tick's irq in the trace (TRACE_IRQ_TICK)
READY, RUNNING, BLOCKED, SUSPENDED = 1, 2, 3, 4

DPI = 90
PLOT_PX = 684                   # the plot area's width: x is in pixels of it
ROW_IN = 0.36                   # height of a row
MAX_CUTS = 9
MIN_GAIN = 3.0                  # a cut axis must widen the busy stretches this much
LEAST_CUT = 1 / 50              # of the span: shorter quiet stretches are drawn
CUT_PX = (36, 64)               # a cut's width, growing with the log of its length
EDGE_PX = 12                    # drawn before and after the events at a cut
MARK_PX = 8                     # a mark's width, and the least distance between two
COUNT_PX = 5                    # each digit of a joined mark's count
LANES = 2                       # 0: the bar's bottom edge, 1: its top edge
MIN_BAR_PX = 1.5
MIN_ISR_PX, ISR_GAP_PX = 2.0, 1.0
CHAR_PX = 4.6                   # a character of the small labels (6.5 pt), about

LEGEND = {  # style: the legend's words, in the legend's order
    "running": "running (the row's colour)",
    "ready": "ready to run",
    "blocked": "blocked (on what) or suspended",
    "boost": "above base priority (inherited)",
    "lock": "mutex locked",
    "unlock": "mutex unlocked",
    "slice": "time slice ran out",
    "process": "process spawned, ended, faulted",
    "several": "marks too close: how many",
    "tick": "tick interrupt",
    "irq": "other interrupt",
    "cut": "quiet stretch drawn short",
}


# ----------------------------------------------------------------- the axis --

def cut_px(length, shortest):
    return min(CUT_PX[1], CUT_PX[0] + 14 * math.log10(max(length / shortest, 1.0)))


def lay_out_axis(activity, lo, hi, width_px=PLOT_PX, cut=True):
    """Pieces (t0, t1, x0, x1, is_cut) that map lo..hi (ms) onto 0..width_px,
    in order, each starting where the one before ends."""
    span = hi - lo
    linear = [(lo, hi, 0.0, float(width_px), False)]
    times = sorted(t for t in activity if lo <= t <= hi)
    if not cut or span <= 0 or not times:
        return linear
    edges = [lo] + times + [hi]
    gaps = [(b - a, a, b) for a, b in zip(edges, edges[1:]) if b - a >= span * LEAST_CUT]
    gaps = sorted(sorted(gaps, reverse=True)[:MAX_CUTS], key=lambda g: g[1])
    if not gaps:
        return linear
    shortest = min(d for d, _, _ in gaps)
    widths = [cut_px(d, shortest) for d, _, _ in gaps]
    if sum(widths) > width_px / 2:
        widths = [w * width_px / 2 / sum(widths) for w in widths]
    busy = span - sum(d for d, _, _ in gaps)
    sides = sum((a > lo) + (b < hi) for _, a, b in gaps)
    free = width_px - sum(widths)
    if busy <= 0 or free - EDGE_PX * sides <= 0:
        return linear       # the events are instants (a trace timed to the tick)
    # A margin of EDGE_PX either side of the events: pad ms at the final scale.
    pad = min(EDGE_PX * busy / (free - EDGE_PX * sides), shortest / 4)
    cuts = [(a + pad if a > lo else a, b - pad if b < hi else b, w)
            for (_, a, b), w in zip(gaps, widths)]
    scale = free / (span - sum(b - a for a, b, _ in cuts))
    if scale < MIN_GAIN * width_px / span:
        return linear
    pieces, t, x = [], lo, 0.0
    for a, b, w in cuts:
        if a > t:
            pieces.append((t, a, x, x + (a - t) * scale, False))
            x += (a - t) * scale
        pieces.append((a, b, x, x + w, True))
        t, x = b, x + w
    if hi > t:
        pieces.append((t, hi, x, x + (hi - t) * scale, False))
    return pieces


def x_of(pieces, t):
    """Where time t (ms) is drawn; clamped to the axis."""
    starts = [p[0] for p in pieces]
    t0, t1, x0, x1, _ = pieces[max(0, bisect.bisect_right(starts, t) - 1)]
    if t1 <= t0:
        return x0
    return x0 + (min(max(t, t0), t1) - t0) * (x1 - x0) / (t1 - t0)


def nice_step(at_least):
    """The smallest of 1, 2, 5 times a power of ten not below at_least."""
    power = 10.0 ** math.floor(math.log10(at_least))
    for m in (1, 2, 5, 10):
        if m * power >= at_least * (1 - 1e-9):
            return m * power
    return 10 * power


def decimals(step):
    return max(0, -math.floor(math.log10(step) + 1e-9))


def axis_ticks(pieces, spacing_px=50):
    """[(x, label)]: round times in each piece that is not cut, at one step
    (the pieces share a scale); a piece too short for one gets a finer
    step; labels that would touch are dropped."""
    ticks = []
    for t0, t1, x0, x1, is_cut in pieces:
        if is_cut or t1 <= t0:
            continue
        scale = (x1 - x0) / (t1 - t0)
        step = nice_step(spacing_px / scale)
        while math.floor(t1 / step + 1e-9) < math.ceil(t0 / step - 1e-9) and step > 1e-9:
            step = nice_step(step / 2.5)
        for k in range(math.ceil(t0 / step - 1e-9), math.floor(t1 / step + 1e-9) + 1):
            t = k * step
            ticks.append((x0 + (t - t0) * scale, f"{t:.{decimals(step)}f}"))
    kept = []
    for x, label in ticks:
        if not kept or x - kept[-1][0] >= (len(kept[-1][1]) + len(label)) * 2.6 + 8:
            kept.append((x, label))
    return kept


def duration_text(length_ms):
    if length_ms >= 1:
        return f"{length_ms:.{2 if length_ms < 10 else 1}f} ms"
    us = length_ms * 1e3
    return f"{us:.{0 if us >= 10 else 1}f} µs"


# ---------------------------------------------------------------- the marks --

def lay_out_marks(marks, lanes=LANES, width=MARK_PX):
    """marks: [(x, kind, preferred lane)] of one row.  Returns the marks
    drawn, as dicts (x, lane, kind, count, left, right): in each lane no two
    overlap; a mark with no room in any lane joins the nearest before it
    (kind "several")."""
    placed, right, last = [], [-math.inf] * lanes, [None] * lanes
    for x, kind, prefer in sorted(marks, key=lambda m: (m[0], m[1])):
        for lane in [prefer] + [n for n in range(lanes) if n != prefer]:
            if x - width / 2 >= right[lane]:
                mark = {"x": x, "lane": lane, "kind": kind, "count": 1,
                        "left": x - width / 2, "right": x + width / 2}
                placed.append(mark)
                last[lane], right[lane] = mark, mark["right"]
                break
        else:
            lane = min(range(lanes), key=lambda n: abs(x - last[n]["x"]))
            mark = last[lane]
            mark["count"] += 1
            mark["kind"] = "several"
            mark["right"] = mark["x"] + width / 2 + COUNT_PX * len(str(mark["count"]))
            right[lane] = mark["right"]
    return placed


def lay_out_isrs(spans):
    """spans: [(x0, x1, is_tick)].  Returns bars (x0, x1, count, style):
    those closer than ISR_GAP_PX are one bar, so none overlap."""
    bars = []
    for x0, x1, tick in sorted(spans):
        x1 = max(x1, x0 + MIN_ISR_PX)
        if bars and x0 < bars[-1]["x1"] + ISR_GAP_PX:
            bar = bars[-1]
            bar["x1"], bar["count"] = max(bar["x1"], x1), bar["count"] + 1
            if not tick:
                bar["style"] = "irq"
        else:
            bars.append({"x0": x0, "x1": x1, "count": 1, "style": "tick" if tick else "irq"})
    return bars


# ----------------------------------------------------------------- the plan --

class Plan:
    """What the picture shows; x in pixels of the plot area (0..width_px),
    y in rows (the top row n-1, the interrupts row 0)."""

    def __init__(self):
        self.title = self.xlabel = ""
        self.width_px = PLOT_PX
        self.window = None          # (lo, hi) in ms, or None for the whole trace
        self.switches = 0           # in the window
        self.span_ms = 0.0          # the window's length
        self.pieces = []            # lay_out_axis
        self.ticks = []             # (x, label)
        self.cuts = []              # {x0, x1, ms, label}
        self.rows = []              # {y, label, colour (None: the interrupts)}
        self.bars = []              # {y, x0, x1, style, colour}
        self.texts = []             # {x, y, text, style}
        self.marks = []             # {y, x, lane, kind, count, left, right}
        self.isrs = []              # {x0, x1, count, style}
        self.legend = []            # {style, label, colours}
        self.size_in = (0.0, 0.0)   # the figure
        self.axes_in = (0.0, 0.0, 0.0, 0.0)  # left, bottom, width, height

    def data(self):
        def rounded(v):
            if isinstance(v, float):
                return round(v, 3)
            if isinstance(v, (list, tuple)):
                return [rounded(x) for x in v]
            if isinstance(v, dict):
                return {k: rounded(x) for k, x in sorted(v.items())}
            return v
        return rounded(dict(vars(self)))

    def digest(self):
        """A hash of the plan: equal plans draw equal pictures."""
        text = json.dumps(self.data(), sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()


def activity_ms(model, ms):
    """When something other than a tick happened, in ms."""
    times = [ms(model.end)]
    for t in model.threads.values():
        times += [ms(s) for s, _, _, _ in t.segments]
        times += [ms(w) for w, _, _ in t.switches] + [ms(w) for w, _, _ in t.marks]
        times += [ms(s) for s, _, _ in t.boosts] + [ms(e) for _, e, _ in t.boosts]
    times += [ms(s) for s, _, irq, _ in model.isrs if irq != IRQ_TICK]
    return times


def ordered_threads(model):
    return sorted(model.threads.values(), key=lambda t: (t.pid, -(t.base or 0), t.tid))


def plan(model, window=None, cut=True):
    """The picture of model (a trace_convert.Model); window (lo, hi) in ms
    since the trace's first event draws only that stretch."""
    f = model.frame
    ms = lambda c: (c - model.start) * 1e3 / f.clock_hz  # noqa: E731
    lo, hi = window if window else (0.0, ms(model.end))
    if hi <= lo:
        hi = lo + 1.0
    p = Plan()
    p.window, p.span_ms = (tuple(window) if window else None), hi - lo
    p.pieces = lay_out_axis(activity_ms(model, ms), lo, hi, p.width_px, cut)
    p.ticks = axis_ticks(p.pieces)
    X = lambda t: x_of(p.pieces, t)  # noqa: E731
    for t0, t1, x0, x1, is_cut in p.pieces:
        if is_cut:
            p.cuts.append({"x0": x0, "x1": x1, "ms": t1 - t0, "label": duration_text(t1 - t0)})

    def visible(start, end):
        return ms(end) >= lo and ms(start) <= hi

    def span(start, end, least):
        x0 = X(max(ms(start), lo))
        return x0, max(X(min(ms(end), hi)), x0 + least)

    def shown(t):
        states = set(state for s, e, state, _ in t.segments if visible(s, e))
        if t.base == 0:     # the idle thread: only where it ran
            return RUNNING in states
        return bool(states & {READY, RUNNING, BLOCKED, SUSPENDED})

    everyone = ordered_threads(model)
    colours = {t.key: THREAD_COLORS[i % len(THREAD_COLORS)] for i, t in enumerate(everyone)}
    rows = [t for t in everyone if shown(t)]
    shared = set(t.name for t in rows if sum(1 for u in rows if u.name == t.name) > 1)
    n = len(rows) + (1 if model.isrs else 0)
    outs = {}   # key -> [(time, reason)]: the switches away from a thread
    for u in model.threads.values():
        for when, prev, reason in u.switches:
            outs.setdefault(prev, []).append((when, reason))
    last_pid = None
    for i, t in enumerate(rows):
        y, colour = n - 1 - i, colours[t.key]
        for start, end, state, detail in t.segments:
            if not visible(start, end) or state not in (READY, RUNNING, BLOCKED, SUSPENDED):
                continue
            x0, x1 = span(start, end, MIN_BAR_PX)
            style = {READY: "ready", RUNNING: "running"}.get(state, "blocked")
            p.bars.append({"y": y, "x0": x0, "x1": x1, "style": style,
                           "colour": colour if style != "blocked" else BLOCKED_FACE})
            what = detail.get("on") if state == BLOCKED else "suspended"
            if style == "blocked" and what and x1 - x0 >= CHAR_PX * len(what) + 6:
                p.texts.append({"x": (x0 + x1) / 2, "y": y, "text": what, "style": "blocked"})
        for start, end, prio in t.boosts:
            if visible(start, end):
                x0, x1 = span(start, end, MIN_BAR_PX)
                p.bars.append({"y": y, "x0": x0, "x1": x1, "style": "boost",
                               "colour": BOOST_COLOR})
                p.texts.append({"x": x0 + 3, "y": y + 0.42, "text": f"priority {prio}, inherited",
                                "style": "boost"})
        marks = [(X(ms(w)), "slice", 1) for w, reason in outs.get(t.key, [])
                 if reason == "slice expired" and lo <= ms(w) <= hi]
        marks += [(X(ms(w)), kind, 0 if kind in ("lock", "unlock") else 1)
                  for w, kind, _ in t.marks
                  if kind in ("lock", "unlock", "process") and lo <= ms(w) <= hi]
        p.marks += [dict(m, y=y) for m in lay_out_marks(marks)]
        process = f.processes.get(t.pid, (0, 0, f"pid {t.pid}"))[2]
        prefix = f"{process}: " if t.pid != last_pid else ""
        last_pid = t.pid
        name = f"{t.name} {t.tid}" if t.name in shared else t.name
        p.rows.append({"y": y, "colour": colour,
                       "label": f"{prefix}{name} [{t.base if t.base is not None else '?'}]"})
    if model.isrs:
        p.isrs = lay_out_isrs([(*span(s, e, 0.0), irq == IRQ_TICK)
                               for s, e, irq, _ in model.isrs if visible(s, e)])
        p.rows.append({"y": 0, "colour": None, "label": "interrupts"})
    p.switches = sum(1 for t in model.threads.values() for w, _, _ in t.switches
                     if lo <= ms(w) <= hi)
    if window:
        p.title = (f"{f.label}, {lo:g} to {hi:g} ms: {p.switches} switches in "
                   f"{duration_text(hi - lo)}   (rows: thread [base priority])")
    else:
        p.title = (f"{f.label}: {p.switches} switches in {duration_text(hi - lo)}"
                   f"   (rows: thread [base priority])")
    p.xlabel = "ms since the trace started" + (
        "; pale bands: quiet stretches drawn short, their length above" if p.cuts else "")
    p.legend = legend_of(p)
    lay_out_figure(p, n)
    return p


def legend_of(p):
    """One entry per style drawn, in LEGEND's order; running and ready
    carry the colours of the threads drawn so."""
    drawn = {}
    for bar in p.bars:
        colours = drawn.setdefault(bar["style"], [])
        if bar["style"] in ("running", "ready") and bar["colour"] not in colours:
            colours.append(bar["colour"])
    for mark in p.marks:
        drawn.setdefault(mark["kind"], [])
    for bar in p.isrs:
        drawn.setdefault(bar["style"], [])
    if p.cuts:
        drawn["cut"] = []
    order = [row["colour"] for row in p.rows]
    rank = lambda c: order.index(c) if c in order else len(order)  # noqa: E731
    return [{"style": style, "label": label, "colours": sorted(drawn[style], key=rank)}
            for style, label in LEGEND.items() if style in drawn]


def lay_out_figure(p, n):
    """Sizes in inches: the labels' margin on the left, the plot, the
    legend on the right (outside the plot: it covers nothing)."""
    widest = max([len(r["label"]) for r in p.rows] + [10])
    left = 0.45 + 0.065 * widest
    width = p.width_px / DPI
    legend_w = 0.75 + 0.062 * max([len(e["label"]) for e in p.legend] + [8])
    height = max(n * ROW_IN + 0.1, 0.21 * len(p.legend) + 0.1)
    bottom, top = 0.6, 0.62
    p.axes_in = (left, bottom, width, height)
    p.size_in = (left + width + legend_w, bottom + height + top)


# --------------------------------------------------------------- the render --

def render(p, path=None):
    """Draws plan p with matplotlib into path (a PNG with fixed metadata:
    the same plan and matplotlib give the same bytes).  Returns the
    rendered boxes, in pixels (x0, y0, x1, y1): legend, axes, xlabel,
    title, ylabels."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.transforms import blended_transform_factory

    w, h = p.size_in
    left, bottom, aw, ah = p.axes_in
    fig = plt.figure(figsize=(w, h), dpi=DPI)
    ax = fig.add_axes((left / w, bottom / h, aw / w, ah / h))
    n = len(p.rows)
    heights = {"running": 0.34, "ready": 0.1, "blocked": 0.34, "boost": 0.42}
    for bar in p.bars:
        y, half = bar["y"], heights[bar["style"]]
        box = [(bar["x0"], bar["x1"] - bar["x0"])]
        if bar["style"] == "running":
            ax.broken_barh(box, (y - half, 2 * half), facecolors=bar["colour"], zorder=3)
        elif bar["style"] == "ready":
            ax.broken_barh(box, (y - half, 2 * half), facecolors=bar["colour"], alpha=0.3,
                           zorder=2)
        elif bar["style"] == "blocked":
            ax.broken_barh(box, (y - half, 2 * half), facecolors=BLOCKED_FACE,
                           edgecolor=BLOCKED_EDGE, hatch="////", linewidth=0, zorder=1)
        else:
            ax.broken_barh(box, (y - half, 2 * half), facecolors="none",
                           edgecolor=BOOST_COLOR, linewidth=1.6, zorder=4)
    for text in p.texts:
        if text["style"] == "blocked":
            ax.text(text["x"], text["y"], text["text"], ha="center", va="center",
                    fontsize=6.5, color="0.35", zorder=2,
                    bbox=dict(facecolor=BLOCKED_FACE, edgecolor="none", pad=0.5))
        else:
            ax.text(text["x"], text["y"], text["text"], ha="left", va="bottom", fontsize=6.5,
                    color=BOOST_COLOR, zorder=5)
    for bar in p.isrs:
        ax.broken_barh([(bar["x0"], bar["x1"] - bar["x0"])], (-0.3, 0.6), zorder=3,
                       facecolors=TICK_COLOR if bar["style"] == "tick" else IRQ_COLOR)
    for mark in p.marks:
        y = mark["y"] + (0.34 if mark["lane"] else -0.34)
        ax.plot([mark["x"]], [y], zorder=6, linestyle="none", **MARK_STYLE[mark["kind"]])
        if mark["kind"] == "several":
            ax.text(mark["x"] + MARK_PX / 2, y, str(mark["count"]), fontsize=6, va="center",
                    ha="left", zorder=6)
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for c in p.cuts:
        ax.axvspan(c["x0"], c["x1"], facecolor="white", alpha=0.65, edgecolor="0.55",
                   linestyle=":", linewidth=0.8, zorder=4.5)
        ax.text((c["x0"] + c["x1"]) / 2, 1.01, c["label"], transform=top, ha="center",
                va="bottom", fontsize=6.5, color="0.3")
    side = blended_transform_factory(ax.transAxes, ax.transData)
    for row in p.rows:
        if row["colour"]:
            ax.add_patch(Rectangle((-0.022, row["y"] - 0.3), 0.014, 0.6, transform=side,
                                   facecolor=row["colour"], clip_on=False))
    ax.set_yticks([row["y"] for row in p.rows])
    ax.set_yticklabels([row["label"] for row in p.rows], fontsize=8)
    ax.tick_params(axis="y", pad=14, length=0)
    ax.set_ylim(-0.65, n - 0.35)
    ax.set_xticks([x for x, _ in p.ticks])
    ax.set_xticklabels([label for _, label in p.ticks], fontsize=7.5)
    ax.set_xlim(-6, p.width_px + 6)
    ax.set_xlabel(p.xlabel, fontsize=8)
    ax.grid(axis="x", color="0.93", zorder=0)
    ax.set_title(p.title, fontsize=10, pad=14)
    handles = [legend_handle(entry, Patch, Line2D) for entry in p.legend]
    legend = ax.title   # stands in when there is nothing to explain
    if handles:
        legend = fig.legend(handles=handles, labels=[e["label"] for e in p.legend],
                            loc="upper left", bbox_to_anchor=((left + aw + 0.15) / w,
                                                              (bottom + ah) / h),
                            fontsize=7, frameon=False, handlelength=4,
                            handler_map={tuple: HandlerTuple(ndivide=None, pad=0)})
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {name: tuple(artist.get_window_extent(renderer).extents) for name, artist in
             (("legend", legend), ("axes", ax), ("xlabel", ax.xaxis.label),
              ("title", ax.title))}
    if not handles:     # nothing drawn, no legend: an empty box right of the plot
        boxes["legend"] = (boxes["axes"][2] + 1, boxes["axes"][3]) * 2
    labels = [lbl.get_window_extent(renderer).extents for lbl in ax.get_yticklabels()]
    labels = labels or [(boxes["axes"][0],) * 2 + (boxes["axes"][0],) * 2]
    boxes["ylabels"] = (min(b[0] for b in labels), min(b[1] for b in labels),
                        max(b[2] for b in labels), max(b[3] for b in labels))
    if path:
        fig.savefig(path, dpi=DPI, metadata={
            "Software": None, "kestrel-plan": p.digest(),
            "kestrel-matplotlib": matplotlib.__version__})
    plt.close(fig)
    return boxes


MARK_STYLE = {
    "lock": dict(marker="v", color="black", markerfacecolor="black", markersize=4.5,
                 markeredgewidth=0.8),
    "unlock": dict(marker="^", color="black", markerfacecolor="white", markersize=4.5,
                   markeredgewidth=0.8),
    "slice": dict(marker="|", color="black", markersize=7, markeredgewidth=1.2),
    "process": dict(marker="*", color="black", markerfacecolor="gold", markersize=6,
                    markeredgewidth=0.6),
    "several": dict(marker="D", color="black", markerfacecolor="0.6", markersize=3.5,
                    markeredgewidth=0.6),
}


def legend_handle(entry, Patch, Line2D):
    style = entry["style"]
    if style == "running":
        return tuple(Patch(facecolor=c) for c in entry["colours"])
    if style == "ready":
        return tuple(Line2D([], [], color=c, alpha=0.3, linewidth=3.5)
                     for c in entry["colours"])
    if style == "blocked":
        return Patch(facecolor=BLOCKED_FACE, edgecolor=BLOCKED_EDGE, hatch="////",
                     linewidth=0)
    if style == "boost":
        return Patch(facecolor="none", edgecolor=BOOST_COLOR, linewidth=1.6)
    if style in MARK_STYLE:
        return Line2D([], [], linestyle="none", **MARK_STYLE[style])
    if style in ("tick", "irq"):
        return Patch(facecolor=TICK_COLOR if style == "tick" else IRQ_COLOR)
    return Patch(facecolor="white", edgecolor="0.55", linestyle=":", linewidth=0.8)


def draw(model, path, window=None, cut=True):
    """The picture of model into path; returns its plan."""
    p = plan(model, window, cut)
    render(p, path)
    return p
