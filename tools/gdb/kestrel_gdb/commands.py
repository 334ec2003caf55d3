# SPDX-License-Identifier: MIT
"""The kestrel commands."""
import json
import re

import gdb

from .cpu import cpu_registers, cpu_thread, cpu_tid, forget_state, gdb_thread_for_tid, \
    on_thread, proxy_info, special_registers
from .records import SPECIAL_REGS, KestrelError, ThreadView, describe_object, has_field, \
    kernel, list_items, lookup_type, macro_value, symbol_address, symbol_name, symbol_value, \
    thread_views, u32, where

def thread_pc(view, on_cpu):
    if on_cpu:
        return cpu_registers()["pc"]
    try:
        return view.saved_context()["pc"]
    except gdb.MemoryError:
        return None


# Where a blocked thread waits: the outermost of its innermost kernel
# frames (kernel/, arch/), the kernel call it made, and the function that
# made it (for a thread of a process, the system call layer).
KERNEL_DIRS = ("kernel/", "arch/")
SYSCALL_LAYER = ("kernel/syscall.c", "arch/mainline/syscall_entry.S")
WAIT_FRAMES_DEPTH = 24


def frame_file(frame):
    sal = frame.find_sal()
    return sal.symtab.filename if sal is not None and sal.symtab is not None else ""


def waits_in(view, on_cpu):
    """'<call> from <caller>': the kernel call a blocked thread waits in
    and the function that called it, from its backtrace (GDB's thread,
    through the proxy; "" without it)."""
    if view.state != "blocked" or on_cpu or proxy_info() is None:
        return ""
    th = gdb_thread_for_tid(view.tid)
    if th is None:
        return ""
    try:
        with on_thread(th):
            frame, call = gdb.newest_frame(), None
            for _ in range(WAIT_FRAMES_DEPTH):
                if frame is None:
                    break
                path = frame_file(frame)
                if not path.startswith(KERNEL_DIRS) or path in SYSCALL_LAYER:
                    return f"{call} from {frame.name() or '??'}" if call else ""
                call = frame.name()
                frame = frame.older()
    except gdb.error:
        pass
    return ""


def cmd_threads(arg):
    k = kernel()
    if k.current() is None:
        print("kestrel: the scheduler has not started: no threads yet")
        return
    views = thread_views(k)
    live = cpu_tid(k)
    rows = [("", "TID", "NAME", "PROCESS", "STATE", "PRIO", "STACK", "WAITS ON", "WAITS IN",
             "PC")]
    for v in views:
        used, size = v.stack(k)
        prio = f"{v.base}" if v.base == v.priority else f"{v.base}/{v.priority}"
        stack = f"{used}/{size}" if used is not None else f"?/{size}"
        rows.append(("*" if v.tid == live else "", str(v.tid), v.name, v.process_name(),
                     v.state, prio, stack, v.wait_text(k), waits_in(v, v.tid == live),
                     where(thread_pc(v, v.tid == live))))
    print_table(rows)
    print("PRIO is base/effective where inheritance raised it; STACK is bytes used/size "
          "(high-water mark); WAITS IN is the call a blocked thread waits in, and its caller "
          "(PC and bt show where it was switched out, in the wait); * = on the CPU.")


def print_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])


# ------------------------------------------------------------ processes --

EXIT_CAUSES = {0: "exited", 1: "killed", 2: "faulted"}
# enum sys_fault_cause (user/include/kestrel/syscall.h)
FAULT_CAUSES = {1: "memory access", 2: "instruction", 3: "stack overflow",
                4: "bad stack pointer at exception entry", 5: "bad return frame"}


def process_privileged(k, p):
    if k.perm_privileged is not None:
        return bool(int(p["permissions"]) & k.perm_privileged)
    return u32(p["image"]) == 0  # the kernel and init have no image


def exit_record(p):
    """How an ended process ended: its exit status and, for a fault, the
    fault record."""
    e = p["exit"]
    cause = int(e["cause"])
    text = f"{EXIT_CAUSES.get(cause, f'cause {cause}')}, status {int(e['status'])}"
    lines = [text]
    if cause == 2 and has_field(p.type.strip_typedefs(), "fault"):
        f = p["fault"]
        what = f["what"].string(errors="replace") if u32(f["what"]) else \
            f"exception {int(f['exception'])}"
        text = f"{what} in thread {int(f['tid'])} '{f['thread_name'].string(errors='replace')}'" \
               f" at {where(u32(f['pc']))}, status {u32(f['status']):#010x}"
        if bool(f["address_valid"]):
            text += f", address {u32(f['address']):#010x}"
        cause = int(f["cause"]) if has_field(f.type.strip_typedefs(), "cause") else 0
        if cause:
            text += f", {FAULT_CAUSES.get(cause, f'cause {cause}')}"
        lines.append(text)
    return lines


def cmd_ps(arg):
    k = kernel()
    root = symbol_value("processes", "process.c")[0]  # the kernel's own, PID 0
    views = {v.address: v for v in thread_views(k)} if k.current() is not None else {}
    live = cpu_tid(k) if k.current() is not None else None

    def region(name, r):
        base, size, access = u32(r["base"]), u32(r["size"]), int(r["access"])
        flags = "".join(c if access & bit else "-" for c, bit in (("r", 1), ("w", 2), ("x", 4)))
        return f"    {name:<6} {base:#010x}-{base + size:#010x} {size:>8} bytes {flags}"

    def visit(p, depth):
        pad = "  " * depth
        parent = p["parent"]
        ppid = str(int(parent["pid"])) if u32(parent) else "-"
        state = k.process_states.get(int(p["state"]), str(int(p["state"])))
        threads = list_items(p["threads"], k.thread, "process_node")
        privileged = process_privileged(k, p)
        kind = "privileged" if privileged else \
            f"unprivileged, ceiling {int(p['priority_ceiling'])}"
        restarts = int(p["restarts"]) if has_field(k.process, "restarts") else 0
        if restarts:
            kind += f", restarts {restarts}"
        print(f"{pad}PID {int(p['pid'])} {p['name'].string()}  parent {ppid}  "
              f"state {state}  threads {len(threads)}  permissions {int(p['permissions']):#x}  "
              f"{kind}")
        if state in ("exiting", "zombie"):
            for line in exit_record(p):
                print(f"{pad}    ended: {line}")
        for name in ("code", "data", "heap", "stacks"):
            if u32(p[name]["size"]):
                print(pad + region(name, p[name]))
        for d in range(int(p["device_count"]) if has_field(k.process, "device_count") else 0):
            print(pad + region("device", p["devices"][d]))
        for t in threads:
            base, size = u32(t["stack_base"]), int(t["stack_bytes"])
            view = views.get(u32(t.address)) or ThreadView(k, t)
            line = f"{pad}    stack  {base:#010x}-{base + size:#010x} {size:>8} bytes " \
                   f"rw-  thread {int(t['tid'])} '{t['name'].string()}' ({view.state})"
            if view.user:
                user = t["user"].dereference()
                kbase = u32(user["kernel_stack_base"])
                ksize = int(user["kernel_stack_bytes"])
                if view.tid == live:
                    line += ", on the CPU"
                if view.in_syscall():
                    line += f", inside a syscall on its kernel stack " \
                            f"{kbase:#010x}-{kbase + ksize:#010x}"
                else:
                    line += ", in its own code"
                line += f", syscalls {int(user['syscalls'])}"
                if bool(t["killed"]):
                    line += ", killed"
            print(line)
        for child in list_items(p["children"], k.process, "sibling_node"):
            visit(child, depth + 1)

    visit(root, 0)
    print("Threads of unprivileged processes: 'in its own code' (user stack, MPU) or "
          "'inside a syscall' (privileged, on its kernel stack).")


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
    if tid == cpu_tid(k):
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
    """address -> (tag, name) of every object the image can name:
    variables (and arrays) of the kinds, what pointers to them point at,
    what threads wait on and the mutexes they hold.  A variable removed by
    --gc-sections keeps its debug information at address 0: only those
    the ELF symbol table places at their address count."""
    found = {}

    def add(address, tag, name=None):
        if address not in found or (name and found[address][1] is None):
            found[address] = (tag, name)
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
        if symbol_name(u32(value.address)) != name:
            continue  # removed by the linker
        label = name if "static" not in line else f"{current_file.split('/')[-1]}:{name}"
        if pointer:
            if u32(value):
                add(u32(value), tag)
            continue
        if value.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
            low, high = value.type.strip_typedefs().range()
            for i in range(low, high + 1):
                add(u32(value[i].address), tag, f"{label}[{i}]")
        else:
            add(u32(value.address), tag, label)
    reasons = {"mutex": "mutex", "semaphore": "semaphore", "queue": "queue", "event": "event_flags"}
    if k.current() is not None:
        for t in k.threads():
            obj = u32(t["wait_object"])
            reason = t["wait_reason"].string(errors="replace") if u32(t["wait_reason"]) else ""
            tag = reasons.get(reason.split(" ")[0])
            if obj and tag in kinds:
                add(obj, tag)
            if "mutex" in kinds and has_field(k.thread, "held_mutexes"):
                for m in list_items(t["held_mutexes"], kinds["mutex"][0], "held_node"):
                    add(u32(m.address), "mutex")
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
        # depth: the times the owner holds it (the record counts those
        # beyond the first).
        return f"owner '{owner['name'].string(errors='replace')}' ({int(owner['tid'])}), " \
               f"depth {num('recursions') + 1}"
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
    objects = candidate_objects(k, kinds)
    for address, (tag, name) in sorted(objects.items(), key=lambda x: (x[1][0], x[0])):
        name = name or symbol_name(address)
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
            rows.append((KIND_NAMES.get(tag, tag), name, f"{address:#010x}",
                         object_summary(tag, o), "; ".join(lists) or "-"))
        except (KestrelError, gdb.MemoryError) as e:
            rows.append((tag, name, f"{address:#010x}", f"unreadable: {e}", ""))
    print_table(rows)
    missing = [n for n in ("mutex", "semaphore", "queue", "event_flags") if n not in kinds]
    if missing:
        print("(not in this image: " + ", ".join(missing) + ")")


# --------------------------------------------------------------- switch --

def stop_pc():
    return u32(gdb.newest_frame().pc())


def run_to(*addresses):
    """Continue to the first of the addresses reached; return it (None:
    the target stopped elsewhere)."""
    bps = []
    try:
        for address in addresses:
            bp = gdb.Breakpoint(f"*{address:#x}", internal=True, temporary=False)
            bp.silent = True
            bps.append(bp)
        gdb.execute("continue", to_string=True)
    finally:
        for bp in bps:
            bp.delete()
    pc = stop_pc()
    return pc if pc in addresses else None


def cmd_switch(arg):
    """Run to the next switch that changes threads, by either path: PendSV
    (stopped at switch_restore, r0 the incoming TCB) or the direct switch
    (stopped at switch_direct_restore, r0 the outgoing TCB and r1 the
    incoming one, sp the incoming thread's saved context)."""
    k = kernel()
    choose = symbol_address("switch_choose")
    restore = symbol_address("switch_restore")
    if not choose or not restore:
        raise gdb.GdbError("kestrel: no switch_choose/switch_restore in the image")
    direct = symbol_address("arch_switch_direct")  # a function: the Thumb bit set
    direct = direct & ~1 if direct else None
    direct_restore = symbol_address("switch_direct_restore")
    starts = (choose, direct) if direct and direct_restore else (choose,)
    for _ in range(100):
        start = run_to(*starts)
        if start is None:
            raise gdb.GdbError(f"kestrel: stopped at {where(stop_pc())} before the next switch")
        forget_state()
        if start == choose:
            prev = k.current()
            end, label = restore, "switch_restore"
        else:
            prev = gdb.Value(cpu_registers()["r0"]).cast(k.thread.pointer()).dereference()
            end, label = direct_restore, "switch_direct_restore"
        prev_view = ThreadView(k, prev)
        if run_to(end) is None:
            raise gdb.GdbError(f"kestrel: stopped at {where(stop_pc())} inside the switch")
        forget_state()
        incoming = cpu_registers()["r0" if end == restore else "r1"]
        next_view = ThreadView(k, gdb.Value(incoming).cast(k.thread.pointer()).dereference())
        if next_view.address != prev_view.address:
            break
    else:
        raise gdb.GdbError("kestrel: 100 switches chose the same thread again")
    leave = prev_view.state + (f": {prev_view.wait_text(k)}" if prev_view.wait_text(k) else "")
    how = "PendSV" if end == restore else "direct switch"
    print(f"switch ({how}): '{prev_view.name}' (tid {prev_view.tid}) leaves, {leave}")
    print(f"        '{next_view.name}' (tid {next_view.tid}) enters, resuming at "
          f"{where(next_view.saved_context()['pc'])}")
    print(f"stopped at {label}: `stepi` through the restore reaches that code; "
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

