#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""make debug and make gdbserver as a person uses them: started, typed
at, interrupted, killed and started again.

    test_debug_session.py [--board BOARD]

make debug APP=shell runs on a pseudo-terminal, as from a shell.  The
cases: GDB's prompt comes up and the target's console port is printed;
after continue, the shell's prompt is printed on the terminal and a
second connection to the console port (what make console does) types a
command and gets its answer; Ctrl-C stops the target and GDB prompts
again, make going on (not "Interrupt"); quit ends make with status 0, and
nothing is left listening on the GDB or console port.  Then make
gdbserver: a GDB connects and kills the target, and the server ends by
itself; started again, it serves the next GDB.  Speaks ktest's protocol
for tools/run_tests.py.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_console import Terminal  # noqa: E402
from toolcase import case, finish  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GDB_PROMPT = b"(gdb) "
SHELL_PROMPT = b"kestrel> "


def refused(port):
    """Whether nothing listens on the local port any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return False
    except OSError:
        return True


def console_exchange(port, line, expect, timeout=15.0):
    """Types line on the console port; returns what came back once expect
    did (or the time ran out)."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=5)
    got = b""
    try:
        conn.sendall(line)
        deadline = time.monotonic() + timeout
        while expect not in got and time.monotonic() < deadline:
            conn.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                data = conn.recv(4096)
            except socket.timeout:
                break
            if not data:
                break
            got += data
    finally:
        conn.close()
    return got


def debug_session(board):
    term = Terminal(["make", "-s", "--no-print-directory", f"BOARD={board}", "debug", "APP=shell"])
    try:
        up = term.wait_for(GDB_PROMPT, 0, timeout=120)
        text = term.output.decode(errors="replace")
        ports = re.search(r"GDB server on 127\.0\.0\.1:(\d+)", text)
        console = re.search(r"CONSOLE_PORT=(\d+)", text)
        case("debug_gdb_prompts_the_console_port_is_printed", up and ports and console,
             text[-800:])
        if not (up and ports and console):
            return
        gdb_port, console_port = int(ports.group(1)), int(console.group(1))

        case("debug_the_console_prints_on_the_terminal",
             term.type(b"continue\n", SHELL_PROMPT), term.output[-400:])
        answer = console_exchange(console_port, b"ps\r", b"init")
        case("debug_the_console_port_types_to_the_target", b"init" in answer, answer[-300:])

        start = len(term.output)
        os.write(term.master, b"\x03")
        stopped = term.wait_for(GDB_PROMPT, start, timeout=20)
        after = term.output[start:]
        case("debug_ctrl_c_stops_the_target_not_make",
             stopped and b"SIGINT" in after and term.proc.poll() is None
             and b"Interrupt" not in after.replace(b"SIGINT, Interrupt", b""), after[-500:])
        case("debug_the_threads_after_the_stop",
             term.type(b"info threads\n", b'"main"'), term.output[-500:])

        start = len(term.output)
        os.write(term.master, b"quit\n")
        if term.wait_for(b"(y or n)", start, timeout=10):
            os.write(term.master, b"y\n")
        status = term.end(timeout=20)
        case("debug_quit_ends_make_with_status_0", status == 0,
             f"status {status}: {term.output[-400:]}")
        time.sleep(0.5)
        case("debug_nothing_is_left_listening", refused(gdb_port) and refused(console_port),
             f"GDB port {gdb_port} or console port {console_port} still open")
    finally:
        if term.proc.poll() is None:
            term.proc.kill()


def start_gdbserver(board):
    proc = subprocess.Popen(["make", "-s", "--no-print-directory", f"BOARD={board}", "gdbserver",
                             "APP=shell"], cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"kernel-aware GDB server .*: 127\.0\.0\.1:(\d+)", line)
        if m:
            return proc, int(m.group(1)), lines
    return proc, None, lines


def gdb_batch(board, port, *commands):
    elf = os.path.join(ROOT, "build", board, "shell.elf")
    args = ["gdb-multiarch", "-q", "-batch", "-nx", "-ex", "set confirm off",
            "-ex", f"target remote 127.0.0.1:{port}"]
    for c in commands:
        args += ["-ex", c]
    return subprocess.run(args + [elf], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def gdbserver_sessions(board):
    for attempt in ("first", "again"):
        proc, port, lines = start_gdbserver(board)
        try:
            case(f"gdbserver_{attempt}_it_prints_its_port", port is not None, "".join(lines))
            if port is None:
                return
            out = gdb_batch(board, port, "break main", "continue", "info threads", "kill")
            case(f"gdbserver_{attempt}_a_gdb_connects_and_sees_the_threads",
                 '"main"' in out.stdout, out.stdout[-400:] + out.stderr[-400:])
            try:
                rest, _ = proc.communicate(timeout=15)
                status = proc.returncode
            except subprocess.TimeoutExpired:
                rest, status = "", None
            case(f"gdbserver_{attempt}_gdb_kill_ends_it",
                 status == 0 and "the server ended" in rest, f"status {status}: {rest[-400:]}")
            case(f"gdbserver_{attempt}_nothing_is_left_listening", refused(port),
                 f"port {port} still open")
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, 9)
                proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--board", default="mps2-an385")
    args = parser.parse_args()
    debug_session(args.board)
    gdbserver_sessions(args.board)


if __name__ == "__main__":
    main()
    finish()
