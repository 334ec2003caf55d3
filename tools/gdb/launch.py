#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Start a GDB server for an image and GDB on it (make debug, make gdbserver).

    launch.py --elf IMAGE.elf --qemu "qemu-system-arm ARGS" [--server-only]
    launch.py --elf IMAGE.elf --openocd "OPENOCD ARGS" [--server-only]

QEMU starts paused at reset (-S) with its GDB server on a free local
port; OpenOCD (a real board) halts the core and serves on a free port.
GDB (gdb-multiarch) then connects through tools/gdb/rsp_proxy.py, which
shows the kernel's threads as GDB threads and adds MSP, PSP and CONTROL,
with tools/gdb/kestrel.py loaded.  With OpenOCD, GDB also loads the image
into the board's flash.  When GDB exits, the server is stopped.

--server-only starts the server and the proxy, listening on --port (a
free one by default), prints the GDB command for it and waits (Ctrl-C
ends it): for an IDE.
"""
import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROXY = os.path.join(HERE, "rsp_proxy.py")
EXTENSION = os.path.join(HERE, "kestrel.py")


def say(text):
    print(f"debug: {text}", flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """True when something listens on the local TCP port (Linux
    /proc/net/tcp; elsewhere assume so after a short wait)."""
    try:
        with open("/proc/net/tcp") as f:
            lines = f.readlines()[1:]
    except OSError:
        time.sleep(0.5)
        return True
    for line in lines:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":
            return True
    return False


def start_server(command, port, name, timeout=15.0):
    """Starts a GDB server in its own process group (Ctrl-C in GDB must
    not reach it); returns it once it listens, None if it exited."""
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return None
        if listening(port):
            return proc
        time.sleep(0.02)
    stop(proc)
    say(f"{name} did not open its GDB port {port} within {timeout:.0f} s")
    return None


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def qemu_server(qemu, elf):
    for _ in range(5):
        port = free_port()
        command = shlex.split(qemu) + ["-S", "-gdb", f"tcp:127.0.0.1:{port}", "-kernel", elf]
        proc = start_server(command, port, "QEMU")
        if proc is not None:
            return proc, port
        # Another program may have taken the port meanwhile: try another.
    say("QEMU would not start (its message is above)")
    sys.exit(1)


def openocd_server(args):
    port = free_port()
    command = ["openocd"] + shlex.split(args) + [
        "-c", f"gdb_port {port}", "-c", "tcl_port disabled", "-c", "telnet_port disabled",
        "-c", "init", "-c", "reset halt"]
    say("starting " + " ".join(shlex.quote(c) for c in command))
    proc = start_server(command, port, "OpenOCD")
    if proc is None:
        say("OpenOCD failed: is the board connected and powered, and the probe attached?")
        sys.exit(1)
    return proc, port


def proxy_command(elf, port, extra=()):
    return [sys.executable, PROXY, "--elf", elf, "--connect", f"127.0.0.1:{port}", *extra]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--elf", required=True)
    parser.add_argument("--qemu", help="QEMU command line without -kernel")
    parser.add_argument("--openocd", help="OpenOCD arguments naming the probe and target")
    parser.add_argument("--server-only", action="store_true")
    parser.add_argument("--port", type=int, default=0,
                        help="with --server-only: the proxy's port (0: any free one)")
    parser.add_argument("--gdb", default="gdb-multiarch")
    args = parser.parse_args()
    if not (args.qemu or args.openocd):
        parser.error("--qemu or --openocd is needed")
    if not os.path.exists(args.elf):
        parser.error(f"{args.elf} does not exist")

    elf = os.path.relpath(args.elf)
    if args.openocd:
        server, port = openocd_server(args.openocd)
        where = "the board (OpenOCD), halted"
    else:
        server, port = qemu_server(args.qemu, elf)
        where = "QEMU, paused at reset"
    signal.signal(signal.SIGINT, lambda *_: None)  # Ctrl-C belongs to GDB
    for sig in (signal.SIGTERM, signal.SIGHUP):     # stopped from outside: clean up
        signal.signal(sig, lambda *_: sys.exit(1))
    try:
        if args.server_only:
            serve_only(elf, port, where, args.port)
        else:
            debug(elf, port, where, args)
    finally:
        stop(server)


def debug(elf, port, where, args):
    proxy = " ".join(shlex.quote(c) for c in proxy_command(elf, port, ["--stdio"]))
    # A slow first answer (QEMU starting, a loaded machine) must not make
    # GDB resend a packet: its replies would then come out of step.
    command = [args.gdb, "-q", elf, "-ex", f"source {os.path.relpath(EXTENSION)}",
               "-ex", "set remotetimeout 30",
               "-ex", f"target extended-remote | {proxy}" if args.openocd
               else f"target remote | {proxy}"]
    if args.openocd:
        command += ["-ex", "monitor reset halt", "-ex", "load", "-ex", "monitor reset halt"]
    say(f"{where}; GDB server on 127.0.0.1:{port}, GDB through tools/gdb/rsp_proxy.py")
    say("try: break main, continue, kestrel threads, info threads, kestrel switch, "
        "kestrel regs; help kestrel")
    subprocess.call(command)


def serve_only(elf, port, where, listen_port):
    proxy = subprocess.Popen(proxy_command(elf, port, ["--listen", str(listen_port)]),
                             stdout=subprocess.PIPE, text=True, start_new_session=True)
    line = proxy.stdout.readline()
    if "listening on" not in line:
        say("the proxy did not start")
        stop(proxy)
        sys.exit(1)
    proxy_port = int(line.rsplit(":", 1)[1])
    say(f"{where}; its GDB server is on 127.0.0.1:{port}")
    say(f"kernel-aware GDB server (threads, MSP/PSP/CONTROL): 127.0.0.1:{proxy_port}")
    print(f"\n    gdb-multiarch -q {elf} -ex 'source {os.path.relpath(EXTENSION)}' "
          f"-ex 'target remote :{proxy_port}'\n", flush=True)
    say("Ctrl-C here stops the server")
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        while proxy.poll() is None:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop(proxy)


if __name__ == "__main__":
    main()
