#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Run one image under QEMU and pass its console through.

    qemu_run.py --elf IMAGE.elf [--timeout S] -- qemu-system-arm ARGS...

The console is copied to stdout byte by byte as it arrives, so a prompt
shows before its line ends and what the shell echoes shows as it is
typed.  Every fault or panic line that names a code address ("pc 0x...",
"lr 0x...") gets the symbol and source line from the ELF appended, so a
report reads "pc 0x000012a4 <thread_entry at kernel/thread.c:88>"; only a
line that may still become such a line is held back until it ends.

Ctrl-C reaches QEMU, which ends; this script then ends quietly with
status 130.  When stdout is closed (make run | head), QEMU is stopped.  Otherwise the exit status is QEMU's, which is the image's own
through semihosting; 124 when the timeout expired.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time

ADDRESS_LINE = re.compile(r"^\s*(pc|lr)\s+0x([0-9a-fA-F]{8})\b")
# The start of a line that may still turn into an ADDRESS_LINE.
ADDRESS_START = re.compile(r"\s*(p|l|pc|lr|(pc|lr)\s+(0(x[0-9a-fA-F]{0,8})?)?)?")


class Symbolizer:
    """Maps code addresses to 'function at file:line' through addr2line."""

    def __init__(self, elf):
        self.elf = elf
        self.cache = {}

    def lookup(self, address):
        if address in self.cache:
            return self.cache[address]
        text = None
        try:
            out = subprocess.run(
                ["arm-none-eabi-addr2line", "-f", "-C", "-e", self.elf, hex(address & ~1)],
                capture_output=True, text=True, timeout=10).stdout.split("\n")
            if len(out) >= 2 and out[0] != "??":
                where = out[1].split(" ")[0]
                if where.startswith(os.getcwd() + "/"):
                    where = where[len(os.getcwd()) + 1:]
                text = out[0] if where.startswith("??") else f"{out[0]} at {where}"
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.cache[address] = text
        return text

    def annotate(self, line):
        match = ADDRESS_LINE.match(line)
        if not match:
            return line
        name = self.lookup(int(match.group(2), 16))
        return f"{line.rstrip()} <{name}>" if name else line


class Console:
    """Splits QEMU's output into lines for the caller and, with echo,
    writes it to stdout as it comes.

    The bytes of the current line are written at once unless the line may
    still become an address line; those are written whole, annotated, when
    their newline comes.  `written` counts the bytes of the current line
    already on stdout."""

    def __init__(self, symbols, echo):
        self.symbols = symbols
        self.echo = echo
        self.lines = []
        self.line = b""
        self.written = 0

    def _out(self, data):
        if self.echo and data:
            sys.stdout.buffer.write(data)

    @staticmethod
    def _may_annotate(text):
        return ADDRESS_START.fullmatch(text) or ADDRESS_LINE.match(text)

    def _text(self, raw):
        return raw.decode("utf-8", "replace").rstrip("\r")

    def feed(self, chunk):
        while chunk:
            end = chunk.find(b"\n")
            part, chunk = (chunk, b"") if end < 0 else (chunk[:end + 1], chunk[end + 1:])
            self.line += part
            if end < 0:
                if self.written or not self._may_annotate(self._text(self.line)):
                    self._out(self.line[self.written:])
                    self.written = len(self.line)
            else:
                self._finish(self.line[:-1], b"\n")
        if self.echo:
            sys.stdout.flush()

    def _finish(self, raw, ending):
        text = self._text(raw)
        line = text if self.written else self.symbols.annotate(text)
        self.lines.append(line)
        if self.written:
            self._out(raw[self.written:] + ending)
        elif line != text:
            self._out(line.encode() + (b"\r" if raw.endswith(b"\r") else b"") + ending)
        else:
            self._out(raw + ending)
        self.line, self.written = b"", 0

    def close(self):
        if self.line:
            self._finish(self.line, b"")
        if self.echo:
            sys.stdout.flush()


def run(qemu_cmd, elf, timeout=None, stdin=None, echo=True):
    """Runs QEMU; returns (status, console lines).  status 124 = timeout."""
    console = Console(Symbolizer(elf), echo)
    proc = subprocess.Popen(qemu_cmd + ["-kernel", elf], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = None if timeout is None else time.monotonic() + timeout
    os.set_blocking(proc.stdout.fileno(), False)
    try:
        while True:
            try:
                chunk = proc.stdout.read()
            except BlockingIOError:
                chunk = None
            if chunk:
                console.feed(chunk)
                continue
            if proc.poll() is not None and not chunk:
                status = proc.returncode
                break
            if deadline is not None and time.monotonic() > deadline:
                status = 124
                break
            time.sleep(0.005)
        console.close()
    finally:  # a timeout, or stdout closed (make run | head)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return status, console.lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--elf", required=True)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("qemu", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.qemu[1:] if args.qemu and args.qemu[0] == "--" else args.qemu

    # Ctrl-C at the terminal signals QEMU too, which ends by itself: note
    # it here and keep reading until QEMU has gone.  (A handler, unlike
    # SIG_IGN, is not inherited by QEMU.)
    interrupted = []
    signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(signum))
    try:
        status, _ = run(cmd, args.elf, timeout=args.timeout)
    except BrokenPipeError:
        # Whoever read the console has gone (make run | head): stop quietly,
        # as other programs in a pipeline do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    if interrupted:
        sys.exit(130)
    if status == 124:
        print(f"qemu_run: timed out after {args.timeout} s", file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
