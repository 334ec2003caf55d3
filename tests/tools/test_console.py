#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""make run's console on a terminal: the shell example typed at through
a pseudo-terminal, as a person at a keyboard would.

    test_console.py -- make [VARIABLE=VALUE...] run APP=shell

The command (make run of the shell example) gets a new pseudo-terminal as
its controlling terminal, stdin and stdout.  The cases: the prompt shows
before any line ends (the console passes bytes through as they arrive);
each typed character is echoed at once, before Enter; backspace (DEL, as
a terminal sends it) rubs out one character; the edited line runs; exit
ends make run with status 0.  Then the same command with plain
-serial stdio, where Ctrl-C is QEMU's signal to stop: make run ends, and
no Python traceback is printed.  Speaks ktest's protocol for
tools/run_tests.py.
"""
import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

PROMPT = b"kestrel> "
STEP_TIMEOUT = 15.0


def become_terminal_owner():
    """In the child: a session of its own, led by the pseudo-terminal on
    stdin, so that Ctrl-C there signals the whole command."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    def __init__(self, command):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave,
                                     preexec_fn=become_terminal_owner, close_fds=True)
        os.close(slave)
        self.output = b""

    def _read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # the other side has closed
            return False
        self.output += data
        return bool(data)

    def wait_for(self, what, start, timeout=STEP_TIMEOUT):
        """Waits until `what` appears after offset start; returns whether it did."""
        deadline = time.monotonic() + timeout
        while what not in self.output[start:]:
            left = deadline - time.monotonic()
            if left <= 0 or (not self._read(min(left, 0.2)) and self.proc.poll() is not None):
                return what in self.output[start:]
        return True

    def type(self, data, expect):
        """Types data; returns whether `expect` then appeared."""
        start = len(self.output)
        os.write(self.master, data)
        return self.wait_for(expect, start)

    def end(self, timeout=STEP_TIMEOUT):
        """Reads until the command ends; returns its status (None if it
        did not end, when it is killed)."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0.1):
            pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
            status = None
        else:
            status = self.proc.returncode
        os.close(self.master)
        return status


def shell_session(command):
    term = Terminal(command)
    case("prompt_before_any_newline_is_typed", term.wait_for(PROMPT, 0),
         f"no prompt; output {term.output[-300:]!r}")
    at = len(term.output)
    ok = all(term.type(c.encode(), c.encode()) for c in "hepp")
    case("typed_characters_echo_before_enter", ok,
         f"echo missing; output {term.output[at:]!r}")
    ok = term.type(b"\x7f", b"\b \b") and term.type(b"\x7f", b"\b \b")
    case("backspace_rubs_out_a_character", ok,
         f"no '\\b \\b' after DEL; output {term.output[at:]!r}")
    ok = term.type(b"lp\r", PROMPT) and b"this list" in term.output[at:]
    case("edited_line_runs", ok, f"'help' not answered; output {term.output[at:]!r}")
    term.type(b"exit\r", b"exit")
    status = term.end()
    case("exit_ends_make_run", status == 0, f"status {status}; output {term.output[-300:]!r}")


def ctrl_c_session(command):
    term = Terminal(command + ["QEMU_SERIAL=-serial stdio"])
    term.wait_for(PROMPT, 0)
    time.sleep(0.2)
    os.write(term.master, b"\x03")
    status = term.end()
    text = term.output.decode("utf-8", "replace")
    case("ctrl_c_ends_make_run", status is not None and status != 0,
         f"status {status}; output {text[-300:]!r}")
    case("ctrl_c_prints_no_traceback", "Traceback" not in text and "KeyboardInterrupt" not in text,
         f"output {text[-600:]!r}")


def main():
    command = sys.argv[1:]
    if command and command[0] == "--":
        command = command[1:]
    shell_session(command)
    ctrl_c_session(command)
    finish()


if __name__ == "__main__":
    main()
