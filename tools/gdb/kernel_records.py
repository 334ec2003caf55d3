# SPDX-License-Identifier: MIT
"""Kestrel's thread records read from target memory, for
tools/gdb/rsp_proxy.py: the list of live threads (thread_all, each TCB)
and a switched-out thread's registers from its saved frame.

Where the fields are comes from the ELF's debug information (the layout
`kestrel layout` prints); what the saved frame holds is fixed by the
switch code (arch/<profile>/switch.S):

    saved_sp -> r4-r11, EXC_RETURN, [s16-s31 if EXC_RETURN bit 4 is 0],
                then the hardware frame r0-r3, r12, lr, pc, xPSR,
                [s0-s15, FPSCR, reserved]

For a thread stopped in unprivileged code the context is on its kernel
stack, and where the hardware frame would start one word holds its own
SP, where the hardware frame is.  A thread that left by the direct switch
(arch/mainline/switch_direct.S) keeps only r4-r11 and, where EXC_RETURN
would be, the address its call returns to (below 0xff000000).
"""

XPSR_ALIGN = 1 << 9
# Bits of the stacked xPSR (RETPSR) that are not the thread's xPSR: the
# frame-alignment flag, and SFPA on ARMv8-M.
RETPSR_ONLY = XPSR_ALIGN | (1 << 20)
MAX_THREADS = 512
EXC_RETURN_MIN = 0xFF000000
KERNEL_BASEPRI = 0x40  # arch/mainline/arch_inline.h


class Thread:
    def __init__(self, address):
        self.address = address
        self.tid = 0
        self.name = "?"
        self.state = "?"
        self.reason = None
        self.base_priority = self.priority = 0
        self.stack_low = self.stack_high = 0
        self.saved_sp = 0
        self.privileged = True
        self.saved = None  # register name -> value (None: unavailable)

    def extra(self, current):
        text = self.state
        if self.reason:
            text += f": {self.reason}"
        prio = f"{self.base_priority}" if self.base_priority == self.priority else \
            f"{self.base_priority}->{self.priority}"
        text += f", prio {prio}"
        if current and self.state != "running":
            text += ", on the CPU"
        return text


class KernelRecords:
    """Reads the records through mem(address, length) -> bytes (which
    raises ValueError when memory cannot be read).  The thread list is
    read once, until forget()."""

    def __init__(self, mem, layout, log):
        self.mem = mem
        self.layout = layout
        self.log = log
        self.cached = None

    def forget(self):
        self.cached = None

    def u32(self, address):
        return int.from_bytes(self.mem(address, 4), "little")

    def field(self, raw, struct, name):
        off, size = self.layout[struct]["fields"][name]
        return int.from_bytes(raw[off:off + size], "little")

    def cstring(self, raw, struct, name):
        off, size = self.layout[struct]["fields"][name]
        return raw[off:off + size].split(b"\0")[0].decode("utf-8", "replace")

    def string_at(self, address, limit=32):
        if not address:
            return None
        try:
            return self.mem(address, limit).split(b"\0")[0].decode("utf-8", "replace")
        except ValueError:
            return None

    def threads(self):
        """The live threads from the kernel's list, [] before the
        scheduler starts or if the records do not make sense."""
        if self.cached is not None:
            return self.cached
        self.cached = []
        lay = self.layout
        if not lay:
            return self.cached
        try:
            sym = lay["symbols"]
            current = self.u32(sym["sched_current"])
            if current == 0:
                return self.cached
            t_size = lay["thread"]["size"]
            node_off = lay["thread"]["fields"]["all_node"][0]
            head = sym["thread_all"]
            node = self.u32(head)
            threads, seen = [], set()
            procs = {}
            while node != head:
                if node in seen or len(threads) >= MAX_THREADS or node == 0:
                    return self.cached
                seen.add(node)
                t = Thread(node - node_off)
                raw = self.mem(t.address, t_size)
                if self.field(raw, "thread", "magic") != lay["macros"]["THREAD_MAGIC"]:
                    return self.cached
                t.tid = self.field(raw, "thread", "tid")
                t.name = self.cstring(raw, "thread", "name")
                state = self.field(raw, "thread", "state")
                t.state = lay["thread_states"].get(str(state), str(state))
                if t.state == "blocked":
                    t.reason = self.string_at(self.field(raw, "thread", "wait_reason"))
                t.base_priority = self.field(raw, "thread", "base_priority")
                t.priority = self.field(raw, "thread", "priority")
                t.stack_low = self.field(raw, "thread", "stack_base")
                t.stack_high = t.stack_low + self.field(raw, "thread", "stack_bytes")
                t.saved_sp = self.field(raw, "thread", "saved_sp")
                proc = self.field(raw, "thread", "process")
                if proc not in procs:
                    praw = self.mem(proc, lay["process"]["size"])
                    perm = self.field(praw, "process", "permissions")
                    procs[proc] = bool(perm & lay["macros"].get("PERM_PRIVILEGED", 0))
                t.privileged = procs[proc]
                if "arch.control" in lay["thread"]["fields"]:
                    # An unprivileged thread runs privileged inside a syscall.
                    t.privileged = not (self.field(raw, "thread", "arch.control") & 1)
                t.is_current = t.address == current
                threads.append(t)
                node = int.from_bytes(raw[node_off:node_off + 4], "little")
            self.cached = threads
        except (ValueError, KeyError) as e:
            self.log(f"cannot read the kernel's thread list: {e}")
            self.cached = []
        return self.cached

    def find(self, tid):
        for t in self.threads():
            if t.tid == tid:
                return t
        return None

    def saved_context(self, t):
        """t's registers from its saved frame: name -> value or None."""
        if t.saved is not None:
            return t.saved
        regs = {}
        sp = t.saved_sp
        words = lambda address, n: [int.from_bytes(b[i:i + 4], "little")
                                    for b in [self.mem(address, 4 * n)] for i in range(0, 4 * n, 4)]
        soft = words(sp, 9)
        for i in range(8):
            regs[f"r{4 + i}"] = soft[i]
        exc_return = soft[8]
        if exc_return < EXC_RETURN_MIN:
            return self.direct_context(t, regs, sp, exc_return)
        fp = not (exc_return & 0x10)
        p = sp + 36
        single = {}
        if fp:
            for i, v in enumerate(words(p, 16)):
                single[16 + i] = v
            p += 64
        if not t.privileged:
            p = words(p, 1)[0]
        hw = words(p, 8)
        for i, name in enumerate(["r0", "r1", "r2", "r3", "r12", "lr", "pc", "xpsr"]):
            regs[name] = hw[i]
        p += 32
        fpscr = None
        if fp:
            extended = words(p, 17)
            for i in range(16):
                single[i] = extended[i]
            fpscr = extended[16]
            p += 72
        if regs["xpsr"] & XPSR_ALIGN:
            p += 4
        regs["xpsr"] &= ~RETPSR_ONLY
        regs["pc"] &= ~1
        regs["sp"] = p
        for i in range(32):
            regs[f"s{i}"] = single.get(i)
        for i in range(16):
            lo, hi = single.get(2 * i), single.get(2 * i + 1)
            regs[f"d{i}"] = None if lo is None or hi is None else lo | (hi << 32)
        regs["fpscr"] = fpscr
        # When it runs again: thread mode on PSP; MSP empty; PendSV (the
        # lowest priority) switched it out, so no mask was set.
        regs["psp"] = p
        regs["control"] = 2 | (4 if fp else 0) | (0 if t.privileged else 1)
        regs["msp"] = self.layout["symbols"].get("__msp_stack_top")
        regs["primask"] = regs["basepri"] = regs["faultmask"] = 0
        t.saved = regs
        return regs

    def direct_context(self, t, regs, sp, return_address):
        """The rest of a context arch_switch_direct saved (r4-r11 and the
        address its call returns to): the thread resumes there, privileged,
        on PSP, with the kernel lock held.  r0-r3 and r12 are scratch
        across that call: not kept."""
        for name in ("r0", "r1", "r2", "r3", "r12"):
            regs[name] = 0
        regs["lr"] = return_address
        regs["pc"] = return_address & ~1
        regs["xpsr"] = 1 << 24
        regs["sp"] = regs["psp"] = sp + 36
        for i in range(32):
            regs[f"s{i}"] = None
        for i in range(16):
            regs[f"d{i}"] = None
        regs["fpscr"] = None
        regs["control"] = 2
        regs["msp"] = self.layout["symbols"].get("__msp_stack_top")
        regs["primask"] = regs["faultmask"] = 0
        regs["basepri"] = KERNEL_BASEPRI
        t.saved = regs
        return regs
