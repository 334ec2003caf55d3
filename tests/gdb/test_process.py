# SPDX-License-Identifier: MIT
"""An unprivileged process at gdb_checkpoint, through the proxy: gdbproc
(tests/gdb/image/procs/gdbproc/), PID 2, a child of init, whose one thread
(TID 10) is blocked inside a syscall (u_ipc_receive) on its kernel stack.
`kestrel ps` shows the process, its regions where the linker put them and
its thread; GDB's `info threads`, `thread N` and `bt` show the thread.
gdbcrash (tests/gdb/image/procs/gdbcrash/), PID 3, wrote through NULL and
ended; nobody waited for it, so it is a zombie with no threads: `kestrel ps`
shows how it ended (faulted, the MemManage fault's record) and its regions,
and no view shows its thread (TID 11), whose record was reclaimed.
gdbidle (tests/gdb/image/procs/gdbidle/), PID 4, has one thread (TID 12)
that never ran: stopped in unprivileged code, its context on its kernel
stack and its frame on its own stack; through the proxy GDB shows it at
its first instruction, on its own stack, unprivileged.
Cores without an MPU run no processes: there the image has none, and the
cases check that nothing claims one."""
import re

import gdb
from gdbtest import UNLOCK_FRAMES, CRASH_PID, CRASH_TID, HAS_CRASHED, HAS_IDLE_PROCESS, HAS_PROCESS, IDLE_PID, \
    IDLE_TID, PROCESS_TID, backtrace, case, check, check_eq, connect, done, functions_in, \
    gdb_thread, gdb_threads, reg, regs, run, run_to, symbol, tcb_of, word

connect(proxy=True)
run_to("gdb_checkpoint")
PS = run("kestrel ps")
INFO = run("info threads")

REGION_RE = r"^\s+{name}\s+(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+(\d+) bytes (\S+)$"


def ps_block(pid):
    """The lines of `kestrel ps` for one process: its PID line and the
    indented lines under it, up to the next process."""
    lines = PS.splitlines()
    for i, line in enumerate(lines):
        if re.match(rf"^\s*PID {pid} ", line):
            block = [line]
            for rest in lines[i + 1:]:
                if re.match(r"^\s*PID \d+ ", rest) or not rest.startswith("    "):
                    break
                block.append(rest)
            return block
    return []


def region(block, name):
    for line in block:
        m = re.match(REGION_RE.format(name=name), line)
        if m:
            return int(m.group(1), 16), int(m.group(2), 16), m.group(4)
    return None


def field(expr):
    return int(gdb.parse_and_eval(expr)) & 0xFFFFFFFF


def tcb(member):
    return field(f"((struct thread *){tcb_of(PROCESS_TID):#x})->{member}")


def in_order(functions, wanted):
    it = iter(functions)
    return all(any(f == w for f in it) for w in wanted)


@case("ps_shows_user_process")  # kestrel ps shows gdbproc as PID 2, child of init, alive, one thread
def _():
    block = ps_block(2)
    if not HAS_PROCESS:
        check_eq(block, [], "no PID 2 on a core without an MPU")
        check(int(gdb.parse_and_eval("gdb_process_pid")) < 0,
              "the image's spawn failed (no MPU)")
        return
    check(block, "PID 2 in kestrel ps:\n" + PS)
    if not block:
        return
    check(re.match(r"^\s+PID 2 gdbproc\s+parent 1\s+state alive\s+threads 1\s", block[0]),
          f"PID 2 line: {block[0]}")
    check("unprivileged, ceiling 12" in block[0], f"unprivileged with its ceiling: {block[0]}")
    check(re.search(r"^\s+PID 1 init\s.*\sprivileged$", PS, re.M),
          "init is privileged:\n" + PS)
    check(block[0].startswith("    PID 2"), f"a child of init, indented under it: {block[0]!r}")
    check_eq(int(gdb.parse_and_eval("gdb_process_pid")), 2, "gdb_process_pid")


@case("ps_user_process_regions")  # its code/data/heap/stacks regions where the linker placed them
def _():
    if not HAS_PROCESS:
        check("gdbproc" not in PS, "no gdbproc without an MPU")
        return
    block = ps_block(2)
    code, data, heap, stacks = (region(block, n) for n in ("code", "data", "heap", "stacks"))
    check(all((code, data, heap, stacks)), "four regions:\n" + "\n".join(block))
    if not all((code, data, heap, stacks)):
        return
    check_eq(code[0], symbol("__proc_gdbproc_code_start"), "code region base")
    check_eq(code[1], symbol("__proc_gdbproc_code_end"), "code region end")
    check_eq(code[2], "r-x", "code region access")
    check_eq(data[0], symbol("__proc_gdbproc_ram_start"), "data region base")
    check_eq(data[1], symbol("__proc_gdbproc_ram_end"), "data region end")
    check_eq(data[2], "rw-", "data region access")
    for name, r in (("heap", heap), ("stacks", stacks)):
        check(data[0] <= r[0] < r[1] <= data[1], f"{name} {r[0]:#x}-{r[1]:#x} inside data")
    check_eq(stacks[1] - stacks[0], 1024, "one stack of 1024 bytes")
    check_eq(heap[1] - heap[0], 256, "a heap of 256 bytes")


@case("ps_user_thread_in_syscall")  # its thread: user stack in the stacks region, blocked inside a syscall
def _():
    if not HAS_PROCESS:
        check(not re.search(rf"thread {PROCESS_TID} ", PS), "no thread 10 without an MPU")
        return
    block = ps_block(2)
    rows = [l for l in block if re.search(rf"rw-\s+thread {PROCESS_TID} 'main' \(blocked\)", l)]
    check_eq(len(rows), 1, "one thread line for TID 10:\n" + "\n".join(block))
    if not rows:
        return
    m = re.search(r"stack\s+(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+(\d+) bytes", rows[0])
    stacks = region(block, "stacks")
    check(m and stacks and stacks[0] <= int(m.group(1), 16) < int(m.group(2), 16) <= stacks[1],
          f"user stack inside the stacks region: {rows[0]}")
    check(", inside a syscall on its kernel stack " in rows[0], f"inside a syscall: {rows[0]}")
    kbase, kbytes = tcb("user->kernel_stack_base"), tcb("user->kernel_stack_bytes")
    check(f"{kbase:#010x}-{kbase + kbytes:#010x}" in rows[0], f"its kernel stack: {rows[0]}")
    data = region(block, "data")
    check(data and not (data[0] <= kbase < data[1]), "the kernel stack is not the process's memory")
    syscalls = re.search(r"syscalls (\d+)", rows[0])
    check(syscalls and int(syscalls.group(1)) >= 1, f"it made a syscall: {rows[0]}")
    check_eq(tcb("arch.control") & 1, 0, "arch.control: privileged inside the syscall")
    user_sp = tcb("user->arch.user_sp")
    check(stacks and stacks[0] <= user_sp < stacks[1], f"user frame {user_sp:#x} on its own stack")
    code = region(block, "code")
    pc = word(user_sp + 24) & ~1  # the user code's frame: r0-r3, r12, lr, pc, xPSR
    check(code and code[0] <= pc < code[1], f"the user code's pc {pc:#x} in the code region")


@case("process_thread_in_info_threads")  # gdb info threads lists the process's thread through the proxy
def _():
    m = re.search(rf'^\*?\s*(\d+)\s+Thread {PROCESS_TID} "([^"]*)" \(([^)]*)\)', INFO, re.M)
    if not HAS_PROCESS:
        check(m is None, "no thread 10 without an MPU:\n" + INFO)
        return
    check(m, "thread 10 in info threads:\n" + INFO)
    if not m:
        return
    check_eq(m.group(2), "main", "its name")
    check_eq(m.group(3), "blocked: ipc receive, prio 10", "its state, wait and priority")


@case("process_thread_in_kestrel_threads")  # kestrel threads: its process, and the process it waits on
def _():
    out = run("kestrel threads")
    rows = [l for l in out.splitlines() if re.match(rf"^\*?\s*{PROCESS_TID}\s", l)]
    if not HAS_PROCESS:
        check_eq(rows, [], "no thread 10 without an MPU")
        return
    check_eq(len(rows), 1, "thread 10 in kestrel threads:\n" + out)
    if rows:
        check(re.match(rf"^\s*{PROCESS_TID}\s+main\s+gdbproc\s+blocked\s+10\s", rows[0]),
              f"name, process, state, priority: {rows[0]}")
        check("ipc receive process 'gdbproc' (PID 2)" in rows[0], f"waits on: {rows[0]}")


@case("process_thread_bt_reaches_syscall")  # thread N + bt and kestrel bt reach syscall_run
def _():
    if not HAS_PROCESS:
        check(PROCESS_TID not in [t.ptid[1] for t in gdb.selected_inferior().threads()],
              "no GDB thread 10")
        return
    wanted = ["ipc_receive", "syscall_run", "syscall_trampoline"]
    functions = functions_in(backtrace(PROCESS_TID))
    check(functions[:1] and functions[0] in UNLOCK_FRAMES,
          f"switched out where it unlocked: {functions}")
    check(in_order(functions, wanted), f"bt of thread 10: {functions} should contain {wanted}")
    check_eq(functions[-1:], ["syscall_trampoline"], "the kernel side ends at the trampoline")
    out = run(f"kestrel bt {PROCESS_TID}")
    check_eq(functions_in(out), functions, "kestrel bt 10 against gdb bt")
    check("Thread 10 'main' (blocked)" in out, out.splitlines()[0] if out else "no output")


@case("process_thread_registers_through_proxy")  # thread N: sp on the kernel stack, CONTROL privileged
def _():
    if not HAS_PROCESS:
        return
    main = gdb_thread(2)
    kbase, kbytes = tcb("user->kernel_stack_base"), tcb("user->kernel_stack_bytes")
    gdb_thread(PROCESS_TID).switch()
    try:
        sp = reg("sp")
        check(kbase <= sp < kbase + kbytes, f"sp {sp:#x} on the kernel stack "
                                            f"{kbase:#x}-{kbase + kbytes:#x}")
        check_eq(reg("psp"), sp, "PSP is its saved sp")
        check_eq(reg("control") & 3, 2, "CONTROL: privileged (in a syscall), on PSP")
        check(gdb.selected_frame().name() in UNLOCK_FRAMES,
              f"frame 0: {gdb.selected_frame().name()}, where it unlocked")
    finally:
        main.switch()
    check_eq(gdb.selected_frame().name(), "gdb_checkpoint", "back on main")
    check_eq(regs()["pc"], reg("pc"), "main's registers readable again")


# ------------------------------------------------------------- gdbcrash --

def crash_record(member):
    """A member of gdbcrash's PCB (PID 3), read from the kernel's table."""
    count = int(gdb.parse_and_eval("sizeof(processes) / sizeof(processes[0])"))
    for i in range(count):
        if int(gdb.parse_and_eval(f"processes[{i}].pid")) == CRASH_PID and \
                str(gdb.parse_and_eval(f"processes[{i}].state")) != "PROCESS_FREE":
            return gdb.parse_and_eval(f"processes[{i}].{member}")
    raise KeyError(f"no process with PID {CRASH_PID}")


def field_of(value):
    return int(value) & 0xFFFFFFFF


def ended_lines(block):
    return [l.split("ended: ", 1)[1] for l in block if l.lstrip().startswith("ended: ")]


FAULT_RE = (r"^MemManage fault in thread (\d+) '([^']*)' at (\S+?)(?:\+(\d+))?(?: at \S+)?, "
            r"status (0x[0-9a-f]{8}), address (0x[0-9a-f]{8}), memory access$")


@case("ps_zombie_process")  # kestrel ps shows gdbcrash as PID 3, child of init, a zombie, no threads
def _():
    block = ps_block(CRASH_PID)
    if not HAS_CRASHED:
        check_eq(block, [], "no PID 3 on a core without an MPU")
        check("gdbcrash" not in PS, "no gdbcrash without an MPU")
        check(int(gdb.parse_and_eval("gdb_crash_pid")) < 0, "the image's spawn failed (no MPU)")
        return
    check(block, "PID 3 in kestrel ps:\n" + PS)
    if not block:
        return
    check(re.match(r"^\s+PID 3 gdbcrash\s+parent 1\s+state zombie\s+threads 0\s", block[0]),
          f"PID 3 line: {block[0]}")
    check("unprivileged, ceiling 12" in block[0], f"unprivileged with its ceiling: {block[0]}")
    check(block[0].startswith("    PID 3"), f"a child of init, indented under it: {block[0]!r}")
    check_eq(int(gdb.parse_and_eval("gdb_crash_pid")), CRASH_PID, "gdb_crash_pid")
    check_eq(str(crash_record("state")), "PROCESS_ZOMBIE", "its state in the PCB")
    check_eq(int(crash_record("thread_count")), 0, "no thread records left")
    check(not [l for l in block if re.search(r"\bstack\s.*rw-\s+thread \d+ '", l)],
          "no thread (stack) lines under a zombie:\n" + "\n".join(block))
    # A zombie keeps its regions until its parent collects it.
    code, data, heap, stacks = (region(block, n) for n in ("code", "data", "heap", "stacks"))
    check(all((code, data, heap, stacks)), "its four regions:\n" + "\n".join(block))
    if code:
        check_eq(code[:2], (symbol("__proc_gdbcrash_code_start"), symbol("__proc_gdbcrash_code_end")),
                 "code region")
    if data:
        check_eq(data[:2], (symbol("__proc_gdbcrash_ram_start"), symbol("__proc_gdbcrash_ram_end")),
                 "data region")
    if stacks:
        check_eq(stacks[1] - stacks[0], 512, "one stack of 512 bytes")
    if heap:
        check_eq(heap[1] - heap[0], 256, "a heap of 256 bytes")


@case("ps_zombie_exit_cause")  # its first ended line: faulted, status = the exception (4)
def _():
    if not HAS_CRASHED:
        check("ended:" not in PS, "nothing ended without an MPU:\n" + PS)
        return
    ended = ended_lines(ps_block(CRASH_PID))
    check_eq(len(ended), 2, "two ended lines (exit, fault)")
    check_eq(ended[:1], ["faulted, status 4"], "exit cause and status")
    check_eq(int(crash_record("exit.cause")), int(gdb.parse_and_eval("SYS_FAULTED")),
             "exit.cause is SYS_FAULTED")
    check_eq(int(crash_record("exit.status")), 4, "exit.status is the exception")
    others = [l for l in PS.splitlines() if "ended:" in l and l not in ps_block(CRASH_PID)]
    check_eq(others, [], "no other process has ended")


@case("ps_zombie_fault_record")  # its fault: MemManage (4), address 0, pc in its code, thread 11 'main', a memory access
def _():
    if not HAS_CRASHED:
        return
    block = ps_block(CRASH_PID)
    ended = ended_lines(block)
    m = re.match(FAULT_RE, ended[1]) if len(ended) > 1 else None
    check(m, "the fault line: " + (ended[1] if len(ended) > 1 else "missing"))
    if not m:
        return
    check_eq(int(crash_record("fault.exception")), 4, "fault.exception (MemManage)")
    check_eq(int(m.group(1)), CRASH_TID, "the faulting thread's TID")
    check_eq(int(crash_record("fault.tid")), CRASH_TID, "fault.tid")
    check_eq(m.group(2), "main", "the faulting thread's name")
    check_eq(m.group(6), "0x00000000", "the fault address: NULL")
    check(bool(crash_record("fault.address_valid")), "the CPU recorded the address (MMFAR)")
    status = int(m.group(5), 16)
    check_eq(status, int(crash_record("fault.status")) & 0xFFFFFFFF, "status is the record's")
    check_eq(status & 0x82, 0x82, f"CFSR {status:#x}: DACCVIOL and MMARVALID")
    check_eq(int(crash_record("fault.cause")), 1, "cause: a memory access (SYS_FAULT_MEMORY)")
    pc = field_of(crash_record("fault.pc")) & ~1
    start, end = symbol("__proc_gdbcrash_code_start"), symbol("__proc_gdbcrash_code_end")
    check(start <= pc < end, f"fault pc {pc:#x} in gdbcrash's code {start:#x}-{end:#x}")
    code = region(block, "code")
    check(code and code[0] <= pc < code[1], f"fault pc {pc:#x} in its code region")
    shown = symbol(m.group(3)) + int(m.group(4) or 0)
    check_eq(shown, pc, f"where ps puts the pc ({m.group(3)}+{m.group(4) or 0})")
    check_eq(m.group(3), "gdbcrash_main", "the function that faulted")
    check_eq(field_of(crash_record("exit.fault_pc")), field_of(crash_record("fault.pc")),
             "exit.fault_pc")
    check_eq(field_of(crash_record("exit.fault_address")), 0, "exit.fault_address")


# -------------------------------------------------------------- gdbidle --

@case("process_thread_in_own_code_registers")  # thread 12: at its entry, sp on its own stack, unprivileged
def _():
    if not HAS_IDLE_PROCESS:
        check(IDLE_TID not in [t.ptid[1] for t in gdb_threads()], "no GDB thread 12")
        return
    block = ps_block(IDLE_PID)
    stacks = region(block, "stacks")
    check(stacks, "gdbidle's stacks region:\n" + "\n".join(block))
    t = tcb_of(IDLE_TID)
    check_eq(field(f"((struct thread *){t:#x})->arch.control") & 1, 1,
             "arch.control: unprivileged (stopped in its own code)")
    kbase = field(f"((struct thread *){t:#x})->user->kernel_stack_base")
    kbytes = field(f"((struct thread *){t:#x})->user->kernel_stack_bytes")
    saved = field(f"((struct thread *){t:#x})->saved_sp")
    check(kbase <= saved < kbase + kbytes, f"saved_sp {saved:#x} on its kernel stack")
    main = gdb_thread(2)
    gdb_thread(IDLE_TID).switch()
    try:
        sp, pc = reg("sp"), reg("pc")
        check(stacks and stacks[0] <= sp <= stacks[1], f"sp {sp:#x} on its own stack")
        check_eq(pc, symbol("u_process_start") & ~1, "pc: its first instruction")
        check_eq(reg("psp"), sp, "PSP is its own SP")
        check_eq(reg("control") & 3, 3, "CONTROL: unprivileged, on PSP")
        check_eq(gdb.selected_frame().name(), "u_process_start", "frame 0")
    finally:
        main.switch()
    out = run(f"kestrel bt {IDLE_TID}")
    check("u_process_start" in out, "kestrel bt 12:\n" + out)


@case("zombie_has_no_thread")  # no view lists a thread of gdbcrash, nor TID 11
def _():
    out = run("kestrel threads")
    check("gdbcrash" not in out, "kestrel threads lists no thread of gdbcrash:\n" + out)
    rows = [l for l in out.splitlines() if re.match(rf"^\*?\s*{CRASH_TID}\s", l)]
    check_eq(rows, [], "no TID 11 in kestrel threads")
    check(not re.search(rf"Thread {CRASH_TID} ", INFO), "no thread 11 in info threads:\n" + INFO)
    check(CRASH_TID not in [t.ptid[1] for t in gdb_threads()], "no GDB thread 11")
    check(not re.search(rf"rw-\s+thread {CRASH_TID} '", PS), "no thread 11's stack in kestrel ps")
    try:
        tcb_of(CRASH_TID)
        check(False, "thread 11 still in thread_all")
    except KeyError:
        pass


done()
