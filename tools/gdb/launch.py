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

GDB runs as the terminal's foreground process group: Ctrl-C reaches GDB
alone (it stops the target), never make or this script.  Under QEMU the
target's console (its -serial stdio) is still printed here, and a
second terminal can type to it: QEMU serves it on a local port that is
printed (make console CONSOLE_PORT=<port> connects).

--server-only starts the server and the proxy, listening on --port (a
free one by default), prints the GDB command for it and waits until the
server ends (the program exits, or GDB's kill ends QEMU) or Ctrl-C: for
an IDE, which can start it again for the next session.
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


def with_console_port(command, port):
    """The QEMU command with its console on stdio (the last -serial stdio,
    or a -chardev stdio) served on a local TCP port as well as printed on
    stdout: returns (command, True), or (command, False) when it has no
    console on stdio."""
    served = ("socket,host=127.0.0.1,port=%d,server=on,wait=off,logfile=/dev/stdout" % port)
    for i in reversed(range(len(command) - 1)):
        if command[i:i + 2] == ["-serial", "stdio"]:
            return (command[:i] + ["-chardev", served + ",id=console", "-serial", "chardev:console"]
                    + command[i + 2:], True)
        if command[i] == "-chardev" and command[i + 1].split(",")[0] == "stdio":
            # Its id and mux stay; signal= is stdio's own option.
            kept = [o for o in command[i + 1].split(",")[1:] if not o.startswith("signal=")]
            return command[:i] + ["-chardev", ",".join([served] + kept)] + command[i + 2:], True
    return command, False


def qemu_server(qemu, elf):
    """Returns (QEMU, its GDB port, its console port or None)."""
    for _ in range(5):
        port, console = free_port(), free_port()
        command, served = with_console_port(
            shlex.split(qemu) + ["-S", "-gdb", f"tcp:127.0.0.1:{port}", "-kernel", elf], console)
        proc = start_server(command, port, "QEMU")
        if proc is not None:
            return proc, port, console if served else None
        # Another program may have taken a port meanwhile: try others.
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
    console = None
    if args.openocd:
        server, port = openocd_server(args.openocd)
        where = "the board (OpenOCD), halted"
    else:
        server, port, console = qemu_server(args.qemu, elf)
        where = "QEMU, paused at reset"
    signal.signal(signal.SIGINT, lambda *_: None)  # Ctrl-C belongs to GDB
    for sig in (signal.SIGTERM, signal.SIGHUP):     # stopped from outside: clean up
        signal.signal(sig, lambda *_: sys.exit(1))
    try:
        if args.server_only:
            serve_only(server, elf, port, where, args.port, console)
        else:
            debug(elf, port, where, args, console)
    finally:
        stop(server)


def console_hint(console):
    if console is not None:
        say(f"the target's console is printed here; to type to it, in another terminal: "
            f"make console CONSOLE_PORT={console}")


def run_in_foreground(command):
    """Runs command as the terminal's foreground process group, so that
    Ctrl-C (and the terminal's other signals) reach it and not make or
    this script; gives the terminal back when it ends.  Returns its exit
    status.  Without a terminal it just runs."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
        ours = os.tcgetpgrp(tty) == os.getpgrp()
    except OSError:
        return subprocess.call(command)
    if not ours:  # not in the foreground (a background job): leave it be
        os.close(tty)
        return subprocess.call(command)

    def take_terminal():
        # In the child: a process group of its own, in the foreground.
        # SIGTTOU is ignored while it takes the terminal, as a shell does.
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        os.setpgid(0, 0)
        os.tcsetpgrp(tty, os.getpgrp())
        signal.signal(signal.SIGTTOU, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    proc = subprocess.Popen(command, preexec_fn=take_terminal)
    try:
        return proc.wait()
    finally:
        previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        try:
            os.tcsetpgrp(tty, os.getpgrp())  # the terminal back to make
        except OSError:
            pass
        signal.signal(signal.SIGTTOU, previous)
        os.close(tty)


def debug(elf, port, where, args, console):
    proxy = " ".join(shlex.quote(c) for c in proxy_command(elf, port, ["--stdio"]))
    # A slow first answer (QEMU starting, a loaded machine) would make GDB
    # send packets again, which the proxy drops, and give up after a few.
    command = [args.gdb, "-q", elf, "-ex", f"source {os.path.relpath(EXTENSION)}",
               "-ex", "set remotetimeout 30",
               "-ex", f"target extended-remote | {proxy}" if args.openocd
               else f"target remote | {proxy}"]
    if args.openocd:
        command += ["-ex", "monitor reset halt", "-ex", "load", "-ex", "monitor reset halt"]
    say(f"{where}; GDB server on 127.0.0.1:{port}, GDB through tools/gdb/rsp_proxy.py")
    console_hint(console)
    say("try: break main, continue, kestrel threads, info threads, kestrel switch, "
        "kestrel regs; help kestrel; Ctrl-C stops the target")
    run_in_foreground(command)


def serve_only(server, elf, port, where, listen_port, console):
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
    console_hint(console)
    say("Ctrl-C here stops the server; so does GDB's kill, or the program's end")
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        while proxy.poll() is None and server.poll() is None:
            time.sleep(0.1)
        if server.poll() is not None:
            say(f"the server ended (exit status {server.returncode}): so does this session")
    except KeyboardInterrupt:
        pass
    finally:
        stop(proxy)


if __name__ == "__main__":
    main()
