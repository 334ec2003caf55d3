#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A terminal on a target's console served on a local TCP port (make
console, beside make debug or make gdbserver).

    console.py PORT

Keys go to the target as they are typed (the terminal in raw mode, so
the target's shell does its own echo and line editing); what the target
prints comes back.  Ctrl-] ends it, as in telnet; so does the end of the
session (QEMU closes the port).
"""
import os
import select
import socket
import sys
import termios
import tty

QUIT = b"\x1d"  # Ctrl-]


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit(__doc__.split("\n\n")[1].strip() + "\n(make debug prints the port)")
    port = int(sys.argv[1])
    try:
        conn = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError as err:
        sys.exit(f"console: nothing serves a console on port {port} ({err.strerror}): "
                 "is make debug or make gdbserver running?")
    conn.settimeout(None)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    keyboard = sys.stdin.fileno()
    saved = termios.tcgetattr(keyboard) if os.isatty(keyboard) else None
    print(f"console: connected to 127.0.0.1:{port}; Ctrl-] ends\r", flush=True)
    try:
        if saved is not None:
            tty.setraw(keyboard)
        while True:
            ready, _, _ = select.select([conn, keyboard], [], [])
            if conn in ready:
                data = conn.recv(4096)
                if not data:
                    break
                os.write(sys.stdout.fileno(), data)
            if keyboard in ready:
                keys = os.read(keyboard, 1024)
                if not keys or QUIT in keys:
                    conn.sendall(keys.split(QUIT)[0])
                    break
                conn.sendall(keys)
    finally:
        if saved is not None:
            termios.tcsetattr(keyboard, termios.TCSADRAIN, saved)
        conn.close()
    print("\nconsole: closed", flush=True)


if __name__ == "__main__":
    main()
