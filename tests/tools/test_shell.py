#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The shell example (examples/shell) driven through QEMU's serial port.

    test_shell.py --elf BUILD/BOARD/shell.elf -- qemu-system-arm ARGS...

QEMU's console is its stdin and stdout (-serial stdio in ARGS).  Each step
types a line (or raw bytes), waits for the next prompt and checks the
answer: every command is answered, bad arguments get a clear message, and
the line editor's keys work (Backspace, Ctrl-U, Ctrl-C, Ctrl-L, Up and
Down through the lines run before, Left and Right ignored), and garbage
(overlong lines, control bytes, non-ASCII and random bytes) is refused
without a crash or a hang: the shell still
answers afterwards and exit ends it with status 0.

Input comes by the console UART's receive interrupt (kernel/console.c):
idle at its prompt the shell's thread is not woken at all (its switch
count, read with threads, grows only by the keys typed while hundreds of
ticks pass; a shell polling once a tick grows by one a tick), input typed
while the system boots is not lost, and pasted lines, each in one
write and many at once, arrive whole and in order (mem tells what the
interrupt brought).  QEMU runs without -icount, in real time, so top
refreshes every real second.  Speaks ktest's protocol for
tools/run_tests.py.
"""
import os
import random
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from toolcase import case, finish  # noqa: E402

PROMPT = "kestrel> "
STEP_TIMEOUT = 10.0


class Console:
    """QEMU with its serial port on our pipes; output gathered by a thread."""

    def __init__(self, command):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.text = ""
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                return
            with self.lock:
                self.text += chunk.decode("utf-8", "replace").replace("\r\n", "\n")

    def output(self):
        with self.lock:
            return self.text

    def send(self, data):
        self.proc.stdin.write(data if isinstance(data, bytes) else data.encode())
        self.proc.stdin.flush()

    def wait_for(self, what, start, count=1, timeout=STEP_TIMEOUT):
        """Waits until `what` appears count times after offset start;
        returns the text from start, or None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.output()[start:]
            if text.count(what) >= count:
                return text
            if self.proc.poll() is not None:
                break
            time.sleep(0.01)
        return None

    def command(self, data, timeout=STEP_TIMEOUT):
        """Types data, returns what the shell answered up to its next
        prompt (None if it never came back)."""
        start = len(self.output())
        self.send(data)
        text = self.wait_for(PROMPT, start, timeout=timeout)
        return None if text is None else text[:text.index(PROMPT)]

    def close(self):
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode


def answered(name, reply, *wanted, unwanted=()):
    if reply is None:
        case(name, False, "no prompt came back")
        return
    missing = [w for w in wanted if w not in reply]
    present = [u for u in unwanted if u in reply]
    case(name, not missing and not present,
         f"missing {missing}, unexpected {present}; reply: {reply[-400:]!r}")


def main():
    argv = sys.argv[1:]
    if "--elf" not in argv or "--" not in argv:
        print(__doc__)
        sys.exit(2)
    elf = argv[argv.index("--elf") + 1]
    console = Console(argv[argv.index("--") + 1:] + ["-kernel", elf])
    try:
        run(console)
    finally:
        if console.proc.poll() is None:
            console.proc.kill()
    finish()


def thread_switches(reply, name):
    """(the named thread's switch count, the tick) from threads' reply,
    or None."""
    reply = (reply or "").replace("\r", "")
    row = re.search(rf"^\s*\d+\s+{name}\s+\d+\s+\w+\s+\d+\s+\d+\s+(?:\S+(?: \S+)?\s+)?"
                    r"(\d+)\s+\d+\s+\d+/\d+$", reply, re.M)
    tick = re.search(r"threads at tick (\d+);", reply)
    return (int(row.group(1)), int(tick.group(1))) if row and tick else None


def idle_wakeups(c):
    """The shell sits at its prompt for a while: its thread must not be
    woken meanwhile (only the keys of the second threads line count)."""
    first = c.command("threads\n")
    time.sleep(1.5)
    second = c.command("threads\n")
    a, b = thread_switches(first, "main"), thread_switches(second, "main")
    if a is None or b is None:
        case("idle_not_woken_by_the_tick", False, f"no main row or tick in {second!r}")
        return
    woken, ticks = b[0] - a[0], b[1] - a[1]
    # 100 ticks at least pass even on a loaded host, which coalesces
    # QEMU's ticks; a polling shell would have been woken once each.
    case("idle_not_woken_by_the_tick", ticks >= 100 and woken <= len("threads\n") + 2,
         f"main was switched in {woken} times in {ticks} ticks at the prompt")


def pasted(c):
    """Lines pasted in one write, each as long as a line may be: every
    character arrives, in order."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    word = "".join(alphabet[(i * 7) % len(alphabet)] for i in range(79))
    answered("pasted_line_whole", c.command(word + "\n"), f"unknown command '{word}'")

    lines = [(f"p{i:02d}" + word[i:] + word[:i])[:79] for i in range(24)]
    start = len(c.output())
    c.send("".join(line + "\n" for line in lines))
    text = c.wait_for(PROMPT, start, count=len(lines), timeout=30)
    got = re.findall(r"unknown command '([^']*)'", text or c.output()[start:])
    case("pasted_burst_whole_in_order", got == lines,
         f"{len(lines)} lines ({sum(len(x) + 1 for x in lines)} bytes) in one write; "
         f"{len(got)} answered, first wrong: "
         f"{next((g for g, w in zip(got, lines) if g != w), None)!r}")
    reply = (c.command("mem\n") or "").replace("\r", "")
    stats = re.search(r"Console input: by interrupt, (\d+)-byte ring\s+(\d+) interrupts brought "
                      r"(\d+) bytes; (\d+) read from the UART itself; ring full (\d+) times",
                      reply)
    case("mem_console_by_interrupt", stats is not None and int(stats.group(2)) > 0
         and int(stats.group(3)) > 0, f"reply: {reply!r}")
    if stats:
        print(f"# console input: {stats.group(2)} interrupts brought {stats.group(3)} bytes, "
              f"{stats.group(4)} read directly, ring ({stats.group(1)} bytes) full "
              f"{stats.group(5)} times")


def run(c):
    # Typed while the system boots, before or just after the shell first
    # waits for input (before its receive interrupt is on, bytes wait in
    # the UART, and QEMU): they are read all the same.  The banner shows
    # the UART is set up (QEMU's STM32 USART drops bytes until it is).
    case("banner", c.wait_for("Kestrel", 0) is not None, f"output: {c.output()[-300:]!r}")
    c.send("help kill\n")
    case("prompt", c.wait_for(PROMPT, 0) is not None, f"output: {c.output()[-300:]!r}")
    case("typed_during_boot",
         c.wait_for("kill <pid>", 0) is not None and c.wait_for(PROMPT, 0, count=2) is not None,
         f"output: {c.output()[-300:]!r}")
    idle_wakeups(c)
    pasted(c)

    answered("help", c.command("help\n"), "ps", "threads", "top", "spawn", "kill", "mem", "trace",
             "exit", "Ctrl-U")
    answered("help_one", c.command("help kill\n"), "kill <pid>")
    answered("ps", c.command("ps\n"), "PID", "PPID", "kernel", "`- init", "code", "data",
             "heap", "stacks")
    # The logger waits on its queue but for a moment per message: a
    # listing taken in that moment shows it ready, so it is asked again.
    for _ in range(5):
        reply = c.command("threads\n")
        if reply is None or "queue receive" in reply:
            break
    answered("threads", reply, "TID", "idle", "main", "sensor", "logger", "crunch",
             "queue receive", "STACK USED")
    answered("mem", c.command("mem\n"), "threads + stacks", "mutexes", "Heap", "in use",
             "Thread stacks")
    # On a board with little RAM the shell's ring is small and may hold
    # only the shell's and idle's own events: then fewer than 5 are shown.
    reply = c.command("trace 5\n")
    shown = re.search(r"The last (\d+) events \(of (\d+) recorded\)", reply)
    count = int(shown.group(1)) if shown else -1
    case("trace", shown is not None and 0 <= count <= 5 and int(shown.group(2)) > 0
         and (count == 0 or " ms  " in reply), f"reply: {reply!r}")

    start = len(c.output())
    c.send("top\n")
    shown = c.wait_for("top: ", start, count=1, timeout=5)
    c.send("x")
    back = c.wait_for(PROMPT, start, timeout=5)
    case("top_refreshes_until_a_key", shown is not None and back is not None
         and "idle" in back and "CPU" in back, f"output: {c.output()[start:][-400:]!r}")

    unknown = c.command("spawn nothing\n")
    if unknown is not None and "ERR_NOSYS" in unknown:
        # A core without an MPU (ARMv6-M): no processes at all.
        answered("spawn_refused_without_mpu", c.command("spawn counter\n"), "ERR_NOSYS")
        answered("kill_no_such_process", c.command("kill 2\n"), "ERR_NO_PROCESS")
    else:
        answered("spawn_unknown_image", unknown, "ERR_STALE", "images: counter")
        spawned = c.command("spawn counter\n")
        answered("spawn_counter", spawned, "'counter' is pid")
        pid = spawned.split("is pid ")[1].split()[0] if spawned and "is pid " in spawned else "0"
        answered("spawn_busy", c.command("spawn counter\n"), "ERR_BUSY")
        answered("ps_shows_the_process", c.command("ps\n"), f"{pid:>5}", "counter")
        answered("kill_process", c.command(f"kill {pid}\n"), f"pid {pid} killed")
        answered("kill_no_such_process", c.command(f"kill {pid}\n"), "ERR_NO_PROCESS")
    answered("kill_init_refused", c.command("kill 1\n"), "ERR_PERMISSION")
    answered("kill_not_a_number", c.command("kill abc\n"), "'abc' is not a number")
    answered("kill_out_of_range", c.command("kill 99999999999999999999\n"), "out of range")
    answered("kill_usage", c.command("kill\n"), "usage: kill <pid>")
    answered("trace_negative", c.command("trace -5\n"), "'-5' is not a number")
    answered("trace_too_many", c.command("trace 65\n"), "out of range")
    answered("trace_usage", c.command("trace 1 2\n"), "usage: trace [n]")
    answered("ps_usage", c.command("ps now\n"), "usage: ps")
    answered("unknown_command", c.command("frobnicate\n"), "unknown command 'frobnicate'")
    answered("too_many_words", c.command("help a b c d e f g h\n"), "too many words")
    answered("empty_line", c.command("   \n"), unwanted=("error",))

    answered("overlong_line", c.command("x" * 300 + "\n"), "line too long")
    answered("control_bytes", c.command(b"he\x01\x02lp\n"), "control or non-ASCII",
             unwanted=("this list",))
    answered("non_ascii", c.command(b"\xff\xfe\x80help\n"), "control or non-ASCII",
             unwanted=("this list",))
    # The arrow keys: Left and Right are ignored; Up and Down walk the
    # lines run before (the refused ones above are not among them).
    answered("left_right_ignored", c.command(b"\x1b[Dhe\x1b[Clp\n"), "this list",
             unwanted=("error",))
    answered("history_setup", c.command(b"ps\n"), "PPID")
    answered("up_recalls_the_last_line", c.command(b"\x1b[A\n"), "PPID",
             unwanted=("error",))
    answered("history_setup_2", c.command(b"help\n"), "this list")
    answered("up_twice_goes_further_back", c.command(b"\x1bOA\x1bOA\n"), "PPID",
             unwanted=("error", "this list"))
    # The history now ends ps, help, ps.
    answered("down_comes_back", c.command(b"\x1b[A\x1b[A\x1b[A\x1b[B\n"), "this list",
             unwanted=("error", "PPID"))
    answered("down_past_the_newest_is_empty", c.command(b"\x1b[A\x1b[Bhelp\n"), "this list",
             unwanted=("error",))
    # Ctrl-L clears the screen and draws the prompt and the line again.
    start = len(c.output())
    c.send(b"he\x0clp\n")
    text = c.wait_for("this list", start)
    case("ctrl_l_redraws", text is not None and "\x1b[2J" + PROMPT + "help" in text
         and c.wait_for(PROMPT, start + text.index("this list")) is not None,
         f"{c.output()[start:][-300:]!r}")
    answered("ctrl_c_cancels", c.command(b"threads\x03"), "^C", unwanted=("TID",))
    answered("ctrl_u_erases", c.command(b"garbage\x15help\n"), "this list",
             unwanted=("unknown",))
    answered("backspace", c.command(b"helpx\x7f\n"), "this list")
    answered("backspace_bs", c.command(b"hepp\x08\x08lp\n"), "this list")
    answered("nul_bytes", c.command(b"\x00\x00ps\x00\n"), "control or non-ASCII",
             unwanted=("PPID",))

    # Random bytes, then Ctrl-C twice (the first may end an escape
    # sequence the junk began) and help.  Every byte is echoed or
    # refused, so this step is given longer.
    rng = random.Random(9)
    junk = bytes(rng.randrange(256) for _ in range(600))
    start = len(c.output())
    c.send(junk + b"\x03\x03help\n")
    text = c.wait_for("this list", start, timeout=30)
    ok = text is not None and c.wait_for(
        PROMPT, start + text.index("this list"), timeout=5) is not None
    case("random_bytes_survived", ok, f"after 600 random bytes: {c.output()[start:][-300:]!r}")

    answered("exit", c.command("exit\n", timeout=3) or c.output()[-50:], "bye")
    status = c.close()
    case("exit_status", status == 0, f"QEMU exited with {status}")


if __name__ == "__main__":
    main()
