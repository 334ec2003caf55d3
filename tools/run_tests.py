#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Run host test programs and target test images; print one summary.

    run_tests.py --host DIR --host-test NAME ... --target BUILD/BOARD/tests ...
                 --gdb BUILD/BOARD/gdb ...
                 --program "COMMAND ARGS" ...
                 [--only NAME] [--junit REPORT.xml] @FILE ...

An @FILE argument is replaced by the arguments in FILE, one a line: make
writes BUILD/BOARD/tests.args, what tests each board (make board-tests).

Host tests are programs built with sanitizers; target tests are ELF images
run under QEMU with -icount shift=0 (one virtual nanosecond per
instruction, so runs repeat exactly) and a wall-clock timeout.  A
--program is any other command that speaks the protocol, run as a host
test (e.g. tests/tools/*.py, which drive QEMU and the host tools).  All
speak ktest's protocol (tests/lib/ktest.h): a line per case, then KTEST
DONE.

A --gdb directory (make gdb-test-image) runs every tests/gdb/test_*.py
in a batch gdb-multiarch against a fresh QEMU of that board's GDB test
image (tools/gdb/gdb_tests.py); the scripts print the same protocol.

An image passes only if it ends with KTEST DONE and an exit status that
agrees with its failures.  A hang, fault or panic fails the image and its
console output is shown.  Images named xfail_* must fail instead: they
pass when they exit non-zero and their console shows each EXPECT-FAIL
line's text after it was announced.

A program that cannot run on a board (a hardware feature it tests is
missing) prints only "KTEST SKIP: <why>" and exits 0: it is reported as
SKIP and counted as neither passed nor failed.  Any other protocol line
or a non-zero exit alongside it fails the program.

--only NAME runs only the tests of that name: a target image
(tests/target/NAME.c), a host test (tests/host/test_NAME.c), a GDB script
(tests/gdb/test_NAME.py) or a tool test (tests/tools/test_NAME.py); the
test_ prefix and .py suffix may be given or left out.

--junit writes a JUnit XML report of the run (one testsuite per program,
image or script, one testcase per case), the format CI systems read.

The last line is "N passed, N failed", after a "N skipped" line when any
were; the exit status is 1 on any failure.
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_run  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gdb"))
import gdb_tests  # noqa: E402

GDB_TESTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "gdb")

CASE = re.compile(r"^(PASS|FAIL) (\S+?)(?::\s*(.*))?$")
DONE = re.compile(r"^KTEST DONE passed=(\d+) failed=(\d+)$")
SKIP = re.compile(r"^KTEST SKIP: (.+)$")
CHECK_LINES = re.compile(r"^CHECK-LINES: (\S+) (\d+) (.+)$")
TARGET_TIMEOUT = float(os.environ.get("TEST_TIMEOUT", "30"))
# A --program drives QEMU or make itself, with timeouts of its own.
PROGRAM_TIMEOUT = 10 * TARGET_TIMEOUT


class Result:
    def __init__(self, label):
        self.label = label
        self.seconds = 0.0
        self.cases = []       # (name, passed, detail)
        self.problem = None   # why the program as a whole failed
        self.skipped = None   # why the program did not run here
        self.output = []

    def failed(self):
        return self.problem is not None or any(not ok for _, ok, _ in self.cases)


def check_lines(result, lines):
    """Each "CHECK-LINES: PREFIX COUNT REGEX" line the image printed asks
    that exactly COUNT later console lines start with PREFIX and that each
    of them matches REGEX as a whole (e.g. lines printed by several
    threads at once came out unbroken)."""
    for i, line in enumerate(lines):
        m = CHECK_LINES.match(line)
        if not m:
            continue
        prefix, count, pattern = m.group(1), int(m.group(2)), re.compile(m.group(3))
        found = [l for l in lines[i + 1:] if l.startswith(prefix)]
        bad = [l for l in found if not pattern.fullmatch(l)]
        ok = len(found) == count and not bad
        detail = "" if ok else (f"{len(found)} lines start with '{prefix}', {count} expected; "
                                f"{len(bad)} malformed" + (f", first: {bad[0]!r}" if bad else ""))
        result.cases.append((f"lines '{prefix}'", ok, detail))


def judge(result, status, lines):
    result.output = lines
    check_lines(result, lines)
    done = None
    for line in lines:
        m = CASE.match(line)
        if m:
            result.cases.append((m.group(2), m.group(1) == "PASS", m.group(3) or ""))
        m = DONE.match(line)
        if m:
            done = (int(m.group(1)), int(m.group(2)))
    if status == 124:
        result.problem = f"timed out after {TARGET_TIMEOUT:.0f} s"
    elif done is None:
        result.problem = f"ended (status {status}) before KTEST DONE"
    elif (status == 0) != (done[1] == 0):
        result.problem = f"exit status {status} disagrees with {done[1]} failed"


def judge_skip(result, status, lines):
    """Judges a program that printed KTEST SKIP: skipped if that was all
    it said of the protocol and it exited 0, failed otherwise.  Returns
    False when there was no such line."""
    reasons = [m.group(1) for m in map(SKIP.match, lines) if m]
    if not reasons:
        return False
    result.output = lines
    others = [line for line in lines
              if CASE.match(line) or DONE.match(line) or line.startswith("EXPECT-FAIL: ")]
    if status != 0:
        result.problem = f"skipped ({reasons[0]}) but exited with status {status}"
    elif len(reasons) > 1 or others:
        result.problem = f"skipped ({reasons[0]}) but also printed results"
    else:
        result.skipped = reasons[0]
    return True


def judge_expected_failure(result, status, lines):
    result.output = lines
    expected, seen = [], []
    for i, line in enumerate(lines):
        if line.startswith("EXPECT-FAIL: "):
            expected.append((i, line[len("EXPECT-FAIL: "):]))
    missing = [text for i, text in expected
               if not any(text in later for later in lines[i + 1:]
                          if not later.startswith("EXPECT-FAIL: "))]
    if status == 124:
        result.problem = "timed out instead of failing"
    elif status == 0:
        result.problem = "exited 0 but must fail"
    elif not expected:
        result.problem = "announced no EXPECT-FAIL line"
    elif missing:
        result.problem = "failed without: " + "; ".join(missing)
    result.cases.append((result.label, result.problem is None, result.problem or ""))
    if result.problem is None:
        seen.append(result.label)


def run_host(path, command=None):
    result = Result(os.path.basename(path))
    try:
        proc = subprocess.run(command or [path], capture_output=True, text=True,
                              timeout=PROGRAM_TIMEOUT if command else TARGET_TIMEOUT)
        lines = (proc.stdout + proc.stderr).splitlines()
        if not judge_skip(result, proc.returncode, lines):
            judge(result, proc.returncode, lines)
    except subprocess.TimeoutExpired:
        judge(result, 124, [])
    return result


def run_target(board_dir, elf):
    board = os.path.basename(os.path.dirname(board_dir.rstrip("/")))
    name = os.path.basename(elf)[:-4]
    result = Result(f"{board}/{name}")
    with open(os.path.join(board_dir, "qemu.cmd")) as f:
        cmd = shlex.split(f.read()) + ["-icount", "shift=0,sleep=off"]
    status, lines = qemu_run.run(cmd, elf, timeout=TARGET_TIMEOUT,
                                 stdin=subprocess.DEVNULL, echo=False)
    if judge_skip(result, status, lines):
        pass
    elif name.startswith("xfail_"):
        judge_expected_failure(result, status, lines)
    else:
        judge(result, status, lines)
    return result


def run_gdb(image_dir, script):
    board = os.path.basename(os.path.dirname(image_dir.rstrip("/")))
    result = Result(f"{board}/gdb/{os.path.basename(script)[:-3]}")
    status, lines = gdb_tests.run(image_dir, script, timeout=TARGET_TIMEOUT)
    judge(result, status, lines)
    return result


def report(result):
    prefix = result.label
    if result.skipped:
        print(f"SKIP {prefix}: {result.skipped}")
    for name, ok, detail in result.cases:
        label = name if name.startswith(prefix) else f"{prefix}: {name}"
        print(f"{'PASS' if ok else 'FAIL'} {label}{'' if ok else ': ' + detail}")
    if result.problem and not any(result.problem == d for _, _, d in result.cases):
        print(f"FAIL {prefix}: {result.problem}")
    if result.failed():
        print(f"---- output of {prefix} ----")
        for line in result.output[-80:]:
            print(f"  | {line}")
        print("----")
    sys.stdout.flush()


def test_name(path):
    """The name --only matches: tests/target/mutex.c, build/.../mutex.elf,
    test_mutex_pi and tests/tools/test_shell.py give mutex, mutex_pi and
    shell."""
    name = os.path.basename(path)
    for suffix in (".elf", ".py", ".c"):
        name = name[:-len(suffix)] if name.endswith(suffix) else name
    return name[len("test_"):] if name.startswith("test_") else name


def write_junit(path, results):
    """A JUnit XML report: a testsuite per result, a testcase per case; a
    program that failed as a whole (hang, crash) is one failed testcase."""
    suites = ET.Element("testsuites")
    for result in results:
        cases = list(result.cases)
        if result.problem and not any(result.problem == d for _, _, d in cases):
            cases.append(("run", False, result.problem))
        suite = ET.SubElement(suites, "testsuite", name=result.label, tests=str(len(cases) or 1),
                              failures=str(sum(1 for _, ok, _ in cases if not ok)),
                              skipped="1" if result.skipped else "0",
                              time=f"{result.seconds:.3f}")
        if result.skipped:
            case = ET.SubElement(suite, "testcase", classname=result.label, name=result.label)
            ET.SubElement(case, "skipped", message=result.skipped)
        for name, ok, detail in cases:
            case = ET.SubElement(suite, "testcase", classname=result.label, name=name)
            if not ok:
                failure = ET.SubElement(case, "failure", message=detail or "failed")
                failure.text = "\n".join(result.output[-80:])
    ET.indent(suites)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


def timed(fn, *args):
    start = time.monotonic()
    result = fn(*args)
    result.seconds = time.monotonic() - start
    return result


def main():
    parser = argparse.ArgumentParser(fromfile_prefix_chars="@")
    parser.add_argument("--host", default=None)
    parser.add_argument("--host-test", action="append", default=[])
    parser.add_argument("--target", action="append", default=[])
    parser.add_argument("--gdb", action="append", default=[])
    parser.add_argument("--program", action="append", default=[])
    parser.add_argument("--only", default=None)
    parser.add_argument("--junit", default=None)
    args = parser.parse_args()

    # Each job: (name for --only, function, its arguments).
    first, jobs = [], []
    for name in args.host_test:
        first.append((test_name(name), run_host, os.path.join(args.host, name)))
    for command in args.program:
        words = shlex.split(command)
        script = next((w for w in words if w.endswith(".py")), words[0])
        first.append((test_name(script), run_host, script, words))
    for board_dir in args.target:
        for elf in sorted(os.listdir(board_dir)):
            if elf.endswith(".elf"):
                jobs.append((test_name(elf), run_target, board_dir, os.path.join(board_dir, elf)))
    for image_dir in args.gdb:
        for script in sorted(os.listdir(GDB_TESTS)):
            if script.startswith("test_") and script.endswith(".py"):
                jobs.append((test_name(script), run_gdb, image_dir, os.path.join(GDB_TESTS, script)))
    if args.only:
        wanted = test_name(args.only)
        names = sorted({job[0] for job in first + jobs})
        first = [job for job in first if job[0] == wanted]
        jobs = [job for job in jobs if job[0] == wanted]
        if not first and not jobs:
            print(f"run_tests: no test named '{args.only}'; the tests: {' '.join(names)}")
            print("0 passed, 1 failed")
            sys.exit(1)

    results = []
    for _, fn, *fn_args in first:
        result = timed(fn, *fn_args)
        report(result)
        results.append(result)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for result in pool.map(lambda job: timed(job[1], *job[2:]), jobs):
            report(result)
            results.append(result)
    if args.junit:
        write_junit(args.junit, results)

    passed = failed = 0
    for result in results:
        passed += sum(1 for _, ok, _ in result.cases if ok)
        failed += sum(1 for _, ok, _ in result.cases if not ok)
        if result.problem and not result.cases or (
                result.problem and all(ok for _, ok, _ in result.cases)):
            failed += 1
    skipped = sum(1 for result in results if result.skipped)
    if skipped:
        print(f"{skipped} skipped")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
