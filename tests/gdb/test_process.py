"""An unprivileged process at gdb_checkpoint, through the proxy: gdbproc
(tests/gdb/image/procs/gdbproc/), PID 2, a child of init, whose one thread
(TID 10) is blocked inside a syscall (u_ipc_receive) on its kernel stack.
`kestrel ps` shows the process, its regions where the linker put them and
its thread; GDB's `info threads`, `thread N` and `bt` show the thread.
Cores without an MPU run no processes: there the image has none, and the
cases check that nothing claims one."""
import re

import gdb
from gdbtest import HAS_PROCESS, PROCESS_TID, backtrace, case, check, check_eq, connect, done, \
    functions_in, gdb_thread, reg, regs, run, run_to, symbol, tcb_of, word

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
    kbase, kbytes = tcb("kernel_stack_base"), tcb("kernel_stack_bytes")
    check(f"{kbase:#010x}-{kbase + kbytes:#010x}" in rows[0], f"its kernel stack: {rows[0]}")
    data = region(block, "data")
    check(data and not (data[0] <= kbase < data[1]), "the kernel stack is not the process's memory")
    syscalls = re.search(r"syscalls (\d+)", rows[0])
    check(syscalls and int(syscalls.group(1)) >= 1, f"it made a syscall: {rows[0]}")
    check_eq(tcb("arch.control") & 1, 0, "arch.control: privileged inside the syscall")
    user_sp = tcb("arch.user_sp")
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
    check(functions[:1] == ["arch_irq_unlock"], f"switched out where it unlocked: {functions}")
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
    kbase, kbytes = tcb("kernel_stack_base"), tcb("kernel_stack_bytes")
    gdb_thread(PROCESS_TID).switch()
    try:
        sp = reg("sp")
        check(kbase <= sp < kbase + kbytes, f"sp {sp:#x} on the kernel stack "
                                            f"{kbase:#x}-{kbase + kbytes:#x}")
        check_eq(reg("psp"), sp, "PSP is its saved sp")
        check_eq(reg("control") & 3, 2, "CONTROL: privileged (in a syscall), on PSP")
        check_eq(gdb.selected_frame().name(), "arch_irq_unlock", "frame 0")
    finally:
        main.switch()
    check_eq(gdb.selected_frame().name(), "gdb_checkpoint", "back on main")
    check_eq(regs()["pc"], reg("pc"), "main's registers readable again")


done()
