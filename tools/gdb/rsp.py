# SPDX-License-Identifier: MIT
"""The GDB remote serial protocol, the part both ends share: packet
framing, checksums, acknowledgements, interrupts, escapes (used by
tools/gdb/rsp_proxy.py).  Python 3 standard library only."""
import os
import select
import socket
import time


def checksum(payload):
    return b"%02x" % (sum(payload) & 0xFF)


def frame(payload):
    return b"$" + payload + b"#" + checksum(payload)


def escape_binary(data):
    out = bytearray()
    for b in data:
        if b in (0x23, 0x24, 0x7D, 0x2A):
            out += bytes([0x7D, b ^ 0x20])
        else:
            out.append(b)
    return bytes(out)


def unescape_binary(data):
    out, i = bytearray(), 0
    while i < len(data):
        if data[i] == 0x7D and i + 1 < len(data):
            out.append(data[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


def run_length_decode(data):
    """Expands the protocol's run-length encoding (x*n)."""
    if b"*" not in data:
        return data
    out, i = bytearray(), 0
    while i < len(data):
        if data[i] == 0x2A and out and i + 1 < len(data):
            out += bytes([out[-1]]) * (data[i + 1] - 29)
            i += 2
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


def le_hex(value, nbytes):
    return value.to_bytes(nbytes, "little").hex()


class Closed(Exception):
    pass


class Link:
    """One side of the protocol: framing, checksums and acks."""

    def __init__(self, rfd, wfd, name, acks=True, on_close=None):
        self.rfd, self.wfd, self.name = rfd, wfd, name
        self.acks = acks
        self.buf = b""
        self.last_sent = None
        self.interrupts = 0
        self.on_close = on_close

    def write(self, data):
        try:
            view = memoryview(data)
            while view:
                n = os.write(self.wfd, view)
                view = view[n:]
        except OSError as e:
            raise Closed(f"{self.name}: {e}")

    def send(self, payload):
        self.last_sent = payload
        self.write(frame(payload))

    def fill(self, timeout):
        ready, _, _ = select.select([self.rfd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.rfd, 65536)
        except OSError as e:
            raise Closed(f"{self.name}: {e}")
        if not data:
            raise Closed(f"{self.name} closed the connection")
        self.buf += data
        return True

    def poll(self):
        """Returns the next complete packet payload, b"\\x03" for an
        interrupt, or None if the buffer holds no complete item."""
        while self.buf:
            c = self.buf[:1]
            if c == b"+":
                self.buf = self.buf[1:]
            elif c == b"-":
                self.buf = self.buf[1:]
                # A request to send the last packet again.  In no-ack mode
                # GDB still sends one when a reply is slow in coming; the
                # reply is on its way, and a second copy would put every
                # later reply out of step.
                if self.acks and self.last_sent is not None:
                    self.write(frame(self.last_sent))
            elif c == b"\x03":
                self.buf = self.buf[1:]
                return c
            elif c in (b"$", b"%"):
                end = self.buf.find(b"#")
                if end < 0 or len(self.buf) < end + 3:
                    return None
                payload, sent = self.buf[1:end], self.buf[end + 1:end + 3]
                self.buf = self.buf[end + 3:]
                if checksum(payload) != sent.lower():
                    if self.acks:
                        self.write(b"-")
                    continue
                if self.acks:
                    self.write(b"+")
                if c == b"%":
                    continue  # notifications: non-stop mode only, not used
                return payload
            else:
                self.buf = self.buf[1:]  # noise between packets
        return None

    def drop_resends(self, payload):
        """Called before replying to payload: any copy of it that has
        arrived meanwhile is the peer sending it again because our
        acknowledgement came late (GDB waits for a reply before it sends
        anything new, so it cannot be a new request).  Each copy is
        acknowledged, as the peer expects, and dropped; returns how many."""
        while self.fill(0):
            pass
        dropped = 0
        while True:
            rest = self.buf.lstrip(b"+")
            copy = frame(payload)
            if not rest.startswith(copy):
                return dropped
            self.buf = rest[len(copy):]
            if self.acks:
                self.write(b"+")
            dropped += 1

    def receive(self, timeout=None):
        """Waits for the next packet or interrupt (None on timeout)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            item = self.poll()
            if item is not None:
                return item
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self.fill(left) and deadline is not None and time.monotonic() >= deadline:
                return None


def connect_upstream(where, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if where.startswith("unix:"):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(where[5:])
            else:
                host, port = where.rsplit(":", 1)
                s = socket.create_connection((host or "127.0.0.1", int(port)))
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return s
        except OSError as e:
            if time.monotonic() > deadline:
                raise Closed(f"cannot connect to the GDB server at {where}: {e}")
            time.sleep(0.05)
