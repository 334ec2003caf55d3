# SPDX-License-Identifier: MIT
"""Kestrel's records as GDB sees them: types and symbols from the ELF's
debug information, the thread list, saved contexts, kernel objects.

Everything is found by name (struct thread, thread_all, sched_current,
the process tree from processes[0]), so it follows the structures as
they change; only the saved frame layout is fixed, by the switch code.
"""
import re

import gdb

# Exception frame layout of a switched-out thread, in words from saved_sp
# (arch/armv7-m/switch.S): r4-r11, EXC_RETURN, [s16-s31 if EXC_RETURN bit
# 4 is clear], then the hardware frame r0-r3, r12, lr, pc, xPSR,
# [s0-s15, FPSCR, reserved].  For a thread stopped in unprivileged code
# the context is on its kernel stack and, where the hardware frame would
# start, one word holds its own SP, where the hardware frame is.  A thread
# that left by the direct switch (arch/mainline/switch_direct.S) keeps
# r4-r11 and the address its call returns to, where EXC_RETURN would be
# (below 0xff000000): it resumes there, with the kernel lock held.
SOFT_WORDS = 9
EXC_RETURN_MIN = 0xFF000000
KERNEL_BASEPRI = 0x40  # arch/mainline/arch_inline.h
FP_CALLEE_WORDS = 16
HW_NAMES = ["r0", "r1", "r2", "r3", "r12", "lr", "pc", "xpsr"]
FP_HW_WORDS = 18
XPSR_ALIGN = 1 << 9
# Bits of the stacked xPSR (RETPSR) that are not the thread's xPSR: the
# frame-alignment flag, and SFPA on ARMv8-M.
RETPSR_ONLY = XPSR_ALIGN | (1 << 20)
XPSR_IT_BITS = 0x0600FC00
SPECIAL_REGS = ["msp", "psp", "primask", "basepri", "faultmask", "control"]


class KestrelError(Exception):
    pass


# --------------------------------------------------------------- basics --

def u32(value):
    return int(value) & 0xFFFFFFFF


def lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        return None


def field_offset(struct_type, name):
    for f in struct_type.fields():
        if f.name == name:
            return f.bitpos // 8
    raise KestrelError(f"{struct_type} has no field {name}")


def has_field(struct_type, name):
    return any(f.name == name for f in struct_type.fields())


def symbol_value(name, filename_suffix=None):
    """A global, or a file-static variable (optionally from one file)."""
    sym = gdb.lookup_global_symbol(name)
    if sym is not None and filename_suffix is None:
        return sym.value()
    for s in gdb.lookup_static_symbols(name):
        if filename_suffix is None or s.symtab.filename.endswith(filename_suffix):
            return s.value()
    if sym is not None:
        return sym.value()
    raise KestrelError(f"no symbol {name} in the image")


def symbol_address(name):
    try:
        sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
        if sym is not None:
            return u32(sym.value().address) if sym.addr_class != gdb.SYMBOL_LOC_BLOCK \
                else u32(sym.value().address)
    except gdb.error:
        pass
    try:
        return u32(gdb.parse_and_eval(f"(unsigned int)&{name}"))
    except gdb.error:
        return None


def read_words(address, count):
    data = bytes(gdb.selected_inferior().read_memory(address, 4 * count))
    return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]


def container(node_address, struct_type, member):
    address = u32(node_address) - field_offset(struct_type, member)
    return gdb.Value(address).cast(struct_type.pointer()).dereference()


def list_items(head, struct_type, member, limit=1024):
    """The elements of an intrusive list (struct list_node head)."""
    head_address = u32(head.address)
    node = head["next"]
    items = []
    while u32(node) != head_address:
        if u32(node) == 0 or len(items) >= limit:
            raise KestrelError(f"list at {head_address:#x} is broken")
        items.append(container(node, struct_type, member))
        node = node["next"]
    return items


_macros = {}


def macro_value(macro, scope_function):
    """A #define from the debug info, as visible where a function starts.

    The scope is named by file:line, not by the function's address: the
    DWARF of functions removed by --gc-sections claims addresses from 0,
    so a lookup by address near 0 can land in the wrong file."""
    if scope_function not in _macros:
        out = ""
        sym = gdb.lookup_global_symbol(scope_function) or gdb.lookup_static_symbol(scope_function)
        if sym is not None and sym.symtab is not None:
            try:
                out = gdb.execute(f"info macros {sym.symtab.filename}:{sym.line}", to_string=True)
            except gdb.error:
                pass
        _macros[scope_function] = out
    out = _macros[scope_function]
    m = re.search(rf"^#define {macro} (.+)$", out, re.M)
    if not m:
        return None
    try:
        text = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", m.group(1))
        return int(gdb.parse_and_eval(text))
    except gdb.error:
        return None


def where(pc):
    """'function+offset at file:line' for a code address.

    The name comes from the ELF symbol table.  The line is used only if
    the debug information agrees on the function: with --gc-sections the
    DWARF of discarded functions claims addresses from 0 up, and GDB can
    pick one of those for code near address 0."""
    if pc is None:
        return "?"
    pc &= ~1
    text = gdb.execute(f"info symbol {pc:#x}", to_string=True).strip()
    if text.startswith("No symbol"):
        return f"{pc:#010x}"
    name = text.split(" in section")[0].replace(" + ", "+")
    try:
        block = gdb.block_for_pc(pc)
        while block is not None and block.superblock is not None and \
                block.superblock.function is not None:
            block = block.superblock
        function = block.function.print_name if block is not None and block.function else None
    except RuntimeError:
        function = None
    sal = gdb.find_pc_line(pc)
    if function == name.split("+")[0] and sal.symtab is not None:
        return f"{name} at {sal.symtab.filename}:{sal.line}"
    if function is None and sal.symtab is not None and sal.symtab.filename.endswith(".S"):
        # Assembly: line information, but no function in the debug
        # information (arch/*/*.S declare functions by .thumb_func alone).
        return f"{name} at {sal.symtab.filename}:{sal.line}"
    return name


def symbol_name(address):
    """The variable at an address ('gdb_mutex', 'pool_storage[2]')."""
    text = gdb.execute(f"info symbol {address:#x}", to_string=True).strip()
    if text.startswith("No symbol"):
        return f"{address:#010x}"
    return text.split(" in section")[0].replace(" + ", "+")


# --------------------------------------------------------------- layout --

class Kernel:
    """Types and symbols of the kernel in the loaded ELF."""

    def __init__(self):
        self.thread = lookup_type("struct thread")
        self.process = lookup_type("struct process")
        if self.thread is None or self.process is None:
            raise KestrelError("no struct thread / struct process in the image: "
                               "is this a Kestrel ELF with debug information?")
        self.thread_all = symbol_value("thread_all")
        self.states = {int(f.enumval): f.name.replace("THREAD_", "").lower()
                       for f in lookup_type("enum thread_state").fields()}
        pstate = lookup_type("enum process_state")
        self.process_states = {int(f.enumval): f.name.replace("PROCESS_", "").lower()
                               for f in pstate.fields()} if pstate else {}
        self.thread_magic = macro_value("THREAD_MAGIC", "thread_create")
        self.stack_fill = macro_value("THREAD_STACK_FILL", "thread_create")
        self.perm_privileged = macro_value("PERM_PRIVILEGED", "process_boot")

    def current(self):
        value = symbol_value("sched_current")
        return None if u32(value) == 0 else value.dereference()

    def threads(self):
        return list_items(self.thread_all, self.thread, "all_node")

    def ticks(self):
        try:
            return u32(symbol_value("ticks", "sched.c"))
        except KestrelError:
            return None

    def layout(self):
        """What rsp_proxy.py needs, as plain data."""
        def fields(t, names):
            return {n: [field_offset(t, n), t[n].type.sizeof] for n in names}
        symbols = {name: symbol_address(name) for name in
                   ["thread_all", "sched_current", "__msp_stack_top"] +
                   [f"arch_debug_{r}" for r in SPECIAL_REGS]}
        thread_fields = fields(self.thread, [
            "saved_sp", "magic", "tid", "name", "process", "all_node", "state",
            "base_priority", "priority", "stack_base", "stack_bytes", "wait_reason"])
        # CONTROL as the thread runs again (nPRIV: 0 inside a syscall), on
        # cores that keep it per thread.
        arch = self.thread["arch"].type.strip_typedefs()
        if has_field(arch, "control"):
            thread_fields["arch.control"] = [field_offset(self.thread, "arch") +
                                             field_offset(arch, "control"), 4]
        return {
            "symbols": symbols,
            "thread": {"size": self.thread.sizeof, "fields": thread_fields},
            "process": {"size": self.process.sizeof,
                        "fields": fields(self.process, ["pid", "name", "permissions"])},
            "thread_states": {str(k): v for k, v in self.states.items()},
            "macros": {"THREAD_MAGIC": self.thread_magic, "PERM_PRIVILEGED": self.perm_privileged},
        }


_kernel = None


def kernel():
    global _kernel
    if _kernel is None:
        _kernel = Kernel()
    return _kernel


def forget_kernel(_event=None):
    global _kernel
    _kernel = None
    _macros.clear()


# ------------------------------------------------------------- threads --

def saved_context_at(sp, unprivileged=False):
    """Registers of a switched-out thread from its saved frame (see the
    top of this file): name -> value; s0-s31 and fpscr only with an FP
    frame; sp is the thread's own, above the hardware frame.
    unprivileged: the thread stopped in unprivileged code
    (thread_stopped_unprivileged)."""
    regs = {}
    soft = read_words(sp, SOFT_WORDS)
    for i in range(8):
        regs[f"r{4 + i}"] = soft[i]
    exc_return = soft[8]
    if exc_return < EXC_RETURN_MIN:
        return direct_context(regs, sp, exc_return)
    fp = not (exc_return & 0x10)
    p = sp + 4 * SOFT_WORDS
    if fp:
        for i, value in enumerate(read_words(p, FP_CALLEE_WORDS)):
            regs[f"s{16 + i}"] = value
        p += 4 * FP_CALLEE_WORDS
    if unprivileged:
        p = read_words(p, 1)[0]
    for name, value in zip(HW_NAMES, read_words(p, 8)):
        regs[name] = value
    p += 32
    if fp:
        extended = read_words(p, FP_HW_WORDS)
        for i in range(16):
            regs[f"s{i}"] = extended[i]
        regs["fpscr"] = extended[16]
        p += 4 * FP_HW_WORDS
    if regs["xpsr"] & XPSR_ALIGN:
        p += 4
    regs["xpsr"] &= ~RETPSR_ONLY
    regs["pc"] &= ~1
    regs["sp"] = p
    regs["exc_return"] = exc_return
    regs["fp"] = fp
    return regs


def direct_context(regs, sp, return_address):
    """The rest of a context arch_switch_direct saved: the thread is
    where its call to arch_switch_direct returns, its SP above the
    context.  r0-r3 and r12 are scratch across that call: not kept."""
    for name in ("r0", "r1", "r2", "r3", "r12"):
        regs[name] = 0
    regs["lr"] = return_address
    regs["pc"] = return_address & ~1
    regs["xpsr"] = 1 << 24
    regs["sp"] = sp + 4 * SOFT_WORDS
    regs["exc_return"] = None
    regs["fp"] = False
    regs["direct"] = True
    return regs


def thread_stopped_unprivileged(tcb):
    """Whether the thread whose TCB is at tcb last ran unprivileged code
    (CONTROL.nPRIV, bit 0 of arch.control): not a kernel thread, and not
    inside a syscall."""
    t = lookup_type("struct thread")
    if t is None or not has_field(t, "arch"):
        return False
    arch = gdb.Value(tcb).cast(t.pointer()).dereference()["arch"]
    return has_field(arch.type.strip_typedefs(), "control") and bool(int(arch["control"]) & 1)


class ThreadView:
    """One TCB, read once."""

    def __init__(self, k, t):
        self.value = t
        self.address = u32(t.address)
        self.tid = int(t["tid"])
        self.name = t["name"].string(errors="replace")
        self.state = k.states.get(int(t["state"]), str(int(t["state"])))
        self.base = int(t["base_priority"])
        self.priority = int(t["priority"])
        self.process = t["process"].dereference() if u32(t["process"]) else None
        self.saved_sp = u32(t["saved_sp"])
        self.user = has_field(k.thread, "user") and u32(t["user"]) != 0

    def in_syscall(self):
        """An unprivileged thread inside a syscall (on its kernel stack):
        the user code's frame is recorded (user->arch.user_sp), or the
        thread runs privileged (CONTROL.nPRIV, arch.control bit 0, clear)."""
        if not self.user:
            return False
        user_arch = self.value["user"].dereference()["arch"]
        if has_field(user_arch.type.strip_typedefs(), "user_sp") and u32(user_arch["user_sp"]):
            return True
        arch = self.value["arch"]
        return has_field(arch.type.strip_typedefs(), "control") and not (int(arch["control"]) & 1)

    def process_name(self):
        if self.process is None:
            return "-"
        return self.process["name"].string(errors="replace")

    def stack(self, k):
        """(used, size) in bytes above the canary, as thread_stack_unused."""
        limit = u32(self.value["stack_limit"])
        top = u32(self.value["stack_base"]) + int(self.value["stack_bytes"])
        first = limit + 4
        size = top - first
        if k.stack_fill is None or size <= 0:
            return None, max(size, 0)
        data = bytes(gdb.selected_inferior().read_memory(first, size))
        fill = (k.stack_fill & 0xFFFFFFFF).to_bytes(4, "little")
        unused = 0
        while unused < size and data[unused:unused + 4] == fill:
            unused += 4
        return size - unused, size

    def saved_context(self):
        return saved_context_at(self.saved_sp, self.user and not self.in_syscall())

    def wait_text(self, k):
        if self.state == "blocked":
            reason = self.value["wait_reason"]
            text = reason.string(errors="replace") if u32(reason) else "?"
            obj = u32(self.value["wait_object"])
            if obj:
                text += " " + describe_object(k, obj)
            timeout = self.value["timeout_node"]
            if u32(timeout["next"]) != u32(timeout.address):
                deadline = u32(self.value["wait_deadline"])
                now = k.ticks()
                text += f", until tick {deadline}"
                if now is not None:
                    text += f" (in {(deadline - now) & 0xFFFFFFFF})"
            return text
        if self.state == "suspended" or bool(self.value["suspend_requested"]):
            return "thread_resume"
        return ""


def describe_object(k, address):
    for t in k.threads():
        if u32(t.address) == address:
            return f"'{t['name'].string(errors='replace')}' (tid {int(t['tid'])})"
    try:
        pcbs = symbol_value("processes", "process.c")
        base, size = u32(pcbs.address), k.process.sizeof
        if base <= address < base + pcbs.type.sizeof and (address - base) % size == 0:
            p = pcbs[(address - base) // size]
            return f"process '{p['name'].string(errors='replace')}' (PID {int(p['pid'])})"
    except KestrelError:
        pass
    text = symbol_name(address)
    mutex = lookup_type("struct mutex")
    if mutex is not None:
        for t in k.threads():
            held = list_items(t["held_mutexes"], mutex, "held_node") \
                if has_field(k.thread, "held_mutexes") else []
            if any(u32(m.address) == address for m in held):
                text += f" (owner '{t['name'].string(errors='replace')}')"
    return text


def thread_views(k):
    return [ThreadView(k, t) for t in k.threads()]
