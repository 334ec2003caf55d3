#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Run one GDB test script against a fresh QEMU (for tools/run_tests.py).

    gdb_tests.py BOARD_BUILD/gdb tests/gdb/test_NAME.py

The directory holds gdb_image.elf and qemu.cmd (make gdb-test-image).
QEMU starts paused, with -icount shift=0 so every run
executes the same instructions, and its GDB server on a free port.  The
script runs in a batch gdb-multiarch with tools/gdb/kestrel.py loaded and
prints ktest's protocol (tests/gdb/gdbtest.py).  Returns GDB's exit
status (124 on timeout) and its output.
"""
import os
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import launch  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(image_dir, script, timeout=60.0, gdb="gdb-multiarch"):
    elf = os.path.join(image_dir, "gdb_image.elf")
    with open(os.path.join(image_dir, "qemu.cmd")) as f:
        qemu = shlex.split(f.read()) + ["-icount", "shift=0"]
    with tempfile.TemporaryFile() as console:
        server = None
        for _ in range(5):
            port = launch.free_port()
            command = qemu + ["-S", "-gdb", f"tcp:127.0.0.1:{port}", "-kernel", elf]
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=console,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            if wait_listening(proc, port):
                server = proc
                break
        if server is None:
            console.seek(0)
            return 1, ["could not start QEMU:"] + console.read().decode(errors="replace").splitlines()
        env = dict(os.environ, KESTREL_GDB_PORT=str(port), KESTREL_ELF=os.path.abspath(elf),
                   KESTREL_ROOT=ROOT, PYTHONDONTWRITEBYTECODE="1")
        command = [gdb, "-q", "-batch", "-nx",
                   "-ex", f"python import sys; sys.path.insert(0, {os.path.join(ROOT, 'tests', 'gdb')!r})",
                   "-ex", f"source {os.path.join(ROOT, 'tools', 'gdb', 'kestrel.py')}",
                   "-x", os.path.abspath(script), os.path.abspath(elf)]
        try:
            out = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                 text=True, timeout=timeout, env=env, cwd=ROOT)
            status, text = out.returncode, out.stdout + out.stderr
        except subprocess.TimeoutExpired as e:
            status = 124
            text = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) \
                else (e.stdout or "")
        finally:
            launch.stop(server)
        console.seek(0)
        lines = text.splitlines()
        if status != 0:
            lines += ["---- QEMU console ----"] + \
                console.read().decode(errors="replace").splitlines()[-20:]
        return status, lines


def wait_listening(proc, port, timeout=10.0):
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if launch.listening(port):
            return True
        time.sleep(0.01)
    launch.stop(proc)
    return False


def main():
    status, lines = run(sys.argv[1], sys.argv[2])
    print("\n".join(lines))
    sys.exit(status)


if __name__ == "__main__":
    main()
