#!/usr/bin/python3
"""Run one image under QEMU and pass its console through.

    qemu_run.py --elf IMAGE.elf [--timeout S] -- qemu-system-arm ARGS...

The console is copied to stdout as it arrives.  Every fault or panic line
that names a code address ("pc 0x...", "lr 0x...") gets the symbol and
source line from the ELF appended, so a report reads "pc 0x000012a4
<thread_entry at kernel/thread.c:88>".  The exit status is QEMU's, which
is the image's own through semihosting; 124 when the timeout expired.
"""
import argparse
import os
import re
import subprocess
import sys
import time

ADDRESS_LINE = re.compile(r"^\s*(pc|lr)\s+0x([0-9a-fA-F]{8})\b")


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


def run(qemu_cmd, elf, timeout=None, stdin=None, echo=True):
    """Runs QEMU; returns (status, console lines).  status 124 = timeout."""
    symbols = Symbolizer(elf)
    proc = subprocess.Popen(qemu_cmd + ["-kernel", elf], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = None if timeout is None else time.monotonic() + timeout
    lines, pending = [], b""
    os.set_blocking(proc.stdout.fileno(), False)
    status = None
    while True:
        chunk = None
        try:
            chunk = proc.stdout.read()
        except BlockingIOError:
            pass
        if chunk:
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                line = symbols.annotate(raw.decode("utf-8", "replace").rstrip("\r"))
                lines.append(line)
                if echo:
                    print(line, flush=True)
            continue
        if proc.poll() is not None:
            if chunk is None or chunk == b"":
                status = proc.returncode
                break
        if deadline is not None and time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            status = 124
            break
        time.sleep(0.005)
    if pending:
        line = symbols.annotate(pending.decode("utf-8", "replace").rstrip("\r"))
        lines.append(line)
        if echo:
            print(line, flush=True)
    return status, lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--elf", required=True)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("qemu", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.qemu[1:] if args.qemu and args.qemu[0] == "--" else args.qemu
    status, _ = run(cmd, args.elf, timeout=args.timeout)
    if status == 124:
        print(f"qemu_run: timed out after {args.timeout} s", file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
