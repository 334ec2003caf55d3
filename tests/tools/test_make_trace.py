#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""make trace as a user runs it, on each board given.

    test_make_trace.py --board BOARD [--board BOARD ...]

On each board: `make trace` (examples/trace: the classic demos, each
traced) must write a JSON file and a picture for each of the four demos,
and `make trace APP=hello` a boot trace no larger than the ring the
board's RAM allows.  On the micro:bit, a boot trace too big for its RAM
must fail with a message that names TRACE_EVENTS.  Speaks ktest's
protocol for tools/run_tests.py.
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMOS = ("logging", "counter-race", "inversion", "inheritance")
LINE = re.compile(r"^trace (\S+): (\d+) events.* -> (\S+)\.json and \.png$", re.M)


def make_trace(board, *args):
    proc = subprocess.run(["make", "-s", "--no-print-directory", f"-j{os.cpu_count() or 1}",
                           f"BOARD={board}", "trace", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def written(base):
    png = base + ".png"
    if not (os.path.isfile(base + ".json") and os.path.isfile(png)):
        return False
    with open(png, "rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n"


def traces(output):
    """{label: (events, files written)} from the converter's lines."""
    return {m.group(1): (int(m.group(2)), written(os.path.join(ROOT, m.group(3))))
            for m in LINE.finditer(output)}


def ram_bytes(board):
    """The RAM that the board's memory.ld gives, in bytes."""
    with open(os.path.join(ROOT, "boards", board, "memory.ld")) as f:
        m = re.search(r"^\s*RAM\s.*LENGTH = (\d+)([KM])", f.read(), re.M)
    return int(m.group(1)) * (1024 if m.group(2) == "K" else 1024 * 1024)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--board", action="append", default=[])
    args = parser.parse_args()
    for board in args.board:
        status, out = make_trace(board)
        got = traces(out)
        missing = [d for d in DEMOS if not (d in got and got[d][0] > 0 and got[d][1])]
        case(f"{board}_trace_draws_the_four_demos", status == 0 and not missing,
             f"exit {status}, missing {missing}:\n{out[-1500:]}")

        status, out = make_trace(board, "APP=hello")
        got = traces(out)
        case(f"{board}_trace_app_hello_draws_its_boot_trace",
             status == 0 and "boot" in got and got["boot"][0] > 0 and got["boot"][1],
             f"exit {status}:\n{out[-1500:]}")
        # The ring: a sixteenth of the RAM, at most 2048 events of 32 bytes;
        # hello records more than that on every board, so the ring fills.
        ring = min(2048, ram_bytes(board) // 16 // 32)
        wrapped = re.search(r"^trace boot: (\d+) events \(\d+ older ones overwritten\)", out, re.M)
        case(f"{board}_boot_trace_ring_sized_from_the_ram",
             ring >= 32 and (int(wrapped.group(1)) == ring if wrapped
                             else "boot" in got and got["boot"][0] <= ring),
             f"expected a ring of {ring} events:\n{out[-600:]}")

        if board == "microbit":
            status, out = make_trace(board, "APP=hello", "TRACE_EVENTS=2048")
            case(f"{board}_boot_trace_too_big_is_refused_by_name",
                 status != 0 and "TRACE_EVENTS=" in out and "does not build on microbit" in out,
                 f"exit {status}:\n{out[-800:]}")


if __name__ == "__main__":
    main()
    finish()
