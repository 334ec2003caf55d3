#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""docs/first-app.md done as a reader would do it.

    test_first_app.py [--board BOARD ...] [--build-board BOARD ...]

The page is read top to bottom, with ../myapp replaced by a folder in a
temporary directory: a ```c block introduced by "as `PATH`:" is saved to
PATH, a ```sh block runs as one shell script in the repository's root and
must exit 0, and a ```text block lists lines that the last script's
output must contain, in that order.  Then the application the page built
runs on each --board and is built for each --build-board (make test-all
passes every board: those QEMU models to run, the others to build), and
the mistakes
a newcomer makes get clear errors: make new on a folder that has files,
an unknown APP, a path given as APP.  Speaks ktest's
protocol for tools/run_tests.py.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = os.path.join(ROOT, "docs", "first-app.md")
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
SAVE_AS = re.compile(r"as `([^`]+)`:?\s*$")
TIMEOUT = 600


def contains_in_order(output, lines):
    """The first expected line not found in order, or None."""
    got = [line.rstrip() for line in output.replace("\r", "").split("\n")]
    at = 0
    for want in lines:
        while at < len(got) and got[at] != want:
            at += 1
        if at == len(got):
            return want
        at += 1
    return None


def run_script(script):
    proc = subprocess.run(["/bin/sh", "-e", "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=TIMEOUT)
    return proc.returncode, proc.stdout + proc.stderr


def do_page(app):
    text = open(PAGE).read().replace("../myapp", app)
    output, step = "", 0
    for m in BLOCK.finditer(text):
        kind, body = m.group(1), m.group(2)
        before = " ".join(text[:m.start()].rstrip("\n").split("\n\n")[-1].split("\n"))
        step += 1
        if kind == "c":
            saved = SAVE_AS.search(before)
            if not case(f"step{step}_names_its_file", saved is not None,
                        f"a C block not introduced by 'as `PATH`:' ({before!r})"):
                continue
            with open(saved.group(1), "w") as f:
                f.write(body)
        elif kind == "sh":
            status, output = run_script(body)
            case(f"step{step}_commands_succeed", status == 0,
                 f"'{body.split(chr(10))[0]}': exit status {status}; output ends {output[-800:]!r}")
        elif kind == "text":
            missing = contains_in_order(output, body.strip("\n").split("\n"))
            case(f"step{step}_prints_what_the_page_shows", missing is None,
                 f"missing {missing!r}; output ends {output[-800:]!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--board", action="append", default=[])
    parser.add_argument("--build-board", action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = os.path.join(tmp, "myapp")
        do_page(app)
        for board in args.board:
            status, output = run_script(f"make -s APP_DIR={app} BOARD={board} run")
            missing = contains_in_order(output, ["button: pressed 3 times",
                                                 "hello: 8 readings, total 204"])
            case(f"runs_on_{board}", status == 0 and missing is None,
                 f"exit status {status}, missing {missing!r}; output ends {output[-800:]!r}")
        for board in args.build_board:
            status, output = run_script(f"make -s APP_DIR={app} BOARD={board}")
            case(f"builds_for_{board}", status == 0,
                 f"exit status {status}; output ends {output[-800:]!r}")
        status, output = run_script(f"make new APP_DIR={app}")
        case("new_leaves_an_existing_app_alone", status != 0 and "not empty" in output,
             f"exit status {status}; output {output[-400:]!r}")
        status, output = run_script("make APP=nosuch")
        case("unknown_app_is_a_clear_error",
             status != 0 and "unknown APP 'nosuch'" in output and "demo" in output,
             f"exit status {status}; output {output[-400:]!r}")
        status, output = run_script(f"make APP={app}")
        case("app_with_a_path_points_to_app_dir", status != 0 and "APP_DIR=" in output,
             f"exit status {status}; output {output[-400:]!r}")
        case("outputs_stay_in_the_app_folder",
             os.path.isdir(os.path.join(app, "build")) and not os.path.exists(os.path.join(ROOT, "myapp")),
             "no build folder in the application's folder")
    finish()


if __name__ == "__main__":
    main()
