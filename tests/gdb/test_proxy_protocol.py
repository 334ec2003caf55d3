# SPDX-License-Identifier: MIT
"""The proxy at the protocol level, as any GDB client would meet it:
checksums and retransmission, acknowledgements and no-ack mode, the
thread packets, an interrupt (\\x03) while the target runs, detach.  Runs
inside GDB only for the harness: it talks to tools/gdb/rsp_proxy.py over
its own socket."""
import socket
import subprocess
import time

import gdb
from gdbtest import ELF, EXPECTED_THREADS, PORT, ROOT, case, check, check_eq, done, symbol


def checksum(payload):
    return b"%02x" % (sum(payload) & 0xFF)


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.acks = True

    def raw(self, data):
        self.sock.sendall(data)

    def read(self, n=1):
        while len(self.buf) < n:
            self.buf += self.sock.recv(65536)
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def reply(self):
        """The next packet's payload (its ack sent unless no-ack)."""
        while True:
            c = self.read()
            if c == b"$":
                break
            check(c == b"+" and self.acks, f"unexpected {c!r} before a reply")
        payload = b""
        while True:
            c = self.read()
            if c == b"#":
                break
            payload += c
        check_eq(self.read(2), checksum(payload), "reply checksum")
        if self.acks:
            self.raw(b"+")
        return payload

    def send(self, payload, bad_checksum=False):
        sum_ = b"00" if bad_checksum and checksum(payload) != b"00" else checksum(payload)
        self.raw(b"$" + payload + b"#" + sum_)

    def ask(self, payload):
        self.send(payload)
        if self.acks:
            check_eq(self.read(), b"+", f"ack of {payload[:20]!r}")
        return self.reply()


proxy = subprocess.Popen(["/usr/bin/python3", f"{ROOT}/tools/gdb/rsp_proxy.py", "--elf", ELF,
                          "--connect", f"127.0.0.1:{PORT}", "--listen", "0"],
                         stdout=subprocess.PIPE, text=True)
LISTEN = int(proxy.stdout.readline().rsplit(":", 1)[1])
client = Client(LISTEN)


@case("proxy_checksum_and_acks")
def _():
    payload = b"qSupported:multiprocess+;swbreak+;xmlRegisters=arm"
    client.send(payload, bad_checksum=True)
    check_eq(client.read(), b"-", "a bad checksum is refused")
    supported = client.ask(payload)
    features = supported.split(b";")
    for wanted in (b"QStartNoAckMode+", b"qXfer:threads:read+", b"qXfer:features:read+"):
        check(wanted in features, f"{wanted!r} in {supported!r}")
    check(not any(f.startswith(b"multiprocess") for f in features), "no multiprocess")
    check_eq(client.ask(b"?")[:3], b"T05", "stopped at reset")
    check(b"thread:1;" in client.ask(b"?"), "one boot thread before the scheduler")


@case("proxy_resend_while_busy")
def _():
    # GDB sends a packet again when its acknowledgement is late (the proxy
    # busy, a loaded machine): both copies arrive before the reply.  One
    # reply, both acknowledged, and the next answer in step.
    client.raw(b"$qC#b4$qC#b4")
    check_eq(client.read(2), b"++", "both copies acknowledged")
    check_eq(client.reply(), b"QC1", "one reply")
    check_eq(client.ask(b"?")[:3], b"T05", "the next reply in step")


@case("proxy_no_ack_mode")
def _():
    check_eq(client.ask(b"QStartNoAckMode"), b"OK", "QStartNoAckMode")
    client.acks = False
    client.raw(b"+")  # a stray ack must be ignored
    check_eq(client.ask(b"qfThreadInfo"), b"m1", "boot thread")
    check_eq(client.buf, b"", "no ack after no-ack mode")
    # GDB sends "-" when a reply is slow in coming, even in no-ack mode:
    # the reply is on its way, and is not sent twice.
    client.raw(b"-")
    check_eq(client.ask(b"qC"), b"QC1", "a NAK in no-ack mode sends nothing again")
    time.sleep(0.3)
    client.sock.settimeout(0.2)
    try:
        extra = client.sock.recv(100)
    except socket.timeout:
        extra = b""
    client.sock.settimeout(10)
    check_eq(client.buf + extra, b"", "no second copy of the reply")


@case("proxy_thread_packets")
def _():
    address = symbol("gdb_checkpoint") & ~1
    check_eq(client.ask(b"Z0,%x,2" % address), b"OK", "breakpoint")
    stop = client.ask(b"vCont;c")
    check(stop.startswith(b"T05") and b"thread:2;" in stop, f"stop in main: {stop!r}")
    check_eq(client.ask(b"z0,%x,2" % address), b"OK", "breakpoint removed")
    tids = b",".join(b"%x" % tid for tid in sorted(EXPECTED_THREADS))  # gdbproc's is 0xa
    check_eq(client.ask(b"qfThreadInfo"), b"m" + tids, "thread list")
    check_eq(client.ask(b"qsThreadInfo"), b"l", "end of the list")
    check_eq(client.ask(b"qC"), b"QC2", "current thread")
    extra = bytes.fromhex(client.ask(b"qThreadExtraInfo,3").decode())
    check_eq(extra, b"blocked: sleep, prio 12", "sleeper's extra info")
    xml = client.ask(b"qXfer:threads:read::0,fff")
    check(xml.startswith(b"l") and b'name="spinner"' in xml, f"threads XML: {xml[:80]!r}")
    check_eq(client.ask(b"T3"), b"OK", "thread 3 is alive")
    check(client.ask(b"T63").startswith(b"E"), "thread 0x63 is not")
    check_eq(client.ask(b"Hg3"), b"OK", "select sleeper")
    regs = client.ask(b"g")
    sp = int.from_bytes(bytes.fromhex(regs[13 * 8:14 * 8].decode()), "little")
    stacks = symbol("stacks")
    check(stacks <= sp < stacks + 1024, f"sleeper's sp {sp:#x} in its stack")
    check(client.ask(b"P0=00000000").startswith(b"E"), "a switched-out thread is read-only")
    check_eq(client.ask(b"Hg0"), b"OK", "back to the CPU")


@case("proxy_special_registers")
def _():
    def special():
        parts = dict(p.split(b"=") for p in client.ask(b"qKestrelSpecial").split(b";"))
        return {k.decode(): v.decode().split(":") for k, v in parts.items()}
    regs = client.ask(b"g")
    sp = int.from_bytes(bytes.fromhex(regs[13 * 8:14 * 8].decode()), "little")
    values = special()
    check_eq(values["psp"], [hex(sp), "stepped"], "PSP, stepped, is sp in thread mode")
    # SPSEL, privileged; FPCA and SFPA (bits 2, 3) as main's use of the FPU
    # left them (newlib's memcpy uses it on the M55).
    control, how = values["control"]
    check_eq([hex(int(control, 16) & ~0xc), how], ["0x2", "stepped"], "CONTROL, stepped")
    check_eq(client.ask(b"g"), regs, "registers after the reads")
    # A core that may be halted in WFI (the instruction before pc is one)
    # is not stepped: the values come from the kernel's invariants.
    # The idle thread's WFI: with tickless idle in the board's idle wait
    # (board_idle_wait: the weak default's inline arch_idle_wait), else in
    # the arch_idle sched_idle calls.
    def wfi_in(name):
        start = symbol(name) & ~1
        code = bytes.fromhex(client.ask(b"m%x,80" % start).decode())
        return next((start + i for i in range(0, len(code), 2) if code[i:i + 2] == b"\x30\xbf"),
                    None)
    wfi = None
    for name in ("board_idle_wait", "arch_idle"):  # whichever the image links
        try:
            wfi = wfi_in(name)
            break
        except gdb.error:
            pass
    pc = regs[15 * 8:16 * 8]
    check_eq(client.ask(b"Pf=" + (wfi + 2).to_bytes(4, "little").hex().encode()),
             b"OK", "pc after a wfi")
    values = special()
    check_eq(values["psp"], [hex(sp), "derived"], "PSP derived")
    check_eq(values["msp"], [hex(symbol("__msp_stack_top")), "derived"], "MSP derived")
    check_eq(values["control"], ["?", "unknown"], "CONTROL unknown")
    check_eq(client.ask(b"Pf=" + pc), b"OK", "pc back")
    check_eq(client.ask(b"g"), regs, "registers as before")


@case("proxy_interrupt_while_running")
def _():
    client.send(b"c")
    time.sleep(0.3)
    client.raw(b"\x03")
    stop = client.reply()
    check(stop.startswith(b"T02") and b"thread:" in stop, f"stopped by the interrupt: {stop!r}")
    tid = int(stop.split(b"thread:")[1].split(b";")[0], 16)
    check(tid in (2, 9), f"main or spinner runs: {tid}")
    check_eq(client.ask(b"qC"), b"QC%x" % tid, "qC agrees with the stop")


@case("proxy_detach")
def _():
    check_eq(client.ask(b"D"), b"OK", "detach")
    client.sock.close()
    proxy.terminate()
    proxy.wait(timeout=10)


# done() kills the target through GDB, which is not connected here.
gdb.execute("target remote 127.0.0.1:" + PORT, to_string=True)
done()
