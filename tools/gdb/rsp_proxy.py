#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A GDB remote-protocol proxy that shows Kestrel's threads as GDB threads.

    rsp_proxy.py --elf IMAGE.elf --connect HOST:PORT (--stdio | --listen PORT)

It sits between GDB and a GDB server (QEMU's gdbstub, or OpenOCD) and
passes everything through, except:

- Threads.  The server knows one CPU; the proxy reads the kernel's own
  records (thread_all, sched_current, each TCB) with `m` packets and
  answers qfThreadInfo/qsThreadInfo, qThreadExtraInfo, qXfer:threads:read,
  qC, T and H itself, so `info threads` and `thread N` work as on a host
  program.  Remote thread ids are kernel TIDs.  Stop replies name the
  thread that is on the CPU.  Before the scheduler has started there is
  one thread, "boot", with TID 1 (the idle thread's, which it becomes).
- Registers of a thread that is not on the CPU (`g`/`p` after `Hg`) come
  from its saved context: saved_sp -> r4-r11, EXC_RETURN, [s16-s31],
  then the hardware frame r0-r3, r12, lr, pc, xPSR, [s0-s15, FPSCR]
  (arch/armv7-m/switch.S).  Its sp is the address above the hardware
  frame (plus 4 when xPSR bit 9 says the core aligned the frame).  FPU
  registers of a thread without an FP frame are reported unavailable.
  Writing them is refused (E01).
- MSP, PSP, CONTROL, PRIMASK, BASEPRI and FAULTMASK, which QEMU 7.2's
  gdbstub does not have.  The proxy adds them to the target description
  (feature org.gnu.gdb.arm.m-system, so GDB also uses PSP to unwind
  through exception frames) and reads each exactly: it points pc at the
  firmware helper arch_debug_<reg> (arch/armv7-m/debug.c) whose first
  instruction is `mrs r0, <reg>`, single-steps that one instruction
  (QEMU steps with interrupts and timers held), reads r0 and writes r0,
  pc and xPSR back.  If the helpers are missing or the step does not
  complete (a core halted in WFI), it falls back to what the kernel
  guarantees: in handler mode MSP = sp; in thread mode after the
  scheduler started PSP = sp and MSP = __msp_stack_top.
  A server that has these registers (OpenOCD) is left alone.

The thread on the CPU is sched_current.  Inside isr_pendsv the registers
are the handler's, and a backtrace from them runs into sched_current's
code: through the exception frame while lr holds EXC_RETURN, through
its saved context from switch_choose on (tools/gdb/kestrel.py), so the
backtrace and the thread GDB names agree at every instruction.

Packets are checksummed and acknowledged on both sides; GDB may switch
its side to no-ack mode (QStartNoAckMode).  \\x03 from GDB interrupts
the target.  For the GDB extension (tools/gdb/kestrel.py), `qKestrel`
returns "kestrel-proxy;live=<tid>;special=<stepped|server>", and
`qKestrelSpecial` the CPU's special registers with how each was obtained
("msp=0x20001000:stepped;psp=...": stepped, server, derived, unknown).

The kernel layout (field offsets, symbol addresses, enum names) comes
from the ELF's debug information, through `kestrel layout` run in a
batch gdb-multiarch (tools/gdb/kestrel.py).

Python 3 standard library only.
"""
import argparse
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_records import KernelRecords  # noqa: E402
from rsp import Closed, Link, connect_upstream, escape_binary, le_hex, run_length_decode, \
    unescape_binary  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SPECIAL_REGS = ["msp", "psp", "primask", "basepri", "faultmask", "control"]
XPSR_IT_BITS = 0x0600FC00
WFI = 0xBF30  # the Thumb wfi instruction
# Before the scheduler starts, the CPU is shown as one thread with the
# idle thread's TID (1), so that GDB's thread numbers and the kernel's
# TIDs usually agree (GDB numbers threads in the order it meets them).
BOOT_TID = 1


def log(text):
    print(f"rsp_proxy: {text}", file=sys.stderr, flush=True)


class Register:
    def __init__(self, name, regnum, bits):
        self.name, self.regnum, self.bytes = name, regnum, bits // 8


class Proxy:
    def __init__(self, gdb, upstream, layout):
        self.gdb, self.up, self.layout = gdb, upstream, layout
        self.registers = None       # Register list, regnum order
        self.annexes = {}           # target description files, complete
        self.inject = False         # we add the m-system registers
        self.g_regs = []            # registers the `g` packet holds
        self.selected = 0           # Hg thread (0: the one on the CPU)
        self.running = False
        self.exited = False
        self.records = KernelRecords(self.mem, layout, log)
        self.invalidate()

    # ------------------------------------------------------------ state --
    def invalidate(self):
        self.live_g = None
        self.live_values = None
        self.special = None
        self.special_how = {}
        self.records.forget()
        self.live_tid = 0

    def mem(self, address, length):
        data = b""
        while length > 0:
            n = min(length, 1024)
            reply = self.request(b"m%x,%x" % (address, n))
            if not reply or reply.startswith(b"E"):
                raise ValueError(f"cannot read memory at {address:#x}")
            data += bytes.fromhex(run_length_decode(reply).decode())
            address += n
            length -= n
        return data

    # ------------------------------------------------------ upstream I/O --
    def request(self, payload, timeout=10.0):
        """Sends a packet to the server and returns its reply; console
        output packets (O...) met on the way go to GDB."""
        self.up.send(payload)
        while True:
            reply = self.up.receive(timeout)
            if reply is None:
                raise Closed("the GDB server did not answer " + payload[:40].decode(errors="replace"))
            if reply == b"\x03":
                continue
            if reply.startswith(b"O") and reply != b"OK" and payload[:1] != b"m":
                self.gdb.send(reply)
                continue
            return reply

    # ------------------------------------------------- target description --
    def fetch_annex(self, annex):
        if annex in self.annexes:
            return self.annexes[annex]
        data, offset = b"", 0
        while True:
            reply = self.request(b"qXfer:features:read:%s:%x,%x" % (annex.encode(), offset, 0xF00))
            if not reply or reply[:1] not in (b"m", b"l"):
                raise ValueError(f"cannot read {annex} from the server")
            chunk = unescape_binary(reply[1:])
            data += chunk
            offset += len(chunk)
            if reply[:1] == b"l":
                break
        self.annexes[annex] = data
        return data

    def load_description(self):
        if self.registers is not None:
            return
        try:
            target = self.fetch_annex("target.xml").decode()
        except (ValueError, Closed) as e:
            log(f"no target description ({e}); registers pass through")
            self.registers = []
            return
        regs, texts = [], [target]
        for href in re.findall(r'<xi:include\s+href="([^"]+)"', target):
            texts.append(self.fetch_annex(href).decode())
        regnum = 0
        for text in texts:
            for m in re.finditer(r"<reg\b([^>]*)/?>", text):
                attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
                if "regnum" in attrs:
                    regnum = int(attrs["regnum"], 0)
                regs.append(Register(attrs["name"].lower(), regnum, int(attrs["bitsize"])))
                regnum += 1
        regs.sort(key=lambda r: r.regnum)
        names = {r.name for r in regs}
        if "psp" not in names and regs:
            self.inject = True
            base = regs[-1].regnum + 1
            lines = ['<?xml version="1.0"?>', '<!DOCTYPE feature SYSTEM "gdb-target.dtd">',
                     '<feature name="org.gnu.gdb.arm.m-system">']
            for i, name in enumerate(SPECIAL_REGS):
                kind = ' type="data_ptr"' if name.endswith("sp") else ' type="uint32"'
                lines.append(f'  <reg name="{name}" bitsize="32" regnum="{base + i}"{kind}/>')
                regs.append(Register(name, base + i, 32))
            lines.append("</feature>")
            self.annexes["kestrel-m-system.xml"] = "\n".join(lines).encode()
            self.annexes["target.xml"] = target.replace(
                "</target>", '<xi:include href="kestrel-m-system.xml"/></target>').encode()
        self.registers = regs

    def register(self, regnum):
        for r in self.registers or []:
            if r.regnum == regnum:
                return r
        return None

    def reg_by_name(self, name):
        for r in self.registers or []:
            if r.name == name:
                return r
        return None

    # ------------------------------------------------- the CPU's registers --
    def cpu_g(self):
        if self.live_g is None:
            self.live_g = run_length_decode(self.request(b"g"))
            values, pos = {}, 0
            raw = self.live_g.decode()
            self.g_regs = []
            for r in self.registers or []:
                width = 2 * r.bytes
                if pos + width > len(raw):
                    break
                self.g_regs.append(r)
                field = raw[pos:pos + width]
                values[r.name] = None if "x" in field else int.from_bytes(bytes.fromhex(field), "little")
                pos += width
            self.live_values = values
        return self.live_values

    def write_reg(self, name, value):
        r = self.reg_by_name(name)
        reply = self.request(b"P%x=%s" % (r.regnum, le_hex(value, r.bytes).encode()))
        return reply == b"OK"

    def step_once(self):
        """Single-steps the CPU; False if no stop came (core halted)."""
        self.up.send(b"s")
        while True:
            reply = self.up.receive(1.0)
            if reply is None:
                self.up.write(b"\x03")
                reply = self.up.receive(5.0)
                if reply is None:
                    raise Closed("the GDB server does not stop")
                return False
            if reply.startswith(b"O") and reply != b"OK":
                continue
            return reply[:1] in (b"T", b"S")

    def read_special(self):
        """MSP, PSP, CONTROL, PRIMASK, BASEPRI, FAULTMASK of the CPU:
        name -> value, None when unknown.  self.special_how says how each
        was obtained: "stepped", "server" or "derived"."""
        if self.special is not None:
            return self.special
        values = self.cpu_g()
        result = {name: None for name in SPECIAL_REGS}
        how = {name: "stepped" if self.inject else "server" for name in SPECIAL_REGS}
        helpers = self.layout.get("symbols", {}) if self.layout else {}
        if self.inject and all(helpers.get("arch_debug_" + n) for n in SPECIAL_REGS) and \
                None not in (values.get("r0"), values.get("pc"), values.get("xpsr")) and \
                not self.after_wfi(values["pc"]):
            r0, pc, xpsr = values["r0"], values["pc"], values["xpsr"]
            ok = self.write_reg("xpsr", (xpsr & ~XPSR_IT_BITS) | (1 << 24))
            try:
                for name in SPECIAL_REGS:
                    if not (ok and self.write_reg("pc", helpers["arch_debug_" + name])):
                        break
                    if not self.step_once():
                        break
                    reply = run_length_decode(self.request(b"p%x" % self.reg_by_name("r0").regnum))
                    result[name] = int.from_bytes(bytes.fromhex(reply.decode()), "little")
            finally:
                self.write_reg("r0", r0)
                self.write_reg("pc", pc)
                self.write_reg("xpsr", xpsr)
                self.live_g = None  # read them back from the target next time
        elif not self.inject:
            for name in SPECIAL_REGS:
                r = self.reg_by_name(name)
                if r:
                    reply = run_length_decode(self.request(b"p%x" % r.regnum))
                    if reply and not reply.startswith(b"E") and b"x" not in reply:
                        result[name] = int.from_bytes(bytes.fromhex(reply.decode()), "little")
        ipsr = (values.get("xpsr") or 0) & 0x1FF
        started = bool(self.records.threads())
        derived = {}
        if ipsr:
            derived["msp"] = values.get("sp")
        elif started:
            derived["psp"] = values.get("sp")
            derived["msp"] = helpers.get("__msp_stack_top")
        for name, value in derived.items():
            if result[name] is None and value is not None:
                result[name], how[name] = value, "derived"
        for name in SPECIAL_REGS:
            if result[name] is None:
                how[name] = "unknown"
        self.special, self.special_how = result, how
        return result

    # ------------------------------------------------------ kernel records --
    def find(self, tid):
        for t in self.records.threads():
            if t.tid == tid:
                return t
        return None

    def decide_live(self):
        """The thread on the CPU is sched_current: outside the switch its
        context is the CPU's, and inside isr_pendsv the unwind rules
        (switch.S CFI, kestrel.py) show sched_current's frames below the
        handler, so its registers and backtrace agree everywhere."""
        threads = self.records.threads()
        current = next((t for t in threads if t.is_current), None)
        self.live_tid = current.tid if current else BOOT_TID

    # ----------------------------------------------------------- threads --
    def thread_for(self, selector):
        """The thread a thread-id refers to; None means the CPU's."""
        if selector in (0, -1) or selector == self.live_tid:
            return None
        return self.find(selector)

    def reg_hex(self, thread, r):
        if thread is None:
            if r.name in SPECIAL_REGS and self.inject:
                value = self.read_special()[r.name]
                return "x" * (2 * r.bytes) if value is None else le_hex(value, r.bytes)
            reply = run_length_decode(self.request(b"p%x" % r.regnum))
            return reply.decode()
        value = self.records.saved_context(thread).get(r.name)
        return "x" * (2 * r.bytes) if value is None else le_hex(value & ((1 << (8 * r.bytes)) - 1), r.bytes)

    def threads_xml(self):
        out = ['<?xml version="1.0"?>', "<threads>"]
        if not self.records.threads():
            out.append(f'<thread id="{BOOT_TID:x}" core="0" name="boot">'
                       'the scheduler has not started</thread>')
        for t in self.records.threads():
            name = t.name.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            extra = t.extra(t.tid == self.live_tid).replace("&", "&amp;").replace("<", "&lt;")
            out.append(f'<thread id="{t.tid:x}" core="0" name="{name}">{extra}</thread>')
        out.append("</threads>")
        return "\n".join(out).encode()

    # ------------------------------------------------------- stop replies --
    def rewrite_stop(self, reply):
        if reply[:1] in (b"W", b"X"):
            self.exited = True
            return reply
        if reply[:1] not in (b"T", b"S"):
            return reply
        self.invalidate()
        try:
            self.decide_live()
        except (ValueError, Closed) as e:
            log(f"cannot decide the current thread: {e}")
            self.live_tid = BOOT_TID
        signal = reply[1:3]
        rest = b""
        if reply[:1] == b"T":
            parts = [p for p in reply[3:].split(b";") if p and not p.startswith(b"thread:")]
            rest = b"".join(p + b";" for p in parts)
        rest = b"thread:%x;" % (self.live_tid or BOOT_TID) + rest
        self.selected = 0
        return b"T" + signal + rest

    def halfword(self, address):
        try:
            return int.from_bytes(self.mem(address & ~1, 2), "little")
        except ValueError:
            return None

    def after_wfi(self, pc):
        """True if the core may be halted in a WFI (the instruction before
        pc is one): a single step would then wait for an interrupt that
        QEMU holds while stepping."""
        return self.inject and self.halfword((pc & ~1) - 2) == WFI

    def resume(self, payload):
        """Forwards a resume request as plain c or s; returns the stop.

        A step of a WFI, or from a core halted in one, is made with
        interrupts allowed (QEMU's Qqemu.sstep): QEMU steps with interrupts
        held, so it would never finish; on hardware it ends when an
        interrupt wakes the core, usually in its handler."""
        step = False
        if payload.startswith(b"vCont;"):
            step = any(a[:1] in (b"s", b"S") for a in payload[6:].split(b";"))
        else:
            step = payload[:1] in (b"s", b"S")
        wake = False
        if step and self.inject:
            pc = self.cpu_g().get("pc")
            if pc is not None and (self.halfword(pc) == WFI or self.after_wfi(pc)):
                wake = self.request(b"Qqemu.sstep=0x1") == b"OK"
        self.invalidate()
        try:
            return self.run(b"s" if step else b"c")
        finally:
            if wake:
                self.request(b"Qqemu.sstep=0x7")
                self.invalidate_after_write()

    def run(self, packet):
        self.up.send(packet)
        self.running = True
        while True:
            ready, _, _ = select.select([self.gdb.rfd, self.up.rfd], [], [])
            if self.up.rfd in ready:
                self.up.fill(0)
            while True:
                item = self.up.poll()
                if item is None or item == b"\x03":
                    break
                if item.startswith(b"O") and item != b"OK":
                    self.gdb.send(item)
                    continue
                self.running = False
                return self.rewrite_stop(item)
            if self.gdb.rfd in ready:
                self.gdb.fill(0)
                while True:
                    item = self.gdb.poll()
                    if item is None:
                        break
                    if item == b"\x03":
                        self.up.write(b"\x03")
                    # Other packets while running: not in all-stop; drop.

    # ------------------------------------------------------------ packets --
    def handle(self, p):
        """Returns the reply to one packet from GDB (None: no reply)."""
        if p.startswith(b"qSupported"):
            features = [f for f in p.split(b":", 1)[1].split(b";")
                        if f and not f.startswith(b"multiprocess")] if b":" in p else []
            reply = self.request(b"qSupported:" + b";".join(features) if features else b"qSupported")
            self.load_description()
            mine = [f for f in reply.split(b";") if f and not f.startswith(b"multiprocess")
                    and not f.startswith(b"qXfer:threads") and not f.startswith(b"QStartNoAckMode")]
            mine += [b"QStartNoAckMode+", b"qXfer:threads:read+"]
            if not any(f.startswith(b"qXfer:features") for f in mine):
                mine.append(b"qXfer:features:read+")
            return b";".join(mine)
        if p == b"QStartNoAckMode":
            self.gdb.send(b"OK")
            self.gdb.acks = False
            return None
        if p == b"qKestrelSpecial":
            values = self.read_special()
            return ";".join(f"{n}={'?' if values[n] is None else hex(values[n])}:{self.special_how[n]}"
                            for n in SPECIAL_REGS).encode()
        if p == b"qKestrel":
            return b"kestrel-proxy;live=%x;special=%s" % (
                self.live_tid, b"stepped" if self.inject else b"server")
        if p.startswith(b"qXfer:features:read:"):
            annex, where = p[len(b"qXfer:features:read:"):].rsplit(b":", 1)
            self.load_description()
            try:
                data = self.fetch_annex(annex.decode())
            except (ValueError, Closed):
                return b"E00"
            return self.slice(data, where)
        if p.startswith(b"qXfer:threads:read::"):
            return self.slice(self.threads_xml(), p[len(b"qXfer:threads:read::"):])
        if p == b"qfThreadInfo":
            threads = self.records.threads()
            if not threads:
                return b"m%x" % BOOT_TID
            return b"m" + b",".join(b"%x" % t.tid for t in threads)
        if p == b"qsThreadInfo":
            return b"l"
        if p.startswith(b"qThreadExtraInfo,"):
            t = self.find(int(p.split(b",")[1], 16))
            text = t.extra(t.tid == self.live_tid) if t else \
                "the scheduler has not started" if not self.records.threads() else ""
            return text.encode().hex().encode()
        if p == b"qC":
            return b"QC%x" % (self.live_tid or BOOT_TID)
        if p.startswith(b"T"):
            tid = int(p[1:], 16)
            alive = self.find(tid) or (not self.records.threads() and tid == BOOT_TID)
            return b"OK" if alive else b"E01"
        if p.startswith(b"Hg"):
            tid = int(p[2:], 16) if p[2:] not in (b"-1", b"") else 0
            if tid and not self.find(tid) and self.records.threads():
                return b"E01"
            self.selected = tid
            return b"OK"
        if p.startswith(b"H"):
            return b"OK"
        if p == b"?":
            return self.rewrite_stop(self.request(p))
        if p == b"g":
            thread = self.thread_for(self.selected)
            if thread is None:
                return self.request(p)
            self.cpu_g()
            try:
                return "".join(self.reg_hex(thread, r) for r in self.g_regs).encode()
            except ValueError:
                return b"E14"
        if p.startswith(b"p"):
            r = self.register(int(p[1:], 16))
            thread = self.thread_for(self.selected)
            if r is None or (thread is None and not (r.name in SPECIAL_REGS and self.inject)):
                return self.request(p)
            try:
                return self.reg_hex(thread, r).encode()
            except ValueError:
                return b"E14"
        if p.startswith(b"P") or p.startswith(b"G"):
            r = self.register(int(p[1:].split(b"=")[0], 16)) if p.startswith(b"P") else None
            if self.thread_for(self.selected) is not None or \
                    (r is not None and r.name in SPECIAL_REGS and self.inject):
                return b"E01"
            self.invalidate_after_write()
            return self.request(p)
        if p.startswith(b"M") or p.startswith(b"X"):
            self.invalidate_after_write()
            return self.request(p)
        if p.startswith(b"vCont?"):
            return b"vCont;c;C;s;S"
        if p.startswith(b"vCont;") or p[:1] in (b"c", b"s", b"C", b"S"):
            if p.startswith(b"vCont;") and all(a[:1] == b"t" for a in p[6:].split(b";")):
                return b"OK"
            return self.resume(p)
        if p.startswith(b"k") or p.startswith(b"vKill"):
            self.up.send(p)
            if p.startswith(b"vKill"):
                try:
                    return self.up.receive(2.0) or b"OK"
                except Closed:
                    return b"OK"
            return None
        if p == b"D" or p.startswith(b"D;"):
            reply = self.request(b"D")
            self.gdb.send(reply)
            raise Closed("detached")
        return self.request(p)

    def invalidate_after_write(self):
        live = self.live_tid
        self.invalidate()
        self.live_tid = live

    @staticmethod
    def slice(data, where):
        offset, length = (int(x, 16) for x in where.split(b","))
        chunk = data[offset:offset + length]
        more = offset + length < len(data)
        return (b"m" if more else b"l") + escape_binary(chunk)

    def serve(self):
        while True:
            item = self.gdb.receive()
            if item == b"\x03":
                continue  # stopped already: nothing to interrupt
            try:
                reply = self.handle(item)
            except ValueError as e:
                log(str(e))
                reply = b"E01"
            self.gdb.drop_resends(item)
            if reply is not None:
                self.gdb.send(reply)


def load_layout(elf, gdb):
    """Runs `kestrel layout` in a batch GDB on the ELF; None on failure."""
    cmd = [gdb, "-q", "-batch", "-nx", "-ex", f"source {os.path.join(HERE, 'kestrel.py')}",
           "-ex", "kestrel layout", elf]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        log(f"cannot run {gdb}: {e}")
        return None
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    log("no kernel layout in " + elf + " (not a Kestrel image?); threads stay hidden: "
        + (out.stderr.strip().splitlines() or ["?"])[-1])
    return None


def session(gdb_link, args, layout):
    up_sock = connect_upstream(args.connect)
    up = Link(up_sock.fileno(), up_sock.fileno(), "server")
    proxy = Proxy(gdb_link, up, layout)
    try:
        proxy.serve()
    except Closed as e:
        if str(e) not in ("detached",) and "closed the connection" not in str(e):
            log(str(e))
    finally:
        up_sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--elf", required=True, help="the image being debugged")
    parser.add_argument("--connect", required=True,
                        help="the GDB server: HOST:PORT or unix:PATH")
    parser.add_argument("--stdio", action="store_true",
                        help="talk to GDB on stdin/stdout (target remote | ...)")
    parser.add_argument("--listen", type=int, default=None,
                        help="TCP port for GDB (0: any free port, printed)")
    parser.add_argument("--gdb", default="gdb-multiarch", help="GDB used to read the layout")
    parser.add_argument("--layout", help="a layout JSON file instead of reading the ELF")
    args = parser.parse_args()
    if args.layout:
        with open(args.layout) as f:
            layout = json.load(f)
    else:
        layout = load_layout(args.elf, args.gdb)

    if args.stdio:
        # GDB started us: its Ctrl-C (an interrupt packet) is not for us.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        link = Link(sys.stdin.fileno(), sys.stdout.fileno(), "GDB")
        try:
            session(link, args, layout)
        except Closed as e:
            log(str(e))
            sys.exit(1)
        return

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.listen or 0))
    listener.listen(1)
    print(f"rsp_proxy: listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    while True:
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            session(Link(conn.fileno(), conn.fileno(), "GDB"), args, layout)
        except Closed as e:
            log(str(e))
        finally:
            conn.close()


if __name__ == "__main__":
    main()
