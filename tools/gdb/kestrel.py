"""Kestrel's GDB extension: the kernel's own view of threads, processes,
kernel objects and the context switch.

Load it with `source tools/gdb/kestrel.py` (make debug does).  Commands:

  kestrel threads    (kthreads)  every thread: TID, name, process, state,
                                 priorities, stack use, what it waits on, PC
  kestrel ps         (kps)       the process tree with threads and memory
  kestrel bt TID     (kbt)       backtrace of any thread from its saved
                                 context; the program is not disturbed
  kestrel objects    (kobjects)  mutexes, semaphores, queues, event flags...
                                 with owners and waiters
  kestrel switch     (kswitch)   run to the next context switch; say who
                                 leaves and who enters
  kestrel regs       (kregs)     MSP, PSP, CONTROL, PRIMASK, BASEPRI,
                                 FAULTMASK, and how each was obtained
  kestrel layout                 the kernel layout as JSON (for rsp_proxy.py)

Everything is read from the kernel's records (thread_all, sched_current,
the process tree) through the ELF's debug information, so it follows the
structures as they change.  It works connected straight to QEMU or through
tools/gdb/rsp_proxy.py; with the proxy GDB's own `info threads` and
`thread N` also work.

Reading special registers without the proxy: the extension points pc at
the firmware helper arch_debug_<reg> (arch/armv7-m/debug.c), whose first
instruction is `mrs r0, <reg>`, single-steps it with raw remote packets
(QEMU steps with interrupts and timers held) and writes r0, pc and xPSR
back, so GDB's view of the registers does not change.  One instruction of
virtual time passes per register.

Python standard library only (GDB's embedded Python).
"""
import json
import re

import gdb
import gdb.unwinder

# Exception frame layout of a switched-out thread, in words from saved_sp
# (arch/armv7-m/switch.S): r4-r11, EXC_RETURN, [s16-s31 if EXC_RETURN bit
# 4 is clear], then the hardware frame r0-r3, r12, lr, pc, xPSR,
# [s0-s15, FPSCR, reserved].
SOFT_WORDS = 9
FP_CALLEE_WORDS = 16
HW_NAMES = ["r0", "r1", "r2", "r3", "r12", "lr", "pc", "xpsr"]
FP_HW_WORDS = 18
XPSR_ALIGN = 1 << 9
XPSR_IT_BITS = 0x0600FC00
SPECIAL_REGS = ["msp", "psp", "primask", "basepri", "faultmask", "control"]
# QEMU's remote register numbers (target description arm-m-profile.xml).
REMOTE_R0, REMOTE_PC, REMOTE_XPSR = 0, 15, 25
WFI = 0xBF30


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


def macro_value(macro, scope_function):
    """A #define from the debug info, as visible in a function's file."""
    try:
        out = gdb.execute(f"info macros {scope_function}", to_string=True)
    except gdb.error:
        return None
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
        return {
            "symbols": symbols,
            "thread": {"size": self.thread.sizeof, "fields": fields(self.thread, [
                "saved_sp", "magic", "tid", "name", "process", "all_node", "state",
                "base_priority", "priority", "stack_base", "stack_bytes", "wait_reason"])},
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


# -------------------------------------------------------- the CPU state --

_cache = {}


def forget_state(_event=None):
    _cache.clear()


def remote_packet(text):
    """Sends a raw packet to the remote target; returns the reply."""
    out = gdb.execute(f"maint packet {text}", to_string=True)
    m = re.search(r'received: "(.*)"', out, re.S)
    return m.group(1) if m else ""


def proxy_info():
    """The proxy's answer to qKestrel, or None without the proxy."""
    if "proxy" not in _cache:
        info = None
        try:
            reply = remote_packet("qKestrel")
            if reply.startswith("kestrel-proxy"):
                info = dict(part.split("=", 1) for part in reply.split(";")[1:] if "=" in part)
        except gdb.error:
            pass
        _cache["proxy"] = info
    return _cache["proxy"]


def gdb_thread_for_tid(tid):
    for th in gdb.selected_inferior().threads():
        if th.ptid[1] == tid or th.ptid[2] == tid:
            return th
    return None


class on_thread:
    """Selects a GDB thread (and frame 0) for a while, then restores the
    thread and frame that were selected."""

    def __init__(self, thread):
        self.thread = thread

    def __enter__(self):
        self.saved_thread = gdb.selected_thread()
        try:
            self.saved_level = gdb.selected_frame().level()
        except gdb.error:
            self.saved_level = None
        if self.thread is not None and self.thread != self.saved_thread:
            self.thread.switch()
        return self

    def __exit__(self, *exc):
        if self.saved_thread is not None and self.saved_thread.is_valid():
            self.saved_thread.switch()
            if self.saved_level:
                gdb.execute(f"frame {self.saved_level}", to_string=True)
        return False


def cpu_thread():
    """The GDB thread whose registers are the CPU's."""
    info = proxy_info()
    if info and int(info.get("live", "0"), 16):
        th = gdb_thread_for_tid(int(info["live"], 16))
        if th is not None:
            return th
    return gdb.selected_thread()


def cpu_registers():
    """r0-r15 and xPSR of the CPU (not of the selected thread)."""
    if "cpu" not in _cache:
        with on_thread(cpu_thread()):
            frame = gdb.newest_frame()
            _cache["cpu"] = {name: u32(frame.read_register(name))
                             for name in ["r0", "sp", "lr", "pc", "xpsr"]}
    return _cache["cpu"]


def halted_in_wfi(pc):
    try:
        half = bytes(gdb.selected_inferior().read_memory((pc & ~1) - 2, 2))
        return int.from_bytes(half, "little") == WFI
    except gdb.MemoryError:
        return False


def step_read_special():
    """Reads the special registers by single-stepping the firmware helpers
    with raw packets (no proxy).  name -> value; {} if not possible."""
    helpers = {r: symbol_address(f"arch_debug_{r}") for r in SPECIAL_REGS}
    if not all(helpers.values()):
        return {}
    cpu = cpu_registers()
    if halted_in_wfi(cpu["pc"]):
        return {}
    r0, pc, xpsr = cpu["r0"], cpu["pc"], cpu["xpsr"]

    def put(regnum, value):
        return remote_packet(f"P{regnum:x}={value.to_bytes(4, 'little').hex()}") == "OK"

    values = {}
    try:
        if not put(REMOTE_XPSR, (xpsr & ~XPSR_IT_BITS) | (1 << 24)):
            return {}
        for name in SPECIAL_REGS:
            if not put(REMOTE_PC, helpers[name]):
                break
            stop = remote_packet("s")
            if not stop.startswith(("T", "S")):
                break
            reply = remote_packet(f"p{REMOTE_R0:x}")
            values[name] = int.from_bytes(bytes.fromhex(reply), "little")
    finally:
        put(REMOTE_R0, r0)
        put(REMOTE_PC, pc)
        put(REMOTE_XPSR, xpsr)
    return values


def special_registers():
    """name -> (value or None, how it was obtained)."""
    if "special" in _cache:
        return _cache["special"]
    result = {}
    info = proxy_info()
    arch = gdb.selected_inferior().architecture()
    names = {r.name for r in arch.registers()}
    if "psp" in names:
        how = "read by the proxy (mrs stepped)" if info is not None else "from the GDB server"
        with on_thread(cpu_thread()):
            frame = gdb.newest_frame()
            for name in SPECIAL_REGS:
                try:
                    value = frame.read_register(name)
                    result[name] = (None if value.is_optimized_out else u32(value), how)
                except (gdb.error, ValueError):
                    result[name] = (None, "not available")
    else:
        stepped = step_read_special()
        for name in SPECIAL_REGS:
            if name in stepped:
                result[name] = (stepped[name], "exact: mrs stepped in arch_debug_" + name)
    cpu = cpu_registers()
    handler = cpu["xpsr"] & 0x1FF
    started = kernel().current() is not None
    for name in SPECIAL_REGS:
        if result.get(name, (None,))[0] is not None:
            continue
        if name == "msp" and handler:
            result[name] = (cpu["sp"], "derived: sp, handler mode runs on MSP")
        elif name == "psp" and not handler and started:
            result[name] = (cpu["sp"], "derived: sp, threads run on PSP")
        elif name == "msp" and not handler and started and symbol_address("__msp_stack_top"):
            result[name] = (symbol_address("__msp_stack_top"),
                            "derived: __msp_stack_top, MSP is empty in thread mode")
        elif name == "control" and not handler and started:
            result[name] = (None, "unknown (SPSEL=1 in thread mode; nPRIV, FPCA unknown)")
        else:
            result[name] = (None, "unknown: no helper to step, or the core is halted in WFI")
    _cache["special"] = result
    return result


# ------------------------------------------------------------- threads --

def saved_context_at(sp):
    """Registers of a switched-out thread from its saved frame (see the
    top of this file): name -> value; s0-s31 and fpscr only with an FP
    frame; sp is the thread's own, above the hardware frame."""
    regs = {}
    soft = read_words(sp, SOFT_WORDS)
    for i in range(8):
        regs[f"r{4 + i}"] = soft[i]
    exc_return = soft[8]
    fp = not (exc_return & 0x10)
    p = sp + 4 * SOFT_WORDS
    if fp:
        for i, value in enumerate(read_words(p, FP_CALLEE_WORDS)):
            regs[f"s{16 + i}"] = value
        p += 4 * FP_CALLEE_WORDS
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
    regs["xpsr"] &= ~XPSR_ALIGN
    regs["pc"] &= ~1
    regs["sp"] = p
    regs["exc_return"] = exc_return
    regs["fp"] = fp
    return regs


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
        return saved_context_at(self.saved_sp)

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


def cpu_tid(k, views=None):
    """TID of the thread on the CPU: sched_current (see rsp_proxy.py)."""
    current = k.current()
    return None if current is None else int(current["tid"])


def thread_pc(view, on_cpu):
    if on_cpu:
        return cpu_registers()["pc"]
    try:
        return view.saved_context()["pc"]
    except gdb.MemoryError:
        return None


def cmd_threads(arg):
    k = kernel()
    if k.current() is None:
        print("kestrel: the scheduler has not started: no threads yet")
        return
    views = thread_views(k)
    live = cpu_tid(k, views)
    rows = [("", "TID", "NAME", "PROCESS", "STATE", "PRIO", "STACK", "WAITS ON", "PC")]
    for v in views:
        used, size = v.stack(k)
        prio = f"{v.base}" if v.base == v.priority else f"{v.base}/{v.priority}"
        stack = f"{used}/{size}" if used is not None else f"?/{size}"
        rows.append(("*" if v.tid == live else "", str(v.tid), v.name, v.process_name(),
                     v.state, prio, stack, v.wait_text(k), where(thread_pc(v, v.tid == live))))
    print_table(rows)
    print("PRIO is base/effective where inheritance raised it; STACK is bytes used/size "
          "(high-water mark); * = on the CPU.")


def print_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])


# ------------------------------------------------------------ processes --

def cmd_ps(arg):
    k = kernel()
    root = symbol_value("kernel_process", "process.c")
    views = {v.address: v for v in thread_views(k)} if k.current() is not None else {}

    def region(name, r):
        base, size, access = u32(r["base"]), u32(r["size"]), int(r["access"])
        flags = "".join(c if access & bit else "-" for c, bit in (("r", 1), ("w", 2), ("x", 4)))
        return f"    {name:<6} {base:#010x}-{base + size:#010x} {size:>8} bytes {flags}"

    def visit(p, depth):
        parent = p["parent"]
        ppid = str(int(parent["pid"])) if u32(parent) else "-"
        state = k.process_states.get(int(p["state"]), str(int(p["state"])))
        threads = list_items(p["threads"], k.thread, "process_node")
        print(f"{'  ' * depth}PID {int(p['pid'])} {p['name'].string()}  parent {ppid}  "
              f"state {state}  threads {len(threads)}  permissions {int(p['permissions']):#x}")
        for name in ("code", "data", "heap"):
            print("  " * depth + region(name, p[name]))
        for t in threads:
            base, size = u32(t["stack_base"]), int(t["stack_bytes"])
            state = views[u32(t.address)].state if u32(t.address) in views else \
                k.states.get(int(t["state"]), "?")
            print(f"{'  ' * depth}    stack  {base:#010x}-{base + size:#010x} {size:>8} bytes "
                  f"rw-  thread {int(t['tid'])} '{t['name'].string()}' ({state})")
        for child in list_items(p["children"], k.process, "sibling_node"):
            visit(child, depth + 1)

    visit(root, 0)


# ------------------------------------------------------------ backtrace --

def cmd_bt(arg):
    args = gdb.string_to_argv(arg)
    if not args:
        raise gdb.GdbError("usage: kestrel bt TID [bt options]")
    tid = int(args[0], 0)
    extra = " ".join(args[1:])
    k = kernel()
    views = {v.tid: v for v in thread_views(k)}
    if tid not in views:
        raise gdb.GdbError(f"kestrel: no thread with TID {tid} (see kestrel threads)")
    view = views[tid]
    print(f"Thread {tid} '{view.name}' ({view.state}):")
    info = proxy_info()
    if info is not None:
        th = gdb_thread_for_tid(tid)
        if th is not None:
            with on_thread(th):
                gdb.execute(f"bt {extra}")
            return
    if tid == cpu_tid(k, list(views.values())):
        with on_thread(cpu_thread()):
            gdb.execute(f"bt {extra}")
        return
    backtrace_from_saved(view.saved_context(), extra)


def backtrace_from_saved(ctx, extra):
    """Loads a saved context into the CPU registers, runs bt, and puts
    every register back exactly, also when bt fails."""
    names = [f"r{i}" for i in range(13)] + ["sp", "lr", "pc"]
    frame = gdb.newest_frame()
    saved = {n: u32(frame.read_register(n)) for n in names}
    try:
        for n in names:
            gdb.execute(f"set ${n} = {ctx[n]:#x}", to_string=True)
        gdb.execute(f"bt {extra}")
    finally:
        for n in names:
            gdb.execute(f"set ${n} = {saved[n]:#x}", to_string=True)
        after = gdb.newest_frame()
        changed = [n for n in names if u32(after.read_register(n)) != saved[n]]
        if changed:
            raise gdb.GdbError("kestrel: could not restore " + ", ".join(changed))


# -------------------------------------------------------------- objects --

WAITQ_TYPE = "struct wait_queue"
KIND_NAMES = {"event_flags": "event flags"}


def object_kinds():
    """Struct types that look like kernel objects: a magic number and at
    least one wait queue.  Returns name -> (type, [wait queue fields])."""
    kinds = {}
    out = gdb.execute("info variables -q -n", to_string=True)
    for tag in sorted(set(re.findall(r"\bstruct (\w+)", out))):
        t = lookup_type(f"struct {tag}")
        if t is None or t.code != gdb.TYPE_CODE_STRUCT or not has_field(t, "magic"):
            continue
        queues = [f.name for f in t.fields() if str(f.type.strip_typedefs()) == WAITQ_TYPE]
        if queues and tag != "thread":
            kinds[tag] = (t, queues)
    return kinds


def object_magic(tag):
    for scope in (f"{tag}_init", f"{tag.split('_')[0]}_init"):
        for macro in (f"{tag.upper()}_MAGIC", f"{tag.split('_')[0].upper()}_MAGIC"):
            value = macro_value(macro, scope)
            if value is not None:
                return value
    return None


def candidate_objects(k, kinds):
    """(address, tag) of every object the image can name: variables (and
    arrays) of the kinds, pointers to them, what threads wait on and the
    mutexes they hold."""
    found = {}
    out = gdb.execute("info variables -q -n", to_string=True)
    current_file = None
    for line in out.splitlines():
        m = re.match(r"^File (.+):$", line)
        if m:
            current_file = m.group(1)
            continue
        m = re.match(r"^\d+:\s+(?:static )?(?:const )?struct (\w+) (\*?)(\w+)((?:\[\d+\])*);", line)
        if not m or m.group(1) not in kinds:
            continue
        tag, pointer, name = m.group(1), m.group(2), m.group(3)
        try:
            value = symbol_value(name, current_file if "static" in line else None)
        except KestrelError:
            continue
        if pointer:
            if u32(value):
                found.setdefault(u32(value), tag)
            continue
        if value.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
            low, high = value.type.strip_typedefs().range()
            for i in range(low, high + 1):
                found.setdefault(u32(value[i].address), tag)
        else:
            found.setdefault(u32(value.address), tag)
    reasons = {"mutex": "mutex", "semaphore": "semaphore", "queue": "queue", "event": "event_flags"}
    if k.current() is not None:
        for t in k.threads():
            obj = u32(t["wait_object"])
            reason = t["wait_reason"].string(errors="replace") if u32(t["wait_reason"]) else ""
            tag = reasons.get(reason.split(" ")[0])
            if obj and tag in kinds:
                found.setdefault(obj, tag)
            if "mutex" in kinds and has_field(k.thread, "held_mutexes"):
                for m in list_items(t["held_mutexes"], kinds["mutex"][0], "held_node"):
                    found.setdefault(u32(m.address), "mutex")
    return found


def waiters(k, queue):
    return [f"'{t['name'].string(errors='replace')}' ({int(t['tid'])}, prio {int(t['priority'])})"
            for t in list_items(queue["waiters"], k.thread, "sched_node")]


def object_summary(tag, o):
    def num(name):
        return int(o[name])
    if tag == "mutex":
        owner = o["owner"]
        if u32(owner) == 0:
            return "free"
        return f"owner '{owner['name'].string(errors='replace')}' ({int(owner['tid'])}), " \
               f"depth {num('depth')}"
    if tag == "semaphore":
        return f"count {num('count')}/{num('max')}"
    if tag == "queue":
        return f"{num('count')}/{num('capacity')} items of {num('item_bytes')} bytes"
    if tag == "event_flags":
        return f"bits {num('bits'):#010x}"
    parts = []
    for f in o.type.fields():
        if f.name not in ("magic", "from_pool") and f.type.strip_typedefs().code == gdb.TYPE_CODE_INT:
            parts.append(f"{f.name} {int(o[f.name])}")
    return ", ".join(parts)


def cmd_objects(arg):
    k = kernel()
    kinds = object_kinds()
    if not kinds:
        print("kestrel: no kernel object types in this image")
        return
    magics = {tag: object_magic(tag) for tag in kinds}
    rows = [("KIND", "OBJECT", "ADDRESS", "STATE", "WAITERS")]
    for address, tag in sorted(candidate_objects(k, kinds).items(), key=lambda x: (x[1], x[0])):
        t, queues = kinds[tag]
        o = gdb.Value(address).cast(t.pointer()).dereference()
        magic = u32(o["magic"])
        if magics[tag] is not None and magic != magics[tag]:
            continue
        if magics[tag] is None and magic == 0:
            continue
        try:
            lists = []
            for q in queues:
                names = waiters(k, o[q])
                if names:
                    lists.append((q + ": " if len(queues) > 1 else "") + ", ".join(names))
            rows.append((KIND_NAMES.get(tag, tag), symbol_name(address), f"{address:#010x}",
                         object_summary(tag, o), "; ".join(lists) or "-"))
        except (KestrelError, gdb.MemoryError) as e:
            rows.append((tag, symbol_name(address), f"{address:#010x}", f"unreadable: {e}", ""))
    print_table(rows)
    missing = [n for n in ("mutex", "semaphore", "queue", "event_flags") if n not in kinds]
    if missing:
        print("(not in this image: " + ", ".join(missing) + ")")


# --------------------------------------------------------------- switch --

def stop_pc():
    return u32(gdb.newest_frame().pc())


def run_to(address):
    bp = gdb.Breakpoint(f"*{address:#x}", internal=True, temporary=False)
    bp.silent = True
    try:
        gdb.execute("continue", to_string=True)
    finally:
        bp.delete()
    return stop_pc() == address


def cmd_switch(arg):
    k = kernel()
    choose = symbol_address("switch_choose")
    restore = symbol_address("switch_restore")
    if not choose or not restore:
        raise gdb.GdbError("kestrel: no switch_choose/switch_restore in the image")
    for _ in range(100):
        if not run_to(choose):
            where_now = where(stop_pc())
            raise gdb.GdbError(f"kestrel: stopped at {where_now} before the next switch")
        prev = k.current()
        prev_view = ThreadView(k, prev)
        if not run_to(restore):
            raise gdb.GdbError(f"kestrel: stopped at {where(stop_pc())} inside the switch")
        forget_state()
        incoming = gdb.Value(cpu_registers()["r0"]).cast(k.thread.pointer()).dereference()
        next_view = ThreadView(k, incoming)
        if next_view.address != prev_view.address:
            break
    else:
        raise gdb.GdbError("kestrel: 100 switches chose the same thread again")
    leave = prev_view.state + (f": {prev_view.wait_text(k)}" if prev_view.wait_text(k) else "")
    print(f"switch: '{prev_view.name}' (tid {prev_view.tid}) leaves, {leave}")
    print(f"        '{next_view.name}' (tid {next_view.tid}) enters, resuming at "
          f"{where(next_view.saved_context()['pc'])}")
    print("stopped at switch_restore: `stepi` through the restore reaches that code; "
          "`kestrel bt` shows either thread.")


# ----------------------------------------------------------------- regs --

def cmd_regs(arg):
    values = special_registers()
    cpu = cpu_registers()
    mode = f"handler (exception {cpu['xpsr'] & 0x1FF})" if cpu["xpsr"] & 0x1FF else "thread"
    print(f"mode: {mode}, sp {cpu['sp']:#010x}")
    for name in SPECIAL_REGS:
        value, how = values[name]
        text = f"{value:#010x}" if value is not None else "?"
        if name == "control" and value is not None:
            text += f" (nPRIV={value & 1} SPSEL={(value >> 1) & 1} FPCA={(value >> 2) & 1})"
        print(f"{name.upper():<10} {text:<40} {how}")


# ------------------------------------------------------------- unwinder --

class SwitchUnwinder(gdb.unwinder.Unwinder):
    """Unwinds isr_pendsv from switch_choose to its final bx, where no
    register describes the interrupted thread (switch.S marks lr
    undefined there): the caller is sched_current, whose whole context
    is at its saved_sp (stored before switch_choose; read, not changed,
    by the restore).  Before sched_switch updates sched_current that is
    the outgoing thread, after it the incoming one, the same thread that
    rsp_proxy.py reports on the CPU."""

    def __init__(self):
        super().__init__("kestrel-switch")
        self.bounds = None

    def find_bounds(self):
        choose = symbol_address("switch_choose")
        start = symbol_address("isr_pendsv")
        current = symbol_address("sched_current")
        if not (choose and start and current):
            return (0, 0, 0, 0)
        data = bytes(gdb.selected_inferior().read_memory(choose, 128))
        for offset in range(4, len(data) - 1, 2):
            if int.from_bytes(data[offset:offset + 2], "little") == 0x4770:  # bx lr
                return (choose, choose + offset, start, current)
        return (0, 0, 0, 0)

    def __call__(self, pending_frame):
        try:
            if self.bounds is None:
                self.bounds = self.find_bounds()
            low, high, start, current = self.bounds
            pc = u32(pending_frame.read_register("pc")) & ~1
            if not low <= pc < high:
                return None
            tcb = read_words(current, 1)[0]
            if tcb == 0:
                return None
            ctx = saved_context_at(read_words(tcb, 1)[0])
        except (gdb.error, gdb.MemoryError):
            return None
        sp = u32(pending_frame.read_register("sp"))
        info = pending_frame.create_unwind_info(_FrameId(sp, start))
        word = gdb.lookup_type("unsigned int")
        double = gdb.lookup_type("unsigned long long")
        names = {r.name for r in pending_frame.architecture().registers()}
        for name in [f"r{i}" for i in range(13)] + ["sp", "lr", "pc", "xpsr"]:
            info.add_saved_register(name, gdb.Value(ctx[name]).cast(word))
        if ctx["fp"]:
            for i in range(16):
                if f"d{i}" in names:
                    value = ctx[f"s{2 * i}"] | (ctx[f"s{2 * i + 1}"] << 32)
                    info.add_saved_register(f"d{i}", gdb.Value(value).cast(double))
            if "fpscr" in names:
                info.add_saved_register("fpscr", gdb.Value(ctx["fpscr"]).cast(word))
        return info

    def forget(self, _event=None):
        self.bounds = None


class _FrameId:
    """GDB 13 wants the frame id's sp and pc as gdb.Value."""

    def __init__(self, sp, pc):
        self.sp = gdb.Value(sp).cast(gdb.lookup_type("unsigned int"))
        self.pc = gdb.Value(pc).cast(gdb.lookup_type("unsigned int"))


# ------------------------------------------------------------- commands --

COMMANDS = {
    "threads": (cmd_threads, "List every thread: TID, name, process, state, priorities, "
                             "stack use, what it waits on, PC."),
    "ps": (cmd_ps, "Show the process tree: PID, parent, state, threads, memory regions."),
    "bt": (cmd_bt, "kestrel bt TID: backtrace of a thread from its saved context."),
    "objects": (cmd_objects, "List mutexes, semaphores, queues, event flags with owners "
                             "and waiters."),
    "switch": (cmd_switch, "Run to the next context switch; say who leaves and who enters."),
    "regs": (cmd_regs, "Show MSP, PSP, CONTROL and the interrupt masks, and how each was read."),
}


class KestrelPrefix(gdb.Command):
    """Kestrel kernel awareness: kestrel threads|ps|bt|objects|switch|regs."""

    def __init__(self):
        super().__init__("kestrel", gdb.COMMAND_DATA, prefix=True)

    def invoke(self, arg, from_tty):
        gdb.execute("help kestrel")


class KestrelCommand(gdb.Command):
    def __init__(self, name, fn, doc, alias=None):
        self.__doc__ = doc
        super().__init__(alias or f"kestrel {name}", gdb.COMMAND_DATA)
        self.fn = fn

    def invoke(self, arg, from_tty):
        try:
            self.fn(arg)
        except KestrelError as e:
            raise gdb.GdbError(f"kestrel: {e}")
        except gdb.MemoryError as e:
            raise gdb.GdbError(f"kestrel: cannot read the kernel's records: {e}")


class KestrelLayout(gdb.Command):
    """Print the kernel layout as JSON (used by tools/gdb/rsp_proxy.py)."""

    def __init__(self):
        super().__init__("kestrel layout", gdb.COMMAND_MAINTENANCE)

    def invoke(self, arg, from_tty):
        try:
            print(json.dumps(kernel().layout()))
        except KestrelError as e:
            raise gdb.GdbError(f"kestrel: {e}")


def register():
    KestrelPrefix()
    for name, (fn, doc) in COMMANDS.items():
        KestrelCommand(name, fn, doc)
        KestrelCommand(name, fn, doc + f" (alias of kestrel {name})", alias=f"k{name}")
    KestrelLayout()
    for event in (gdb.events.stop, gdb.events.cont, gdb.events.memory_changed,
                  gdb.events.register_changed, gdb.events.inferior_call):
        event.connect(forget_state)
    gdb.events.new_objfile.connect(forget_kernel)
    gdb.events.clear_objfiles.connect(forget_kernel)
    unwinder = SwitchUnwinder()
    gdb.unwinder.register_unwinder(None, unwinder, replace=True)
    gdb.events.new_objfile.connect(unwinder.forget)
    gdb.events.clear_objfiles.connect(unwinder.forget)


register()
